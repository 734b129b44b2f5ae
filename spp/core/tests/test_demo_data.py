"""``seed_demo`` builds the demo on a real territory and is idempotent."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()
            if model._meta.app_label in {"core", "catalog", "rosters", "reports", "open311",
                                         "consultations"}}


def test_seed_demo_twice_creates_nothing_more_and_covers_every_enrolment_state():
    call_command("seed_demo", stdout=io.StringIO())
    first = row_counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert row_counts() == first

    from spp.catalog.models import Enrolment, Incident, Service
    from spp.core.models import Commune, Organisation, User

    assert Service.objects.count() == 6
    assert set(Enrolment.objects.values_list("status", flat=True)) == {
        "pending", "active", "suspended", "ended"}
    assert Incident.objects.exists()
    assert Commune.objects.get(insee="38563").name == "Voiron"
    assert Organisation.objects.filter(kind="operator").count() == 2
    for email in ("admin@spp.demo", "agent@spp.demo", "coordination@spp.demo",
                  "citoyen@spp.demo"):
        assert User.objects.get(email=email).check_password("spp-demo")
