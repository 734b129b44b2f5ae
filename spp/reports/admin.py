from django.contrib import admin

from spp.reports.models import Category, Report, ReportEvent, ServiceSettings


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


@admin.register(ServiceSettings)
class ServiceSettingsAdmin(admin.ModelAdmin):
    list_display = ["service", "confirm_visitor_reports"]
