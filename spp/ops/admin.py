"""The scheduler's jobs in the Django admin: shown, never edited (a scheduler moves each row
forward as it enqueues; the jobs themselves are declared in spp/ops/scheduling.py)."""

from django.contrib import admin

from spp.ops.models import ScheduledJob


@admin.register(ScheduledJob)
class ScheduledJobAdmin(admin.ModelAdmin):
    list_display = ["name", "last_slot", "last_enqueued_at", "last_task_id"]
    readonly_fields = list_display

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
