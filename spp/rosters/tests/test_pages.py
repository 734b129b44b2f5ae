"""Every rosters page renders for the people it is for (templates are strict about unknown
variables in tests), with real content: shifts, a gap, a call-out, a household."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from spp.rosters import services
from spp.rosters.tests.factories import coordinator_of, roster_service, shift_with_need, volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    service = roster_service()
    coordinator = coordinator_of(service)
    shift, need = shift_with_need(service, "equipier", min_count=2, max_count=2)
    person, partner = volunteer(service, "equipier"), volunteer(service)
    services.assignment_signup(actor=person, need=need)
    callout = services.callout_create(actor=coordinator, need=need)
    services.household_create(actor=coordinator, service=service, name="Famille Test",
                              monthly_quota=3, members=[person, partner])
    roster = services.roster_request(actor=coordinator, service=service,
                                     starts_on=timezone.localdate(),
                                     ends_on=timezone.localdate() + timedelta(days=7),
                                     time_limit=2)
    return service, coordinator, person, shift, callout, roster


def test_volunteer_pages_render(client, scene):
    service, _coordinator, person, _shift, callout, _roster = scene
    client.force_login(person)
    for url in [reverse("rosters:service_home", args=[service.slug]),
                reverse("rosters:availability", args=[service.slug]),
                reverse("rosters:open_shifts", args=[service.slug]),
                reverse("rosters:household", args=[service.slug]),
                reverse("rosters:my_shifts"),
                reverse("rosters:callout_detail", args=[callout.pk])]:
        response = client.get(url)
        assert response.status_code == 200, url
    household = client.get(reverse("rosters:household", args=[service.slug])).content.decode()
    assert "Famille Test" in household


def test_the_volunteer_lists_name_their_places_and_call_outs(client, scene):
    """The service home's places and call-outs and "Mes gardes"'s call-outs, read as values,
    are named as their shift and need name themselves."""
    service, _coordinator, person, shift, callout, _roster = scene
    client.force_login(person)
    line = escape(f"{shift} — {callout.need}")
    link = f'<a href="{reverse("rosters:callout_detail", args=[callout.pk])}">{line}</a>'
    home = client.get(reverse("rosters:service_home", args=[service.slug])).content.decode()
    assert link in home and f"<li>{line}</li>" in home
    assert f"{callout.places - callout.accepted_count} place" in home
    assert link in client.get(reverse("rosters:my_shifts")).content.decode()


def test_coordinator_pages_render(client, scene):
    service, coordinator, _person, shift, callout, roster = scene
    client.force_login(coordinator)
    day = timezone.localtime(shift.starts_at).date()
    for url in [reverse("rosters:service_manage", args=[service.slug]),
                reverse("rosters:shift_create", args=[service.slug]),
                reverse("rosters:pattern_create", args=[service.slug]),
                reverse("rosters:coverage", args=[service.slug]) + f"?month={day:%Y-%m}",
                reverse("rosters:coverage", args=[service.slug]) + f"?jour={day:%Y-%m-%d}",
                reverse("rosters:attendance", args=[service.slug]),
                reverse("rosters:households", args=[service.slug]),
                reverse("rosters:roster_request", args=[service.slug]),
                reverse("rosters:roster_review", args=[roster.pk]),
                reverse("rosters:callout_detail", args=[callout.pk])]:
        response = client.get(url)
        assert response.status_code == 200, url
    month = client.get(reverse("rosters:coverage", args=[service.slug]),
                       {"month": f"{day:%Y-%m}"}).content.decode()
    assert f'?jour={day:%Y-%m-%d}"' in month  # the day's line links to its details
    coverage = client.get(reverse("rosters:coverage", args=[service.slug]),
                          {"jour": f"{day:%Y-%m-%d}"}).content.decode()
    assert "alerte en cours" in coverage
    assert "2 / " in coverage  # two required during the shift's hours


def test_coordinator_creates_a_pattern_through_the_form(client):
    service = roster_service()
    client.force_login(coordinator_of(service))
    start = timezone.localdate() + timedelta(days=1)
    response = client.post(reverse("rosters:pattern_create", args=[service.slug]), {
        "title": "Nuit", "place": "CIS", "weekdays": ["0", "1", "2", "3", "4", "5", "6"],
        "start_time": "19:00", "end_time": "07:00", "valid_from": start,
        "valid_until": start + timedelta(days=6), "skip_public_holidays": "on",
        "need0_code": "", "need0_min": "2", "need0_max": "3"})
    assert response.status_code == 302
    assert service.shifts.count() >= 5  # a week of nights, minus any public holiday


def test_bad_shift_form_keeps_the_input(client):
    service = roster_service()
    client.force_login(coordinator_of(service))
    response = client.post(reverse("rosters:shift_create", args=[service.slug]), {
        "title": "Garde", "place": "CIS", "starts_at": "2030-01-01T10:00",
        "ends_at": "2030-01-01T08:00", "need0_min": "2", "need0_max": "1"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Garde" in page and "erreurs" in page


def test_coordinator_creates_a_household(client):
    service = roster_service()
    first, second = volunteer(service), volunteer(service)
    client.force_login(coordinator_of(service))
    response = client.post(reverse("rosters:households", args=[service.slug]), {
        "name": "Famille Martin", "monthly_quota": "4", "members": [first.pk, second.pk]})
    assert response.status_code == 302
    assert service.households.get().members.count() == 2
