from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "spp.catalog"
    label = "catalog"
    verbose_name = _("Catalogue des services")

    def ready(self):
        from spp.catalog import page_scopes

        page_scopes.connect()  # the cached back-office lists stay exact (manage_pages.py)
