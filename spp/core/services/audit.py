"""The audit log: one row per consequential act, written inside the act's transaction."""

from spp.core.models import AuditLogEntry, User


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
