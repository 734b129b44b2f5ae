from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "spp.core"
    label = "core"
    verbose_name = _("Socle de la plateforme")

    def ready(self):
        from spp.core import audit_pages, person_pages
        from spp.core.auth_backends import connect_signals

        connect_signals()
        audit_pages.connect_signals()
        person_pages.connect_signals()  # the person's own cached pages
