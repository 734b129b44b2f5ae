from django.contrib import admin

from spp.catalog.models import (
    Charter,
    Enrolment,
    Incident,
    Participation,
    Qualification,
    QualificationType,
    Service,
)
from spp.catalog.services import service_participant_counts_recount

admin.site.register([Service, Charter, Incident, Qualification, QualificationType])


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    """For superusers' corrections. A change made here does not pass by the enrolment
    services, so the service's kept counts (active, pending) are counted again after it, in
    the admin's own transaction."""

    list_display = ["user", "service", "status", "created_at"]
    list_filter = ["status", "service"]
    raw_id_fields = ["user", "approved_by"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        service_participant_counts_recount(service_ids=[obj.service_id])

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        service_participant_counts_recount(service_ids=[obj.service_id])

    def delete_queryset(self, request, queryset):
        service_ids = list(queryset.values_list("service_id", flat=True).distinct())
        super().delete_queryset(request, queryset)
        if service_ids:
            service_participant_counts_recount(service_ids=service_ids)


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["occurred_at", "pseudonym", "service", "kind", "quantity", "unit"]
    list_filter = ["kind", "service"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
