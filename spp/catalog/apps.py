from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "spp.catalog"
    label = "catalog"
    verbose_name = _("Catalogue des services")

    # What the catalog holds about a person, for core's export and erasure
    # (spp/core/personal_data.py explains these two methods). Imports inside: the app
    # registry reads this class before any model exists.

    def personal_data_export(self, user) -> dict:
        from spp.catalog.personal_data import personal_data_sections

        return personal_data_sections(user)

    def personal_data_erase(self, user) -> None:
        from spp.catalog.personal_data import personal_data_erase

        personal_data_erase(user)
