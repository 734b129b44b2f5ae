"""Background work of the core app, run through Django's Tasks API."""

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task


@task()
def send_notification_email(notification_id: int) -> None:
    """Email a copy of an in-app notification. Idempotent: a retried run sends nothing twice."""
    from spp.core.models import Notification

    notification = (
        Notification.objects.select_related("recipient")
        .filter(pk=notification_id, emailed_at__isnull=True)
        .first()
    )
    if notification is None:
        return
    link = f"\n\n{settings.SITE_URL}{notification.url}" if notification.url else ""
    send_mail(
        subject=f"[SPP] {notification.title}",
        message=f"{notification.body}{link}",
        from_email=None,
        recipient_list=[notification.recipient.email],
    )
    Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
