from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CarpoolConfig(AppConfig):
    name = "spp.carpool"
    label = "carpool"
    verbose_name = _("Lignes de covoiturage")

    # What the app holds about a person, for core's export and erasure
    # (spp/core/personal_data.py explains these two methods).

    def retention_purges(self) -> list:
        """What this app keeps for a period only (spp/core/retention.py)."""
        from spp.carpool.retention import PURGES

        return PURGES

    def personal_data_export(self, user) -> dict:
        from spp.carpool.personal_data import personal_data_sections

        return personal_data_sections(user)

    def personal_data_erase(self, user) -> None:
        from spp.carpool.personal_data import personal_data_erase

        personal_data_erase(user)
