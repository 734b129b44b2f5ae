from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    """An app only so that allauth's provider registry finds ``provider.py`` (it looks for
    ``<app>.provider`` in every installed app); it has no table of its own."""

    name = "spp.core.identity"
    label = "identity"
    verbose_name = _("Identité (FranceConnect, ProConnect)")

    def ready(self) -> None:
        from allauth.account.signals import user_logged_in

        from spp.core.identity.logout import remember_provider_session

        user_logged_in.connect(remember_provider_session, dispatch_uid="spp_identity_login")

    # What allauth holds about a person's linked identities, for core's export and erasure
    # (spp/core/personal_data.py explains these two methods).

    def personal_data_export(self, user) -> dict:
        from spp.core.identity.personal_data import personal_data_sections

        return personal_data_sections(user)

    def personal_data_erase(self, user) -> None:
        from spp.core.identity.personal_data import personal_data_erase

        personal_data_erase(user)
