from django.contrib import admin

from spp.reports.models import Category, Report, ReportEvent
from spp.reports.services import lists_changed


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "service", "organisation", "team", "target_days", "is_active"]
    list_filter = ["service", "is_active"]
    search_fields = ["name", "code"]


class ReportEventInline(admin.TabularInline):
    model = ReportEvent
    extra = 0
    readonly_fields = ["kind", "from_status", "to_status", "body", "public", "actor", "created_at"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["reference", "category", "status", "created_at", "support_count"]
    list_filter = ["status", "service"]
    search_fields = ["reference"]
    raw_id_fields = ["duplicate_of", "reporter"]
    readonly_fields = ["reference"]
    inlines = [ReportEventInline]

    # Edits here bypass services.py: they make the cached queue and Open311 lists stale too.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        lists_changed(obj.service_id)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        lists_changed(obj.service_id)

    def delete_queryset(self, request, queryset):
        service_ids = set(queryset.values_list("service_id", flat=True))
        super().delete_queryset(request, queryset)
        for service_id in service_ids:
            lists_changed(service_id)
