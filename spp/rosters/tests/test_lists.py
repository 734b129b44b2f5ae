"""The volunteers' and coordinators' lists: the open shifts a week at a time, filtered by
the person's qualifications and paginated; the service home's capped count; bad page numbers
and feed tokens; and query-count guards (queries constant in the number of items)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from spp.catalog.models import Qualification
from spp.rosters import services
from spp.rosters.models import Assignment
from spp.rosters.services.replacements import replacement_request
from spp.rosters.tests.factories import (
    ShiftFactory,
    coordinator_of,
    roster_service,
    shift_with_need,
    volunteer,
)
from spp.rosters.views import participant

pytestmark = pytest.mark.django_db


def in_days(days: float, hour: int = 8):
    """A local time ``days`` from now at ``hour``, at least an hour ahead."""
    moment = (timezone.localtime() + timedelta(days=days)).replace(
        hour=hour, minute=0, second=0, microsecond=0)
    return max(moment, timezone.now() + timedelta(hours=1))


def open_page(client, service, **query) -> str:
    response = client.get(reverse("rosters:open_shifts", args=[service.slug]), query)
    assert response.status_code == 200
    return response.content.decode()


def test_open_shifts_show_the_week_and_the_next_weeks_on_demand(client):
    service = roster_service()
    soon, _need = shift_with_need(service, title="Garde proche", starts_at=in_days(2))
    later, _need = shift_with_need(service, title="Garde lointaine", starts_at=in_days(10))
    client.force_login(volunteer(service))
    page = open_page(client, service)
    assert "Garde proche" in page and "Garde lointaine" not in page
    next_week = timezone.localdate() + timedelta(days=7)
    page = open_page(client, service, du=f"{next_week:%Y-%m-%d}")
    assert "Garde lointaine" in page and "Garde proche" not in page
    assert soon.pk and later.pk


def test_open_shifts_offer_only_free_places_the_person_is_qualified_for_that_day(client):
    service = roster_service()
    shift_with_need(service, "equipier", title="Garde équipier", starts_at=in_days(1))
    shift_with_need(service, "psc1", title="Poste PSC1", starts_at=in_days(1, 14))
    shift_with_need(service, "chef", title="Garde chef", starts_at=in_days(2))
    _full, need = shift_with_need(service, "equipier", title="Garde complète",
                                  starts_at=in_days(3))
    _late, _need = shift_with_need(service, "equipier", title="Garde après expiration",
                                   starts_at=in_days(5))
    services.assignment_signup(actor=volunteer(service, "equipier"), need=need)
    person = volunteer(service, "equipier", "psc1")
    Qualification.objects.filter(user=person, qualification_type__code="equipier").update(
        expires_on=timezone.localdate() + timedelta(days=4))
    client.force_login(person)
    page = open_page(client, service)
    assert "Garde équipier" in page and "Poste PSC1" in page
    for absent in ("Garde chef", "Garde complète", "Garde après expiration"):
        assert absent not in page
    only_psc1 = open_page(client, service, qualification="psc1")
    assert "Poste PSC1" in only_psc1 and "Garde équipier" not in only_psc1


def test_open_shifts_are_paginated(client):
    service = roster_service()
    for index in range(participant.OPEN_SHIFTS_PER_PAGE + 3):
        shift_with_need(service, title=f"Garde n°{index:02}",
                        starts_at=in_days(1, 6) + timedelta(minutes=10 * index))
    client.force_login(volunteer(service))
    first, second = open_page(client, service), open_page(client, service, page=2)
    assert "Garde n°00" in first and "Garde n°19" in first and "Garde n°20" not in first
    assert "Garde n°20" in second and "Garde n°22" in second and "Garde n°00" not in second
    assert 'page=2" rel="next"' in first and 'rel="next"' not in second  # no count needed


HUGE = "9999999999999999999999999"


@pytest.mark.parametrize("page", ["²", "-1", "abc", HUGE])
@pytest.mark.parametrize("name", ["rosters:open_shifts", "rosters:my_shifts"])
def test_a_bad_page_number_never_answers_500(client, page, name):
    service = roster_service()
    shift_with_need(service, starts_at=in_days(1))
    client.force_login(volunteer(service))
    args = [service.slug] if name == "rosters:open_shifts" else []
    assert client.get(reverse(name, args=args), {"page": page}).status_code == 200


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_week_out_of_range_answers_400(client, day):
    service = roster_service()
    client.force_login(volunteer(service))
    response = client.get(reverse("rosters:open_shifts", args=[service.slug]), {"du": day})
    assert response.status_code == 400


@pytest.mark.parametrize("token", ["nope", "a" * 300, "x%20y", "é"])
def test_a_garbage_calendar_token_is_not_found(client, token):
    assert client.get(f"/gardes/calendrier/{token}.ics").status_code == 404


def test_a_nul_byte_in_the_calendar_path_is_refused_before_any_lookup(client):
    assert client.get("/gardes/calendrier/%00.ics").status_code == 400


def test_the_service_home_caps_the_open_shifts_count(client, monkeypatch):
    service = roster_service()
    for day in range(1, 5):
        shift_with_need(service, starts_at=in_days(day))
    client.force_login(volunteer(service))
    home = reverse("rosters:service_home", args=[service.slug])
    assert 'badge--info">4</span>' in client.get(home).content.decode()
    monkeypatch.setattr(participant, "OPEN_COUNT_CAP", 2)
    assert 'badge--info">2+</span>' in client.get(home).content.decode()


# Query-count guards ------------------------------------------------------------------------

def _queries(client, address, query=None) -> int:
    client.get(address, query or {})  # site-wide reads (the brand) fill their caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address, query or {})
    assert response.status_code == 200, address
    return len(queries)


def _grows(client, address, add, *, query=None) -> tuple[int, int]:
    """The page's queries with N items, then with 3N."""
    add(3)
    few = _queries(client, address, query)
    add(6)
    return few, _queries(client, address, query)


def _volunteer_scene(client):
    service = roster_service()
    person = volunteer(service, "equipier")
    client.force_login(person)
    made = []

    def add(count):
        # The first place is tomorrow, within the 48-hour notice at any hour of the day, so
        # that the few and the many both show the coordinators' contacts (two queries for a
        # page): otherwise the few had none from midnight to six, and the guard failed.
        for _ in range(count):
            made.append(1)
            shift, need = shift_with_need(service, "equipier", max_count=2,
                                          starts_at=in_days(1 + (len(made) - 1) % 5, 6)
                                          + timedelta(minutes=len(made) * 13))
            if len(made) % 2:
                services.assignment_signup(actor=person, need=need)
            elif len(made) % 3:  # a colleague's place offered as a replacement (listed too)
                other = volunteer(service, "equipier")
                replacement_request(actor=other, assignment=services.assignment_signup(
                    actor=other, need=need))
    return service, add


@pytest.mark.parametrize("where", ["open_shifts", "my_shifts", "service_home",
                                   "api_open_shifts", "api_assignments"])
def test_volunteer_lists_queries_do_not_grow_with_the_items(client, where):
    service, add = _volunteer_scene(client)
    address = {"open_shifts": reverse("rosters:open_shifts", args=[service.slug]),
               "my_shifts": reverse("rosters:my_shifts"),
               "service_home": reverse("rosters:service_home", args=[service.slug]),
               "api_open_shifts": f"/api/v1/rosters/services/{service.slug}/open-shifts",
               "api_assignments": "/api/v1/rosters/me/assignments"}[where]
    few, more = _grows(client, address, add)
    assert few == more


def test_the_households_page_queries_do_not_grow_with_the_households(client):
    service = roster_service()
    coordinator = coordinator_of(service)
    client.force_login(coordinator)

    def add(count):
        for _ in range(count):
            members = [volunteer(service), volunteer(service)]
            shift, need = shift_with_need(service, max_count=2, starts_at=in_days(2))
            services.assignment_signup(actor=members[0], need=need)
            services.household_create(actor=coordinator, service=service,
                                      name=f"Foyer {members[0].pk}", monthly_quota=2,
                                      members=members)
            assert shift.pk

    few, more = _grows(client, reverse("rosters:households", args=[service.slug]), add)
    assert few == more


def test_the_attendance_page_queries_do_not_grow_with_the_places(client):
    service = roster_service()
    client.force_login(coordinator_of(service))

    def add(count):
        for _ in range(count):
            ended = timezone.now() - timedelta(days=1, hours=len(Assignment.objects.all()))
            shift, need = shift_with_need(service, starts_at=ended - timedelta(hours=4),
                                          ends_at=ended)
            Assignment.objects.create(shift=shift, need=need, user=volunteer(service),
                                      status="published", source="coordinator")

    few, more = _grows(client, reverse("rosters:attendance", args=[service.slug]), add)
    assert few == more


def test_a_shift_without_needs_open_to_the_person_is_not_listed(client):
    service = roster_service()
    ShiftFactory(service=service, title="Garde sans besoin", starts_at=in_days(1))
    client.force_login(volunteer(service))
    assert "Garde sans besoin" not in open_page(client, service)


def test_the_lists_links_are_each_rows_own(client):
    """The sign-up, withdrawal and replacement links are built once per page in Python:
    each still leads to its own row."""
    service = roster_service()
    person = volunteer(service, "equipier")
    client.force_login(person)
    needs = [shift_with_need(service, "equipier", max_count=2, starts_at=in_days(day))[1]
             for day in (3, 4)]
    page = open_page(client, service)
    for need in needs:
        assert f'action="{reverse("rosters:signup", args=[need.pk])}"' in page
    mine = services.assignment_signup(actor=person, need=needs[0])
    page = client.get(reverse("rosters:my_shifts")).content.decode()
    assert f'href="{reverse("rosters:cancel", args=[mine.pk])}"' in page
    assert f'href="{reverse("rosters:replacement_ask", args=[mine.pk])}"' in page
