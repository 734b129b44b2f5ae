from django.apps import AppConfig


class RostersConfig(AppConfig):
    name = "spp.rosters"
    label = "rosters"

    def ready(self):
        from django.db.models.signals import post_delete

        from spp.rosters.models import Assignment
        from spp.rosters.services.common import assignment_deleted

        # A live place deleted with its person (or by the admin) frees its need's counter.
        post_delete.connect(assignment_deleted, sender=Assignment,
                            dispatch_uid="rosters.assignment_deleted")
