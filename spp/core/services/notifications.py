"""A person's notifications: sent (stored now, emailed after commit) and read."""

from django.db import transaction
from django.db.models import Count, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from spp.core.models import Notification, User


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
