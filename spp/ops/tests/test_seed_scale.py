import pytest
from django.core.management import call_command
from django.utils import timezone

from spp.catalog.models import Enrolment, Participation
from spp.core import bulk
from spp.core.models import User
from spp.ops.management.commands.seed_scale import app_generators
from spp.ops.scale_core import SCALE_DOMAIN


@pytest.fixture
def demo(db):
    from spp.ops.demo import seed_demo

    return seed_demo(log=lambda *a: None)


def test_seed_scale_adds_citizens_enrolments_and_ledger_rows_on_top_of_the_demo(demo, capsys):
    participations_before = Participation.objects.count()
    call_command("seed_scale", "--scale", "tiny", "--users", "40", "--participations", "300",
                 "--citizen-history", "20", "--audit", "10", "--notifications", "5",
                 "--only", "core")
    scale_users = User.objects.filter(email__endswith=f"@{SCALE_DOMAIN}")
    assert scale_users.count() == 40
    assert Enrolment.objects.filter(user__in=scale_users).count() >= 40
    assert Participation.objects.count() == participations_before + 300 + 20
    row = Participation.objects.filter(user__in=scale_users).select_related("user").first()
    assert row.pseudonym == row.user.pseudonym  # erasure keeps working on generated rows
    assert "seed_scale:" in capsys.readouterr().out


def test_seed_scale_runs_twice_and_skips_apps_without_a_generator(demo, capsys):
    for _ in range(2):
        call_command("seed_scale", "--scale", "tiny", "--users", "5", "--participations", "5")
    assert User.objects.filter(email__endswith=f"@{SCALE_DOMAIN}").count() == 10
    out = capsys.readouterr().out
    for label in [label for label, generate in app_generators() if generate is None]:
        assert f"{label}: skipped (no spp/{label}/scale.py)" in out


@pytest.mark.django_db
def test_bulk_insert_writes_every_row_and_keeps_the_sequence_usable():
    rows = ((f"bulk{i}@exemple.fr", "!", "", "", "", "fr", False, False, False, True,
             timezone.now()) for i in range(1200))
    fields = ["email", "password", "first_name", "last_name", "phone", "preferred_language",
              "email_notifications", "is_superuser", "is_staff", "is_active", "date_joined"]
    assert bulk.bulk_insert(User, fields, rows) == 1200
    User.objects.create_user("after@exemple.fr")  # the id sequence was not bypassed
    assert User.objects.filter(email__startswith="bulk").count() == 1200
    assert len(list(bulk.chunks(range(10), 4))) == 3
