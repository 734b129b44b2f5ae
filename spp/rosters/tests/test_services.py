"""Behaviour of the rosters services: shifts and patterns, availability merging, sign-up
rules, call-outs, escalation, attendance and the ledger."""

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from spp.catalog.models import Participation
from spp.catalog.tests.factories import QualificationFactory, QualificationTypeFactory
from spp.core.models import Notification
from spp.core.tests.factories import UserFactory
from spp.rosters import services
from spp.rosters.models import Assignment, AvailabilityWindow, CallOut, Escalation, Shift
from spp.rosters.tests.factories import (
    coordinator_of,
    roster_service,
    shift_with_need,
    volunteer,
)

pytestmark = pytest.mark.django_db


def test_overlapping_weekly_windows_are_merged_not_duplicated():
    service = roster_service()
    person = volunteer(service, always_available=False)
    services.availability_window_add(actor=person, service=service, weekday=0,
                                     start_minute=480, end_minute=720)
    services.availability_window_add(actor=person, service=service, weekday=0,
                                     start_minute=600, end_minute=900)
    services.availability_window_add(actor=person, service=service, weekday=0,
                                     start_minute=900, end_minute=960)
    windows = list(AvailabilityWindow.objects.filter(user=person).values_list(
        "weekday", "start_minute", "end_minute"))
    assert windows == [(0, 480, 960)]


def test_a_night_window_continues_the_next_day():
    service = roster_service()
    person = volunteer(service, always_available=False)
    services.availability_window_add(actor=person, service=service, weekday=6,
                                     start_minute=19 * 60, end_minute=7 * 60)
    assert set(AvailabilityWindow.objects.filter(user=person).values_list(
        "weekday", "start_minute", "end_minute")) == {(6, 1140, 1440), (0, 0, 420)}


def test_someone_not_enrolled_cannot_declare_availability():
    service = roster_service()
    with pytest.raises(ValidationError, match="inscrit"):
        services.availability_window_add(actor=UserFactory(), service=service, weekday=0,
                                         start_minute=0, end_minute=60)


def test_pattern_skips_public_holidays_and_exceptions_and_is_idempotent():
    service = roster_service()
    coordinator = coordinator_of(service)
    pattern = services.pattern_create(
        actor=coordinator, service=service, title="Permanence du matin", place="Crèche",
        weekdays=[0, 1, 2, 3, 4], start_time=time(7, 30), end_time=time(12, 30),
        needs=[{"code": "", "min": 2, "max": 2}], valid_from=date(2026, 5, 1))
    services.pattern_exception_add(actor=coordinator, pattern=pattern, day=date(2026, 5, 12))
    created = services.pattern_generate(actor=coordinator, pattern=pattern,
                                        first=date(2026, 5, 1), last=date(2026, 5, 31))
    days = {timezone.localtime(s.starts_at).date() for s in Shift.objects.filter(pattern=pattern)}
    # May 2026: 21 weekdays, minus 1, 8 (Victoire), 14 (Ascension), 25 (Pentecost), 12 (closed)
    assert created == 16
    assert date(2026, 5, 14) not in days and date(2026, 5, 12) not in days
    assert services.pattern_generate(actor=coordinator, pattern=pattern,
                                     first=date(2026, 5, 1), last=date(2026, 5, 31)) == 0


def test_night_pattern_ends_the_next_morning():
    service = roster_service()
    coordinator = coordinator_of(service)
    pattern = services.pattern_create(
        actor=coordinator, service=service, title="Nuit", place="CIS", weekdays=[5],
        start_time=time(19), end_time=time(7), needs=[{"code": "", "min": 1, "max": 1}],
        valid_from=date(2026, 3, 1), skip_public_holidays=False)
    services.pattern_generate(actor=coordinator, pattern=pattern, first=date(2026, 3, 7),
                              last=date(2026, 3, 7))
    shift = Shift.objects.get(pattern=pattern)
    assert shift.hours == 12


def test_a_shift_nobody_can_staff_says_so_on_creation():
    service = roster_service()
    QualificationTypeFactory(code="chef-agres")
    volunteer(service, "equipier")
    start = timezone.now() + timedelta(days=2)
    shift = services.shift_create(actor=coordinator_of(service), service=service, title="Garde",
                                  place="CIS", starts_at=start, ends_at=start + timedelta(hours=12),
                                  needs=[{"code": "chef-agres", "min": 1, "max": 1}])
    assert "0 inscrit(s) qualifié(s)" in shift.warnings[0]


def test_unknown_qualification_in_needs_is_a_field_error():
    service = roster_service()
    start = timezone.now() + timedelta(days=2)
    with pytest.raises(ValidationError) as error:
        services.shift_create(actor=coordinator_of(service), service=service, title="G",
                              place="CIS", starts_at=start, ends_at=start + timedelta(hours=1),
                              needs=[{"code": "licorne", "min": 1, "max": 1}])
    assert "needs" in error.value.error_dict


def test_a_volunteer_cannot_create_shifts():
    service = roster_service()
    start = timezone.now() + timedelta(days=2)
    with pytest.raises(PermissionDenied):
        services.shift_create(actor=volunteer(service), service=service, title="G", place="C",
                              starts_at=start, ends_at=start + timedelta(hours=1),
                              needs=[{"code": "", "min": 1, "max": 1}])


def test_signup_needs_a_valid_qualification_on_the_shift_date():
    service = roster_service()
    shift, need = shift_with_need(service, "equipier")
    person = volunteer(service)
    QualificationFactory(user=person, qualification_type=need.qualification_type,
                         expires_on=timezone.localdate())
    with pytest.raises(ValidationError, match="qualification"):
        services.assignment_signup(actor=person, need=need)


def test_signup_stops_at_the_maximum_and_refuses_overlaps():
    service = roster_service()
    shift, need = shift_with_need(service, min_count=1, max_count=1)
    services.assignment_signup(actor=volunteer(service), need=need)
    with pytest.raises(ValidationError, match="complète"):
        services.assignment_signup(actor=volunteer(service), need=need)
    person = volunteer(service)
    _other, other_need = shift_with_need(service, starts_at=shift.starts_at + timedelta(hours=1),
                                         max_count=3)
    services.assignment_signup(actor=person, need=other_need)
    _third, third_need = shift_with_need(service, starts_at=shift.starts_at, max_count=3)
    with pytest.raises(ValidationError, match="chevauche"):
        services.assignment_signup(actor=person, need=third_need)


def test_cancellation_within_notice_is_refused_to_the_volunteer_not_the_coordinator():
    service = roster_service()
    _shift, need = shift_with_need(service, starts_at=timezone.now() + timedelta(hours=5))
    person = volunteer(service)
    assignment = services.assignment_signup(actor=person, need=need)
    with pytest.raises(ValidationError, match="48 heures"):
        services.assignment_cancel(actor=person, assignment=assignment)
    services.assignment_cancel(actor=coordinator_of(service), assignment=assignment)
    assert Assignment.objects.get(pk=assignment.pk).status == "cancelled"


def test_attendance_writes_the_ledger_once():
    service = roster_service()
    shift, need = shift_with_need(service)
    person = volunteer(service)
    assignment = services.assignment_signup(actor=person, need=need)
    Shift.objects.filter(pk=shift.pk).update(starts_at=timezone.now() - timedelta(hours=5),
                                             ends_at=timezone.now() - timedelta(hours=1))
    coordinator = coordinator_of(service)
    services.assignment_attend(actor=coordinator, assignment=assignment)
    with pytest.raises(ValidationError):
        services.assignment_attend(actor=coordinator, assignment=assignment)
    row = Participation.objects.get(user=person)
    assert row.quantity == 4 and row.unit == "hours" and row.kind == "shift"


def test_callout_alerts_qualified_available_people_and_fills(django_capture_on_commit_callbacks,
                                                             caplog):
    caplog.set_level("INFO", logger="spp.sms")  # the console gateway logs what it sends
    service = roster_service()
    _shift, need = shift_with_need(service, "equipier", min_count=2, max_count=2)
    first, second, late = (volunteer(service, "equipier", phone="0600000000") for _ in range(3))
    volunteer(service)  # not qualified: not alerted
    with django_capture_on_commit_callbacks(execute=True):
        callout = services.callout_create(actor=coordinator_of(service), need=need,
                                          message="Renfort")
    assert callout.places == 2 and callout.notified_count == 3
    assert Notification.objects.filter(url__contains=f"/alertes/{callout.pk}/").count() == 3
    with django_capture_on_commit_callbacks(execute=True):
        services.callout_respond(actor=first, callout=callout, accept=True)
        services.callout_respond(actor=second, callout=callout, accept=True)
    with pytest.raises(ValidationError, match="déjà pourvue"):
        services.callout_respond(actor=late, callout=callout, accept=True)
    callout.refresh_from_db()
    assert (callout.status, callout.accepted_count) == ("filled", 2)
    assert Notification.objects.filter(recipient=late, title__startswith="Alerte pourvue").exists()
    sent = [record.args for record in caplog.records if record.name == "spp.sms"]
    assert ("0600000000", f"Alerte : {need.shift} — 2 place(s). Renfort") in sent


def test_accepting_after_the_start_is_refused():
    service = roster_service()
    shift, need = shift_with_need(service)
    callout = services.callout_create(actor=coordinator_of(service), need=need)
    Shift.objects.filter(pk=shift.pk).update(starts_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError, match="commencé"):
        services.callout_respond(actor=volunteer(service), callout=callout, accept=True)


def test_uncovered_need_escalates_once_to_the_fallback():
    service = roster_service()
    coordinator = coordinator_of(service)
    agent = UserFactory()
    services.policy_set(actor=coordinator, service=service, escalation_hours=6,
                        fallback_name="Garde professionnelle", fallback_contact=agent)
    _shift, need = shift_with_need(service, starts_at=timezone.now() + timedelta(hours=3))
    shift_with_need(service, starts_at=timezone.now() + timedelta(hours=30))  # not yet
    callout = services.callout_create(actor=coordinator, need=need)
    assert len(services.escalation_check()) == 1
    assert services.escalation_check() == []
    assert Escalation.objects.get().missing == 1
    assert CallOut.objects.get(pk=callout.pk).status == "escalated"
    assert Notification.objects.filter(recipient=agent, title__startswith="Renfort").exists()


def test_a_trainee_signs_up_only_alongside_a_qualified_person():
    service = roster_service()
    _shift, need = shift_with_need(service, "equipier", min_count=1, max_count=2)
    trainee = volunteer(service)
    QualificationFactory(user=trainee, qualification_type=need.qualification_type,
                         in_training=True, verified_at=None)
    with pytest.raises(ValidationError, match="qualification"):
        services.assignment_signup(actor=trainee, need=need)
    services.assignment_signup(actor=volunteer(service, "equipier"), need=need)
    assert services.assignment_signup(actor=trainee, need=need).trainee is True


def test_the_auto_roster_honours_stated_preferences():
    service = roster_service()
    coordinator = coordinator_of(service)
    first_day = timezone.localdate() + timedelta(days=3)
    patterns = [services.pattern_create(
        actor=coordinator, service=service, title=title, place="Crèche", weekdays=list(range(7)),
        start_time=start, end_time=end, needs=[{"code": "", "min": 1, "max": 1}],
        valid_from=first_day, skip_public_holidays=False)
        for title, start, end in [("Matin", time(8), time(12)), ("Soir", time(18), time(22))]]
    for pattern in patterns:
        services.pattern_generate(actor=coordinator, pattern=pattern, first=first_day,
                                  last=first_day)
    morning, evening = volunteer(service), volunteer(service)
    services.preferences_set(actor=morning, service=service, pattern_ids=[patterns[0].pk])
    services.preferences_set(actor=evening, service=service, pattern_ids=[patterns[1].pk])
    roster = services.roster_request(actor=coordinator, service=service, starts_on=first_day,
                                     ends_on=first_day, time_limit=3)
    placed = {(a.user_id, a.shift.pattern_id) for a in roster.assignments.all()}
    assert placed == {(morning.pk, patterns[0].pk), (evening.pk, patterns[1].pk)}


def test_escalation_command_reports_what_it_escalated():
    from io import StringIO

    from django.core.management import call_command

    service = roster_service()
    _shift, need = shift_with_need(service, starts_at=timezone.now() + timedelta(hours=2))
    out = StringIO()
    call_command("rosters_escalate", stdout=out)
    assert "1 escalation(s)." in out.getvalue()
    assert Escalation.objects.get(need=need).fallback is None


def test_an_escalation_without_fallback_alerts_each_coordinator_of_the_service():
    from spp.core.models import AuditLogEntry
    from spp.core.tests.factories import MembershipFactory

    service = roster_service()
    coordinators = [coordinator_of(service), coordinator_of(service),
                    MembershipFactory(organisation=service.authority, role="admin").user]
    agent = MembershipFactory(organisation=service.authority, role="agent").user
    shift, need = shift_with_need(service, starts_at=timezone.now() + timedelta(hours=2))
    services.escalation_check()
    told = Notification.objects.filter(title__startswith="Garde non couverte")
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted(
        user.pk for user in coordinators)
    assert not Notification.objects.filter(recipient=agent).exists()
    assert told.first().url == f"/gardes/{service.slug}/gestion/couverture/"
    entry = AuditLogEntry.objects.get(action="rosters.escalate")
    assert entry.data["coordinators_alerted"] == sorted(user.pk for user in coordinators)
    services.escalation_check()  # once per need
    assert told.count() == 3
