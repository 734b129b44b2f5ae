from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImpactConfig(AppConfig):
    name = "spp.impact"
    label = "impact"
    verbose_name = _("Impact et transparence")

    # What the app holds about a person (their attestations), for core's export and erasure
    # (spp/core/personal_data.py explains these two methods).

    def personal_data_export(self, user) -> dict:
        from spp.impact.personal_data import personal_data_sections

        return personal_data_sections(user)

    def personal_data_erase(self, user) -> None:
        from spp.impact.personal_data import personal_data_erase

        personal_data_erase(user)
