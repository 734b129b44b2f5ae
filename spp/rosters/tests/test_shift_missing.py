"""The places missing kept on each shift (``Shift.missing_count``, read by the coverage month)
stay equal to their definition — the sum of the gaps of the shift's needs not handed to the
professional fallback — after every write that moves them: the services, the ORM one need or
escalation at a time (factories, the admin), the bulk recount, the scale data; and when
volunteers sign up for needs of the same shift at the same instant (PostgreSQL)."""

import random
from datetime import timedelta

import pytest
from django.utils import timezone

from spp.catalog.tests.factories import QualificationFactory
from spp.ops.query_counts import at_once
from spp.rosters import scale, services
from spp.rosters.models import Escalation, Shift, ShiftNeed
from spp.rosters.services.common import need_counts_refresh
from spp.rosters.tests.factories import (
    ShiftNeedFactory,
    coordinator_of,
    roster_service,
    shift_with_need,
    volunteer,
)


def missing(shift) -> tuple[int, int]:
    """(kept, by definition) of the shift's places missing."""
    kept = Shift.objects.get(pk=shift.pk).missing_count
    needs = ShiftNeed.objects.filter(shift=shift, escalation__isnull=True)
    return kept, sum(max(0, n.min_count - n.assigned_count) for n in needs)


@pytest.fixture
def scene():
    service = roster_service()
    shift, need = shift_with_need(service, "equipier", min_count=2, max_count=3)
    return service, coordinator_of(service), shift, need


@pytest.mark.django_db
def test_places_taken_and_given_back_move_the_shifts_missing_places(scene):
    service, coordinator, shift, need = scene
    assert missing(shift) == (2, 2)
    first = services.assignment_signup(actor=volunteer(service, "equipier"), need=need)
    assert missing(shift) == (1, 1)
    second = services.assignment_signup(actor=volunteer(service, "equipier"), need=need)
    third = services.assignment_signup(actor=volunteer(service, "equipier"), need=need)
    assert missing(shift) == (0, 0)  # a place beyond the minimum changes nothing
    services.assignment_cancel(actor=coordinator, assignment=third)
    assert missing(shift) == (0, 0)
    services.assignment_cancel(actor=coordinator, assignment=first)
    assert missing(shift) == (1, 1)
    second.user.delete()  # the place goes with the person
    assert missing(shift) == (2, 2)


@pytest.mark.django_db
def test_a_trainee_place_leaves_the_missing_places_as_they_were(scene):
    service, _coordinator, shift, need = scene
    services.assignment_signup(actor=volunteer(service, "equipier"), need=need)
    learner = volunteer(service)
    QualificationFactory(user=learner, qualification_type=need.qualification_type,
                         in_training=True, verified_at=None)
    assert services.assignment_signup(actor=learner, need=need).trainee
    assert missing(shift) == (1, 1)


@pytest.mark.django_db
def test_a_call_out_accepted_and_a_published_roster_fill_the_missing_places(scene):
    service, coordinator, shift, need = scene
    callout = services.callout_create(actor=coordinator, need=need, places=1)
    services.callout_respond(actor=volunteer(service, "equipier"), callout=callout, accept=True)
    assert missing(shift) == (1, 1)
    volunteer(service, "equipier")
    day = timezone.localtime(shift.starts_at).date()
    roster = services.roster_request(actor=coordinator, service=service, starts_on=day,
                                     ends_on=day, time_limit=2)
    services.roster_publish(actor=coordinator, roster=roster, version=roster.version)
    assert missing(shift) == (0, 0)


@pytest.mark.django_db
def test_a_need_handed_to_the_fallback_leaves_the_missing_places(scene):
    _service, _coordinator, shift, need = scene
    ShiftNeedFactory(shift=shift, min_count=1, max_count=1)
    assert missing(shift) == (3, 3)
    services.escalation_check(now=shift.starts_at - timedelta(hours=1))
    assert Escalation.objects.filter(need__shift=shift).count() == 2
    assert missing(shift) == (0, 0)
    Escalation.objects.filter(need=need).delete()  # as the admin would
    assert missing(shift) == (2, 2)


@pytest.mark.django_db
def test_needs_made_changed_and_deleted_one_by_one_recount_their_shift(scene):
    _service, _coordinator, shift, need = scene
    other = ShiftNeedFactory(shift=shift, min_count=3, max_count=4)
    assert missing(shift) == (5, 5)
    need.min_count = 0
    need.save()
    assert missing(shift) == (3, 3)
    other.delete()
    assert missing(shift) == (0, 0)


@pytest.mark.django_db
def test_shifts_made_by_the_services_count_their_needs_minimums(scene):
    service, coordinator, _shift, _need = scene
    shift = services.shift_create(
        actor=coordinator, service=service, title="Nuit", place="CIS",
        starts_at=timezone.now() + timedelta(days=2),
        ends_at=timezone.now() + timedelta(days=2, hours=8),
        needs=[{"code": "equipier", "min": 2, "max": 3}, {"code": "", "min": 1, "max": 1}])
    assert missing(shift) == (3, 3)
    pattern = services.pattern_create(
        actor=coordinator, service=service, title="Matin", place="CIS", weekdays=[0, 2, 4],
        start_time=timezone.localtime().time().replace(hour=7, minute=0, second=0,
                                                       microsecond=0),
        end_time=timezone.localtime().time().replace(hour=12, minute=0, second=0,
                                                     microsecond=0),
        needs=[{"code": "equipier", "min": 1, "max": 2}], valid_from=timezone.localdate())
    services.pattern_generate(actor=coordinator, pattern=pattern, first=timezone.localdate(),
                              last=timezone.localdate() + timedelta(days=13))
    assert {missing(made) for made in pattern.shifts.all()} == {(1, 1)}


@pytest.mark.django_db
def test_the_bulk_recount_and_the_scale_data_keep_the_missing_places():
    scale.generate(count=20, rng=random.Random(3), log=lambda *a: None)
    shifts = Shift.objects.filter(service__slug=scale.SLUG)
    assert {kept == counted for kept, counted in map(missing, shifts)} == {True}
    assert shifts.filter(missing_count__gt=0).exists() and shifts.filter(missing_count=0).exists()
    shifts.update(missing_count=0)
    need_counts_refresh(ShiftNeed.objects.filter(shift__service__slug=scale.SLUG))
    assert {kept == counted for kept, counted in map(missing, shifts)} == {True}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_signups_at_the_same_instant_on_needs_of_one_shift_lose_no_missing_place():
    service = roster_service()
    shift, first = shift_with_need(service, "equipier", min_count=6, max_count=6)
    needs = [first] + [ShiftNeedFactory(shift=shift, min_count=6, max_count=6) for _ in range(2)]
    people = [volunteer(service, "equipier") for _ in range(18)]
    outcomes = at_once([lambda p=p, n=n: services.assignment_signup(actor=p, need=n)
                        for p, n in zip(people, needs * 6, strict=True)])
    assert len(outcomes) == 18
    assert missing(shift) == (0, 0)
