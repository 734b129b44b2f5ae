"""The participation ledger is append-only, one row per source act, and survives erasure."""

import pytest

from spp.catalog.models import Participation
from spp.catalog.services import participation_correct, participation_record
from spp.catalog.tests.factories import ServiceFactory
from spp.core.services import user_erase
from spp.core.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_recording_the_same_act_twice_writes_one_row():
    user, service = UserFactory(), ServiceFactory()
    first = participation_record(
        user=user,
        service=service,
        kind="shift",
        quantity=3,
        unit="hours",
        source_key="rosters.assignment:1",
    )
    again = participation_record(
        user=user,
        service=service,
        kind="shift",
        quantity=3,
        unit="hours",
        source_key="rosters.assignment:1",
    )
    assert first.pk == again.pk
    assert Participation.objects.count() == 1


def test_a_ledger_row_cannot_be_edited_or_deleted():
    row = participation_record(
        user=UserFactory(), service=ServiceFactory(), kind="report", quantity=1, unit="count"
    )
    row.quantity = 5
    with pytest.raises(ValueError, match="append-only"):
        row.save()
    with pytest.raises(ValueError, match="append-only"):
        row.delete()


def test_a_zero_quantity_is_refused():
    with pytest.raises(ValueError):
        participation_record(
            user=UserFactory(), service=ServiceFactory(), kind="report", quantity=0, unit="count"
        )


def test_a_correction_is_a_new_row_offsetting_the_original():
    agent = MembershipFactory(role="agent").user
    service = ServiceFactory(authority=agent.memberships.get().organisation)
    original = participation_record(
        user=UserFactory(), service=service, kind="shift", quantity=4, unit="hours"
    )
    correction = participation_correct(actor=agent, original=original, reason="Saisie en double")
    assert correction.quantity == -4 and correction.corrects == original
    assert sum(p.quantity for p in Participation.objects.all()) == 0


def test_erasing_a_person_keeps_their_rows_under_a_pseudonym():
    user = UserFactory()
    pseudonym = user.pseudonym
    participation_record(
        user=user, service=ServiceFactory(), kind="report", quantity=1, unit="count"
    )
    user_erase(user=user)
    row = Participation.objects.get()
    assert row.user is None and row.pseudonym == pseudonym
    user.refresh_from_db()
    assert not user.is_active and user.first_name == "" and "invalid" in user.email


def test_a_quantity_reads_with_its_unit_and_a_count_as_its_number_alone():
    from decimal import Decimal

    from django.utils import translation

    count = Participation(kind="report", quantity=Decimal("1.00"), unit="count")
    hours = Participation(kind="shift", quantity=Decimal("2.50"), unit="hours")
    assert count.measure == "1"
    assert hours.measure == "2,50 heures"
    with translation.override("en"):
        assert hours.measure == "2.50 hours"
