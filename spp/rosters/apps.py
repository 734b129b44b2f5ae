from django.apps import AppConfig


class RostersConfig(AppConfig):
    name = "spp.rosters"
    label = "rosters"

    # What the rosters app holds about a person, for core's export
    # (spp/core/personal_data.py explains this method).

    def retention_purges(self) -> list:
        """What this app keeps for a period only (spp/core/retention.py)."""
        from spp.rosters.retention import PURGES

        return PURGES

    def personal_data_export(self, user) -> dict:
        from spp.rosters.personal_data import personal_data_sections

        return personal_data_sections(user)

    def personal_data_erase(self, user) -> None:
        from spp.rosters.erasure import personal_data_erase

        personal_data_erase(user)

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from spp.rosters.models import Assignment, Escalation, ShiftNeed
        from spp.rosters.services.common import (
            assignment_deleted,
            escalation_changed,
            need_changed,
        )

        # A live place deleted with its person (or by the admin) frees its need's counter.
        post_delete.connect(assignment_deleted, sender=Assignment,
                            dispatch_uid="rosters.assignment_deleted")
        # A need or an escalation written one by one recounts its shift's places missing.
        for signal in (post_save, post_delete):
            signal.connect(need_changed, sender=ShiftNeed,
                           dispatch_uid=f"rosters.need_changed.{signal is post_save}")
            signal.connect(escalation_changed, sender=Escalation,
                           dispatch_uid=f"rosters.escalation_changed.{signal is post_save}")
