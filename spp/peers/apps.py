from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeersConfig(AppConfig):
    name = "spp.peers"
    label = "peers"
    verbose_name = _("Accompagnement par des pairs")

    def ready(self):
        from spp.peers import checks  # noqa: F401 - registers the health-data host check

    # What the app holds about a person, for core's export and erasure
    # (spp/core/personal_data.py explains these two methods).

    def retention_purges(self) -> list:
        """What this app keeps for a period only (spp/core/retention.py)."""
        from spp.peers.retention import PURGES

        return PURGES

    def personal_data_export(self, user) -> dict:
        from spp.peers.personal_data import personal_data_sections

        return personal_data_sections(user)

    def personal_data_erase(self, user) -> None:
        from spp.peers.personal_data import personal_data_erase

        personal_data_erase(user)
