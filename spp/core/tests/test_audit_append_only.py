"""The audit log is append-only in the database itself (migration
``core.0010_audit_log_append_only``): deletes and rewrites are refused, through the ORM and in
raw SQL, on SQLite and on PostgreSQL; the erasure's redaction (text columns with
``redacted_at`` moved forward) and ``SET_NULL`` when a person is deleted still go through."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from spp.core.models import AuditLogEntry
from spp.core.services import audit_record
from spp.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    return audit_record(actor=UserFactory(), action="core.branding.update", reason="Couleurs")


def _refused(write):
    with pytest.raises(IntegrityError, match="ajout seul"), transaction.atomic():
        write()


def test_the_database_refuses_to_delete_an_entry(entry):
    _refused(lambda: AuditLogEntry.objects.filter(pk=entry.pk).delete())
    _refused(entry.delete)
    with connection.cursor() as cursor:
        _refused(lambda: cursor.execute("DELETE FROM core_auditlogentry"))
    assert AuditLogEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize("change", [
    {"action": "core.other"},
    {"reason": "Autre motif"},
    {"target_repr": "Autre objet"},
    {"data": {"forged": True}},
    {"created_at": timezone.now() - timedelta(days=3)},
    {"actor": None, "reason": "sans auteur"},
])
def test_the_database_refuses_to_rewrite_an_entry(entry, change):
    _refused(lambda: AuditLogEntry.objects.filter(pk=entry.pk).update(**change))
    for name, value in change.items():
        setattr(entry, name, value)
    _refused(entry.save)
    entry.refresh_from_db()
    assert (entry.action, entry.reason) == ("core.branding.update", "Couleurs")


def test_raw_sql_cannot_rewrite_an_entry_nor_move_its_redaction_back(entry):
    with connection.cursor() as cursor:
        _refused(lambda: cursor.execute(
            "UPDATE core_auditlogentry SET reason = %s WHERE id = %s", ["faux", entry.pk]))
    AuditLogEntry.objects.filter(pk=entry.pk).update(reason="X", redacted_at=timezone.now())
    _refused(lambda: AuditLogEntry.objects.filter(pk=entry.pk).update(
        reason="Y", redacted_at=timezone.now() - timedelta(days=1)))
    _refused(lambda: AuditLogEntry.objects.filter(pk=entry.pk).update(redacted_at=None))


def test_a_redaction_rewrites_the_texts_and_dates_itself(entry):
    now = timezone.now()
    AuditLogEntry.objects.filter(pk=entry.pk).update(
        reason="Participant 1A2B", target_repr="", data={}, redacted_at=now)
    later = now + timedelta(seconds=1)
    AuditLogEntry.objects.filter(pk=entry.pk).update(reason="Participant 3C4D", redacted_at=later)
    entry.refresh_from_db()
    assert (entry.reason, entry.redacted_at) == ("Participant 3C4D", later)


def test_a_deleted_person_leaves_their_entries_without_an_author(entry):
    entry.actor.delete()
    entry.refresh_from_db()
    assert entry.actor is None and entry.action == "core.branding.update"


def test_the_guard_is_installed_on_this_database():
    """Not only the one the suite usually runs on: CI runs it on both."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = "
                           "'core_auditlogentry'::regclass AND NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                           "AND tbl_name = 'core_auditlogentry'")
        assert cursor.fetchall()
