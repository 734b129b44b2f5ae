"""A person's own account: their profile, and erasing their personal data."""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spp.core import personal_data
from spp.core.models import IdempotencyRecord, Membership, User
from spp.core.services import erasure
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
    """Erase a person's personal data (RGPD article 17), in one transaction: each app deletes
    or pseudonymises its rows through its ``personal_data_erase`` (``spp.core.personal_data``;
    docs/privacy.md gives what happens to each kind), their sessions end, they leave their
    organisations, the profile is blanked and the account disabled; then what the audit log,
    the admin log and other people's notifications wrote about them is rewritten without their
    name, addresses and phone (``erasure``). The account's row stays, nameless: the ledger's
    pseudonym and the acts it still signs (a staff decision, a shared journey) point to it."""
    with transaction.atomic():
        _refuse_leaving_an_organisation_without_admin(user)
        strong, weak = erasure.person_identifiers(user)
        personal_data.personal_data_erase_in_apps(user)
        erasure.sessions_end(user=user)
        Membership.objects.filter(user=user).delete()
        IdempotencyRecord.objects.filter(user=user).delete()
        erasure.sign_in_accounts_delete(user=user)
        user.first_name = user.last_name = user.phone = ""
        user.email = f"efface-{user.pk}@invalid.spp"
        user.commune = None
        user.is_active = False
        user.erased_at = timezone.now()
        user.unread_notification_count = 0
        user.set_unusable_password()
        user.save()
        label = user.public_name
        erasure.notifications_redact_person(user=user, strong=strong, label=label)
        erasure.audit_redact_person(user=user, strong=strong, weak=weak, label=label)
        erasure.admin_log_redact_person(user=user, strong=strong, weak=weak, label=label)
        audit_record(actor=None, action="user.erase", data={"user_id": user.pk})


def _refuse_leaving_an_organisation_without_admin(user: User) -> None:
    """An organisation must keep an admin (``members``): the person who is the only admin of
    one is asked to name another before their account is erased. The admin rows of those
    organisations are locked (by id, as ``members`` locks them), so that two admins erasing
    their accounts at once cannot both leave."""
    administered = Membership.objects.filter(user=user, role=Membership.Role.ADMIN)
    organisation_ids = list(administered.values_list("organisation_id", flat=True))
    if not organisation_ids:
        return
    admins = (
        Membership.objects.select_for_update(of=("self",))
        .filter(organisation_id__in=organisation_ids, role=Membership.Role.ADMIN)
        .order_by("pk")
        .values_list("organisation_id", "user_id", "organisation__name")
    )
    admins_by_organisation, names = defaultdict(set), {}
    for organisation_id, admin_id, name in admins:
        admins_by_organisation[organisation_id].add(admin_id)
        names[organisation_id] = name
    alone = sorted(names[organisation_id]
                   for organisation_id, admin_ids in admins_by_organisation.items()
                   if admin_ids == {user.pk})
    if alone:
        raise ValidationError(
            _("Vous êtes le seul administrateur de « %(names)s » : nommez un autre "
              "administrateur dans la gestion des membres avant d’effacer votre compte.")
            % {"names": "», « ".join(alone)},
            code="last_admin",
        )
