"""Every write to the core tables. The other apps call ``audit_record`` to log a consequential
act and ``notification_send`` to tell someone (the participation ledger is written through
``spp.catalog.services``)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from spp.core import permissions, personal_data
from spp.core.models import (
    AuditLogEntry,
    CacheVersion,
    Membership,
    Notification,
    Organisation,
    User,
)


def audit_record(
    *,
    actor: User | None,
    action: str,
    target=None,
    organisation=None,
    reason: str = "",
    data: dict | None = None,
) -> AuditLogEntry:
    """Append one row to the audit log. Called inside the caller's transaction, so the log
    and the change it describes are written together or not at all."""
    return AuditLogEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        organisation=organisation,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:255] if target is not None else "",
        reason=reason,
        data=data or {},
    )


def notification_send(
    *, recipient: User, title: str, body: str = "", url: str = ""
) -> Notification:
    """Create the in-app notification now and send its email copy after commit, via a task,
    so that a slow mail server never blocks a request. The person's unread count moves in the
    same transaction."""
    with transaction.atomic():
        notification = Notification.objects.create(
            recipient=recipient, title=title[:200], body=body, url=url
        )
        User.objects.filter(pk=recipient.pk).update(
            unread_notification_count=F("unread_notification_count") + 1
        )
    if recipient.email_notifications and recipient.is_active and recipient.erased_at is None:
        from spp.core.tasks import send_notification_email

        transaction.on_commit(lambda: send_notification_email.enqueue(notification.pk))
    return notification


def notification_mark_read(*, user: User, notification_ids: list[int] | None = None) -> int:
    """Mark the person's unread notifications read (those of ``notification_ids`` only, when
    given), and lower their unread count by as many in the same transaction: a notification
    marked read twice at once is updated by one of the two only (``read_at IS NULL``). The
    count never goes below zero, even for notifications written past notification_send."""
    queryset = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        queryset = queryset.filter(pk__in=notification_ids)
    with transaction.atomic():
        marked = queryset.update(read_at=timezone.now())
        if marked:
            User.objects.filter(pk=user.pk).update(
                unread_notification_count=Greatest(F("unread_notification_count") - marked, 0)
            )
    user.unread_notification_count = max(user.unread_notification_count - marked, 0)
    return marked


def notification_unread_recount(*, user_ids) -> None:
    """Count each person's unread notifications again (``user_ids``), for the writers that
    insert notifications in bulk past ``notification_send`` (the benchmark's generator)."""
    User.objects.filter(pk__in=user_ids).update(unread_notification_count=Coalesce(
        Subquery(Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
                 .order_by().values("recipient").annotate(count=Count("*")).values("count")),
        Value(0)))


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


def organisation_update_branding(
    *,
    actor: User,
    organisation: Organisation,
    primary_colour: str,
    accent_colour: str,
    logo=None,
    clear_logo: bool = False,
) -> Organisation:
    """Change an organisation's brand; only its admins may."""
    if not permissions.is_admin_of(actor, organisation.pk):
        raise PermissionDenied
    organisation.primary_colour, organisation.accent_colour = primary_colour, accent_colour
    if clear_logo:
        organisation.logo = ""
    elif logo is not None:
        organisation.logo = logo
    organisation.full_clean()
    with transaction.atomic():
        organisation.save(update_fields=["primary_colour", "accent_colour", "logo"])
        audit_record(
            actor=actor,
            action="organisation.branding",
            target=organisation,
            organisation=organisation,
            data={"primary_colour": primary_colour, "accent_colour": accent_colour},
        )
    return organisation


def membership_set(
    *, actor: User | None, organisation: Organisation, user: User, role: str
) -> Membership:
    """Give ``user`` a role in ``organisation`` (admins only; ``actor=None`` for setup scripts)."""
    if actor is not None and not permissions.is_admin_of(actor, organisation.pk):
        raise PermissionDenied
    with transaction.atomic():
        membership, _ = Membership.objects.update_or_create(
            user=user, organisation=organisation, defaults={"role": role}
        )
        audit_record(
            actor=actor,
            action="membership.set",
            target=membership,
            organisation=organisation,
            data={"role": role},
        )
    return membership


def cache_version_bump(*, name: str) -> None:
    """Move the version of the cached fragments called ``name`` (``models.CacheVersion``).
    Call it inside the transaction of the write that changes what they show: the new number
    and the new rows commit together. ``F()`` makes concurrent bumps add up."""
    if CacheVersion.objects.filter(name=name).update(number=F("number") + 1):
        return
    _, created = CacheVersion.objects.get_or_create(name=name, defaults={"number": 1})
    if not created:  # another transaction created it meanwhile: count this bump too
        CacheVersion.objects.filter(name=name).update(number=F("number") + 1)
