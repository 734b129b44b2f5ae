from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operations: data at scale, benchmark hooks, drills (no tables of its own)."""

    name = "spp.ops"
    label = "ops"
    verbose_name = "Exploitation"
