from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operations: the scheduler of periodic jobs, data at scale, benchmark hooks, drills."""

    name = "spp.ops"
    label = "ops"
    verbose_name = "Exploitation"
