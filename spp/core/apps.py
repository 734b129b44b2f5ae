from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "spp.core"
    label = "core"
    verbose_name = _("Socle de la plateforme")

    def ready(self):
        from allauth.account.signals import email_confirmed, user_logged_in
        from django.db.models.signals import post_delete, post_save

        from spp.core import checks  # noqa: F401 - registers core's system checks
        from spp.core.models import Organisation
        from spp.core.services.members import on_email_confirmed, on_user_logged_in
        from spp.core.services.organisations import brand_forget

        # The brand every page shows is cached until an organisation changes.
        post_save.connect(brand_forget, sender=Organisation, dispatch_uid="core.brand_saved")
        post_delete.connect(brand_forget, sender=Organisation, dispatch_uid="core.brand_deleted")
        # An invitation to an address becomes a role once the address is verified.
        email_confirmed.connect(on_email_confirmed, dispatch_uid="core.invitations_confirmed")
        user_logged_in.connect(on_user_logged_in, dispatch_uid="core.invitations_logged_in")
        # Setting up an authenticator app proves it: the session has passed the second factor.
        from allauth.mfa.signals import authenticator_added, authenticator_removed

        from spp.core.second_factor import (
            forget_second_factor_removed,
            record_second_factor_activated,
        )

        authenticator_added.connect(record_second_factor_activated,
                                    dispatch_uid="core.second_factor_activated")
        authenticator_removed.connect(forget_second_factor_removed,
                                      dispatch_uid="core.second_factor_removed")

    def retention_purges(self) -> list:
        """What core keeps for a period only (spp/core/retention.py explains this method)."""
        from spp.core.retention_core import PURGES

        return PURGES

    # (spp/core/personal_data.py explains this method.)

    def personal_data_erase(self, user) -> None:
        """Invitations sent to the person's addresses go with their data."""
        from spp.core.models import Invitation

        addresses = [user.email, *user.emailaddress_set.values_list("email", flat=True)]
        for address in addresses:
            Invitation.objects.filter(email__iexact=address).delete()
