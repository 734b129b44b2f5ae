"""Core's retention purges (spp/core/retention.py runs them; periods in
settings.SPP_RETENTION_DAYS, explained in docs/privacy.md's register)."""

from django.db.models import Q

from spp.core.retention import Purge, delete_in_batches


def notifications_purge(*, before, now, dry_run: bool) -> int:
    """Notifications, read or not, older than the period: their message has been delivered."""
    from spp.core.models import Notification

    return delete_in_batches(Notification.objects.filter(created_at__lt=before),
                             dry_run=dry_run)


def sessions_purge(*, before, now, dry_run: bool) -> int:
    """Sessions expired before ``before`` (Django's ``clearsessions``, in batches): a signed-out
    browser's session row still names the person and what they typed at sign-in."""
    from spp.core.models import PersonSession

    return delete_in_batches(PersonSession.objects.filter(expire_date__lt=before),
                             dry_run=dry_run)


def personal_data_exports_purge(*, before, now, dry_run: bool) -> int:
    """Personal-data ZIPs expired before ``before``, with their files."""
    from spp.core.models import PersonalDataExport
    from spp.core.services.personal_data_exports import personal_data_export_delete

    expired = PersonalDataExport.objects.filter(expires_at__lte=before)
    if dry_run:
        return expired.count()
    count = 0
    for export in expired.iterator(chunk_size=100):
        personal_data_export_delete(export=export)
        count += 1
    return count


def invitations_purge(*, before, now, dry_run: bool) -> int:
    """Invitations answered, cancelled or expired longer ago than the period: the address of
    someone who may never have made an account."""
    from spp.core.models import Invitation

    done = (Q(expires_at__lt=before) | Q(accepted_at__lt=before) | Q(cancelled_at__lt=before))
    return delete_in_batches(Invitation.objects.filter(done), dry_run=dry_run)


def idempotency_records_purge(*, before, now, dry_run: bool) -> int:
    """Stored answers to API writes (they may name people), kept as long as a client may
    retry."""
    from spp.core.models import IdempotencyRecord

    return delete_in_batches(IdempotencyRecord.objects.filter(created_at__lt=before),
                             dry_run=dry_run)


PURGES = [
    Purge("notifications", notifications_purge),
    Purge("sessions", sessions_purge),
    Purge("personal_data_exports", personal_data_exports_purge),
    Purge("invitations", invitations_purge),
    Purge("idempotency_records", idempotency_records_purge),
]
