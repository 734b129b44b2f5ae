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

admin.site.register([Service, Charter, Enrolment, Incident, Qualification, QualificationType])


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["occurred_at", "pseudonym", "service", "kind", "quantity", "unit"]
    list_filter = ["kind", "service"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
