"""The person's downloadable copy of their data (``spp.core.personal_data``): asked for on the
profile, built by a task (``tasks.build_personal_data_export``), then downloadable by its owner
until it expires."""

import tempfile
from datetime import timedelta

from django.core.files import File
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from spp.core.models import PersonalDataExport, User
from spp.core.personal_data import EXPORT_LIFETIME, personal_data_zip
from spp.core.services.audit import audit_record
from spp.core.services.notifications import notification_send

STALE_AFTER = timedelta(hours=1)


def personal_data_export_request(*, actor: User) -> PersonalDataExport:
    """Ask for a new ZIP of the person's data. One is prepared at a time (the database's
    constraint): asking again while one is being prepared returns that one."""
    pending = PersonalDataExport.objects.filter(
        user=actor, status=PersonalDataExport.Status.PENDING
    ).first()
    if pending is not None:
        if pending.created_at > timezone.now() - STALE_AFTER:
            return pending
        # Its task never ran to the end (a worker lost): it no longer blocks a new one.
        PersonalDataExport.objects.filter(pk=pending.pk).update(
            status=PersonalDataExport.Status.FAILED
        )
    try:
        with transaction.atomic():
            export = PersonalDataExport.objects.create(user=actor)
            audit_record(
                actor=actor, action="personal_data.export_request", data={"export_id": export.pk}
            )
    except IntegrityError:  # a second click raced the first: theirs is the one
        return PersonalDataExport.objects.get(user=actor, status=PersonalDataExport.Status.PENDING)
    from spp.core.tasks import build_personal_data_export

    transaction.on_commit(lambda: build_personal_data_export.enqueue(export.pk))
    return export


def personal_data_export_build(*, export_id: int) -> PersonalDataExport | None:
    """Write the ZIP of a pending export, mark it ready until ``EXPORT_LIFETIME`` from now,
    remove the person's older exports and tell them. Idempotent: an export that is no longer
    pending is left as it is (a retried task builds nothing twice)."""
    export = (
        PersonalDataExport.objects.select_related("user")
        .filter(pk=export_id, status=PersonalDataExport.Status.PENDING)
        .first()
    )
    if export is None:
        return None
    user = export.user
    with tempfile.TemporaryFile() as archive:
        personal_data_zip(user, archive)
        archive.seek(0)
        export.file.save(f"{export.token}.zip", File(archive), save=False)
    now = timezone.now()
    with transaction.atomic():
        updated = PersonalDataExport.objects.filter(
            pk=export.pk,
            status=PersonalDataExport.Status.PENDING,
        ).update(
            status=PersonalDataExport.Status.READY,
            file=export.file.name,
            ready_at=now,
            expires_at=now + EXPORT_LIFETIME,
        )
        if not updated:
            export.file.delete(save=False)
            return None
        older = list(PersonalDataExport.objects.filter(user=user).exclude(pk=export.pk))
        with override(user.preferred_language or None):
            notification_send(
                recipient=user,
                title=_("Vos données sont prêtes à télécharger"),
                body=_(
                    "L’archive de vos données peut être téléchargée depuis votre profil "
                    "pendant %(days)s jours."
                )
                % {"days": EXPORT_LIFETIME.days},
                url=reverse("core:profile") + "#mes-donnees",
            )
    for old in older:
        personal_data_export_delete(export=old)
    export.refresh_from_db()
    return export


def personal_data_export_delete(*, export: PersonalDataExport) -> None:
    """Remove an export and its file (an older one replaced, or an expired one)."""
    if export.file:
        export.file.delete(save=False)
    export.delete()


def personal_data_exports_purge(*, now=None) -> int:
    """Remove the expired exports and their files; how many were removed."""
    expired = PersonalDataExport.objects.filter(expires_at__lte=now or timezone.now())
    count = 0
    for export in expired:
        personal_data_export_delete(export=export)
        count += 1
    return count
