"""Retention (spp/core/retention.py): each of core's kinds of personal data is purged just
past its period and kept just inside it, at a fixed 'now' handed to the purge, so the tests
pass on any day. The apps test their own kinds (spp/<app>/tests/test_retention.py)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command

from spp.core.models import (
    IdempotencyRecord,
    Invitation,
    Notification,
    PersonalDataExport,
    PersonSession,
)
from spp.core.retention import registered_purges, retention_purge
from spp.core.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2027, 3, 10, 12, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


def _cutoff(settings, kind):
    return NOW - timedelta(days=settings.SPP_RETENTION_DAYS[kind])


def test_notifications_past_their_period_go_and_those_inside_stay(settings):
    cutoff, user = _cutoff(settings, "notifications"), UserFactory()
    old = Notification.objects.create(recipient=user, title="Ancienne", created_at=cutoff - MINUTE)
    kept = Notification.objects.create(recipient=user, title="Récente", created_at=cutoff + MINUTE)
    assert retention_purge(now=NOW)["notifications"] == 1
    assert list(Notification.objects.all()) == [kept]
    assert not Notification.objects.filter(pk=old.pk).exists()


def test_expired_sessions_go_and_live_ones_stay(settings):
    cutoff = _cutoff(settings, "sessions")
    PersonSession.objects.create(session_key="a" * 32, session_data="", expire_date=cutoff - MINUTE)
    PersonSession.objects.create(session_key="b" * 32, session_data="", expire_date=cutoff + MINUTE)
    assert retention_purge(now=NOW)["sessions"] == 1
    assert list(PersonSession.objects.values_list("session_key", flat=True)) == ["b" * 32]


def test_expired_personal_data_exports_go_with_their_files(settings):
    cutoff = _cutoff(settings, "personal_data_exports")
    user, other = UserFactory(), UserFactory()
    PersonalDataExport.objects.create(user=user, status="ready", expires_at=cutoff - MINUTE)
    kept = PersonalDataExport.objects.create(user=other, status="ready",
                                             expires_at=cutoff + MINUTE)
    assert retention_purge(now=NOW)["personal_data_exports"] == 1
    assert list(PersonalDataExport.objects.all()) == [kept]


def test_invitations_done_with_past_their_period_go(settings):
    cutoff, organisation = _cutoff(settings, "invitations"), OrganisationFactory()

    def invite(email, **dates):
        return Invitation.objects.create(organisation=organisation, email=email, role="agent",
                                         token=email, **{"expires_at": NOW, **dates})

    invite("expiree@exemple.fr", expires_at=cutoff - MINUTE)
    invite("acceptee@exemple.fr", accepted_at=cutoff - MINUTE)
    kept = invite("recente@exemple.fr", expires_at=cutoff + MINUTE)
    assert retention_purge(now=NOW)["invitations"] == 2
    assert list(Invitation.objects.all()) == [kept]


def test_stored_api_answers_go_once_no_client_may_retry(settings):
    cutoff = _cutoff(settings, "idempotency_records")
    IdempotencyRecord.objects.create(key="a", scope="s", created_at=cutoff - MINUTE)
    kept = IdempotencyRecord.objects.create(key="b", scope="s", created_at=cutoff + MINUTE)
    assert retention_purge(now=NOW)["idempotency_records"] == 1
    assert list(IdempotencyRecord.objects.all()) == [kept]


def test_a_second_run_finds_nothing_and_a_dry_run_changes_nothing(settings):
    cutoff, user = _cutoff(settings, "notifications"), UserFactory()
    for _ in range(3):
        Notification.objects.create(recipient=user, title="Ancienne", created_at=cutoff - MINUTE)
    assert retention_purge(now=NOW, dry_run=True)["notifications"] == 3
    assert Notification.objects.count() == 3
    assert retention_purge(now=NOW)["notifications"] == 3
    assert retention_purge(now=NOW)["notifications"] == 0


def test_purges_go_in_batches(settings, monkeypatch):
    monkeypatch.setattr("spp.core.retention.BATCH_SIZE", 2)
    cutoff, user = _cutoff(settings, "notifications"), UserFactory()
    for _ in range(5):
        Notification.objects.create(recipient=user, title="Ancienne", created_at=cutoff - MINUTE)
    assert retention_purge(now=NOW)["notifications"] == 5


def test_a_kind_without_a_period_is_kept(settings):
    settings.SPP_RETENTION_DAYS = {**settings.SPP_RETENTION_DAYS, "notifications": None}
    Notification.objects.create(recipient=UserFactory(), title="Très ancienne",
                                created_at=NOW - timedelta(days=5000))
    assert "notifications" not in retention_purge(now=NOW)
    assert Notification.objects.count() == 1


def test_every_purged_kind_has_a_period_or_its_own(settings):
    for purge in registered_purges():
        assert purge.own_period or purge.kind in settings.SPP_RETENTION_DAYS, purge.kind


def test_the_command_prints_each_kinds_count_and_the_dry_run_keeps_everything(capsys):
    Notification.objects.create(recipient=UserFactory(), title="Très ancienne",
                                created_at=NOW.replace(year=2000))
    call_command("retention_purge", "--dry-run")
    assert "notifications: would purge 1" in capsys.readouterr().out
    assert Notification.objects.count() == 1
    call_command("retention_purge")
    assert "notifications: purged 1" in capsys.readouterr().out
    assert Notification.objects.count() == 0


def test_the_task_runs_the_purge():
    from spp.core.tasks import retention_purge_task

    Notification.objects.create(recipient=UserFactory(), title="Très ancienne",
                                created_at=NOW.replace(year=2000))
    retention_purge_task.enqueue()
    assert Notification.objects.count() == 0
