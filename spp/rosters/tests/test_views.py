"""The rosters pages, through HTTP as people use them."""

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from spp.catalog.models import Participation
from spp.core.tests.factories import UserFactory
from spp.rosters import services
from spp.rosters.models import Assignment, AvailabilityWindow, CalendarFeed, Roster, Shift
from spp.rosters.tests.factories import (
    coordinator_of,
    roster_service,
    shift_with_need,
    volunteer,
)

pytestmark = pytest.mark.django_db


def test_volunteer_declares_a_week_in_a_few_taps(client):
    service = roster_service()
    person = volunteer(service, always_available=False)
    client.force_login(person)
    url = reverse("rosters:availability", args=[service.slug])
    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "grid", "d0_soir": "on", "d1_nuit": "on",
                                 "d1_matin": "on", "d0_apres-midi": "on"})
    assert response.status_code == 302
    assert set(AvailabilityWindow.objects.filter(user=person).values_list(
        "weekday", "start_minute", "end_minute")) == {(0, 720, 1440), (1, 0, 720)}


def test_bad_window_keeps_what_was_typed_and_says_why(client):
    service = roster_service()
    person = volunteer(service, always_available=False)
    client.force_login(person)
    response = client.post(reverse("rosters:availability", args=[service.slug]),
                           {"action": "window", "window-weekday": "9", "window-start": "08:00",
                            "window-end": "10:00"})
    assert response.status_code == 200
    assert 'value="08:00"' in response.content.decode()


def test_volunteer_signs_up_then_sees_it_in_my_shifts_and_ical(client):
    service = roster_service()
    shift, need = shift_with_need(service)
    person = volunteer(service)
    client.force_login(person)
    page = client.get(reverse("rosters:open_shifts", args=[service.slug])).content.decode()
    assert str(shift.title) in page
    client.post(reverse("rosters:signup", args=[need.pk]))
    assert Assignment.objects.filter(user=person, status="published").count() == 1
    assert shift.title in client.get(reverse("rosters:my_shifts")).content.decode()
    token = CalendarFeed.objects.get(user=person).token
    client.logout()
    ical = client.get(reverse("rosters:calendar_feed", args=[token]))
    assert ical.status_code == 200 and b"BEGIN:VEVENT" in ical.content
    client.force_login(person)
    client.post(reverse("rosters:calendar_revoke"))
    client.logout()
    assert client.get(reverse("rosters:calendar_feed", args=[token])).status_code == 404


def test_not_enrolled_person_is_sent_back_with_a_message(client):
    service = roster_service()
    client.force_login(UserFactory())
    response = client.get(reverse("rosters:availability", args=[service.slug]), follow=True)
    assert "inscrit" in response.content.decode()


def test_coverage_view_has_a_bounded_query_count(client):
    service = roster_service()
    coordinator = coordinator_of(service)
    client.force_login(coordinator)
    url = reverse("rosters:coverage", args=[service.slug])
    month = (timezone.localdate() + timedelta(days=3)).strftime("%Y-%m")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, {"month": month}).status_code == 200
        return len(queries)

    shift_with_need(service, "equipier")
    volunteer(service, "equipier")
    count()  # the first page fills the site-wide caches (the brand); measure the next ones
    small = count()
    for day in range(1, 6):
        shift_with_need(service, "chef", starts_at=timezone.now() + timedelta(days=day))
        volunteer(service, "chef")
    assert count() == small


def test_coordinator_requests_reviews_and_publishes_a_roster(
        client, django_capture_on_commit_callbacks):
    service = roster_service()
    shift, need = shift_with_need(service)
    person = volunteer(service)
    client.force_login(coordinator_of(service))
    day = timezone.localtime(shift.starts_at).date()
    with django_capture_on_commit_callbacks(execute=True):  # the solve's task
        response = client.post(reverse("rosters:roster_request", args=[service.slug]),
                               {"starts_on": day, "ends_on": day, "form_token": uuid.uuid4()})
    roster = Roster.objects.get()
    response = client.get(response.url)  # the progress page leads to the ready proposal
    assert response.url == reverse("rosters:roster_review", args=[roster.pk])
    assert not Assignment.objects.filter(user=person, status="published").exists()
    client.post(response.url, {"action": "publish", "version": roster.version})
    assert Assignment.objects.get(user=person).status == "published"
    assert Roster.objects.get().status == "published"


def test_a_second_coordinator_with_a_stale_page_is_told(client):
    service = roster_service()
    shift, _need = shift_with_need(service)
    volunteer(service)
    day = timezone.localtime(shift.starts_at).date()
    roster = services.roster_request(actor=coordinator_of(service), service=service,
                                     starts_on=day, ends_on=day, time_limit=2)
    proposal = roster.assignments.get()
    client.force_login(coordinator_of(service))
    client.post(reverse("rosters:roster_review", args=[roster.pk]),
                {"action": "remove", "assignment": proposal.pk, "version": roster.version})
    response = client.post(reverse("rosters:roster_review", args=[roster.pk]),
                           {"action": "publish", "version": roster.version}, follow=True)
    assert "modifié par une autre personne" in response.content.decode()
    assert Roster.objects.get().status == "draft"


def test_volunteer_accepts_a_callout_then_a_late_one_is_told_it_is_filled(client):
    service = roster_service()
    _shift, need = shift_with_need(service, "equipier")
    first, second = volunteer(service, "equipier"), volunteer(service, "equipier")
    coordinator = coordinator_of(service)
    client.force_login(coordinator)
    client.post(reverse("rosters:callout_create", args=[need.pk]),
                {"message": "Urgent", "places": 1, "form_token": uuid.uuid4()})
    callout = need.callouts.get()
    url = reverse("rosters:callout_detail", args=[callout.pk])
    client.force_login(first)
    client.post(url, {"answer": "accept"})
    client.force_login(second)
    page = client.post(url, {"answer": "accept"}, follow=True).content.decode()
    assert "déjà pourvue" in page


def test_attendance_confirmation_writes_hours_to_the_ledger(client):
    service = roster_service()
    shift, need = shift_with_need(service)
    person = volunteer(service)
    assignment = services.assignment_signup(actor=person, need=need)
    Shift.objects.filter(pk=shift.pk).update(starts_at=timezone.now() - timedelta(hours=6),
                                             ends_at=timezone.now() - timedelta(hours=2))
    client.force_login(coordinator_of(service))
    client.post(reverse("rosters:attend", args=[assignment.pk]), {"hours": "3.5"})
    assert Participation.objects.get(user=person).quantity == 3.5


def test_missions_feed_lists_open_places_in_api_engagement_fields(client):
    service = roster_service()
    shift_with_need(service, max_count=3)
    missions = client.get(reverse("rosters:missions_feed", args=[service.slug])).json()["missions"]
    assert missions[0]["places"] == 3
    assert {"clientId", "title", "description", "applicationUrl", "startAt"} <= set(missions[0])


def test_one_off_exception_and_window_removal_through_the_page(client):
    service = roster_service()
    person = volunteer(service, always_available=False)
    client.force_login(person)
    url = reverse("rosters:availability", args=[service.slug])
    client.post(url, {"action": "window", "window-weekday": "2", "window-start": "19:00",
                      "window-end": "07:00"})
    assert AvailabilityWindow.objects.filter(user=person).count() == 2
    response = client.post(url, {"action": "exception", "exc-starts_at": "2030-07-01T08:00",
                                 "exc-ends_at": "2030-07-15T08:00", "exc-available": "0",
                                 "exc-note": "Congés"})
    assert response.status_code == 302
    exception = person.availability_exceptions.get()
    assert (exception.available, exception.note) == (False, "Congés")
    window = AvailabilityWindow.objects.filter(user=person).first()
    client.post(url, {"action": "remove", "window": window.pk})
    assert AvailabilityWindow.objects.filter(user=person).count() == 1
