"""A person's own account: their profile, and erasing their personal data."""

from django.db import transaction
from django.utils import timezone

from spp.core import personal_data
from spp.core.models import User
from spp.core.services.audit import audit_record


def user_update_profile(
    *,
    user: User,
    first_name: str,
    last_name: str,
    phone: str,
    preferred_language: str,
    email_notifications: bool,
    commune=None,
) -> User:
    user.first_name, user.last_name, user.phone = first_name, last_name, phone
    user.preferred_language, user.email_notifications = preferred_language, email_notifications
    user.commune = commune
    user.full_clean(exclude=["password", "email"])
    user.save(
        update_fields=[
            "first_name",
            "last_name",
            "phone",
            "preferred_language",
            "email_notifications",
            "commune",
        ]
    )
    return user


def user_erase(*, user: User) -> None:
    """Erase a person's personal data: the profile here, and what the other apps hold through
    their ``personal_data_erase`` (``spp.core.personal_data``): the catalog's ledger rows keep
    their pseudonym and lose the link."""
    with transaction.atomic():
        personal_data.personal_data_erase_in_apps(user)
        user.first_name = user.last_name = user.phone = ""
        user.email = f"efface-{user.pk}@invalid.spp"
        user.is_active = False
        user.erased_at = timezone.now()
        user.set_unusable_password()
        user.save()
        user.emailaddress_set.all().delete()
        audit_record(actor=None, action="user.erase", data={"user_id": user.pk})
