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


@task()
def send_invitation_email(invitation_id: int) -> None:
    """Email an organisation's invitation to someone with no account yet. Sent only while the
    invitation is pending (a cancelled one sends nothing)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from spp.core.models import Invitation

    invitation = Invitation.objects.select_related("organisation").filter(pk=invitation_id).first()
    if invitation is None or not invitation.is_pending:
        return
    link = settings.SITE_URL + reverse("core:invitation_open", args=[invitation.token])
    send_mail(
        subject="[SPP] " + _("Invitation à rejoindre %(organisation)s")
        % {"organisation": invitation.organisation.name},
        message=_(
            "Vous êtes invité(e) à rejoindre %(organisation)s sur la plateforme, avec le rôle "
            "« %(role)s ».\n\nCréez votre compte avec cette adresse, puis ouvrez ce lien "
            "(valable jusqu’au %(expires)s) :\n%(link)s"
        )
        % {
            "organisation": invitation.organisation.name,
            "role": invitation.get_role_display(),
            "expires": invitation.expires_at.strftime("%d/%m/%Y"),
            "link": link,
        },
        from_email=None,
        recipient_list=[invitation.email],
    )


@task()
def build_personal_data_export(export_id: int) -> None:
    """Build the ZIP of a person's data asked for on their profile, then tell them. The
    expired exports of everyone are removed on the way. Idempotent (see the service)."""
    from spp.core.models import PersonalDataExport
    from spp.core.services.personal_data_exports import (
        personal_data_export_build,
        personal_data_exports_purge,
    )

    try:
        personal_data_export_build(export_id=export_id)
    except Exception:
        # The person may ask again (only a pending export blocks a new one).
        PersonalDataExport.objects.filter(
            pk=export_id, status=PersonalDataExport.Status.PENDING
        ).update(status=PersonalDataExport.Status.FAILED)
        raise
    personal_data_exports_purge()


@task()
def retention_purge_task() -> dict:
    """Purge every kind of personal data kept past its period (spp/core/retention.py); the
    scheduler runs it daily (spp/ops/scheduling.py). Idempotent: a second run finds nothing."""
    from spp.core.retention import retention_purge

    return retention_purge()
