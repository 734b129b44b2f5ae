"""The queries of the rosters pages the benchmark measures, beyond the page's frame (the
person, the brand, the charter banner, the menu's roles: the core's to count,
``spp/core/tests/test_page_frame.py``), told apart as those a frame-only page opened by the
same person just before also ran. Each page's own count is fixed, whatever the rows it lists
(``test_lists.py`` and ``test_coverage_pages.py`` check that it does not grow)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from spp.ops.query_counts import page_own_queries
from spp.rosters import services
from spp.rosters.services.replacements import replacement_request
from spp.rosters.tests.factories import coordinator_of, roster_service, shift_with_need, volunteer

pytestmark = pytest.mark.django_db


def own_count(client, url, params=None) -> int:
    return len(page_own_queries(client, url, params))


@pytest.fixture(autouse=True)
def shared_cache(settings):
    """Counted as production serves them, with the shared cache the frame's session comes
    from, also in ``make test``'s DummyCache pass (where a page's first read of its service
    can match the frame page's own and be subtracted with it)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "rosters-query-counts"}}


def in_days(days: int, hour: int) -> timezone.datetime:
    return (timezone.localtime() + timedelta(days=days)).replace(hour=hour, minute=0, second=0,
                                                                 microsecond=0)


@pytest.fixture
def volunteer_scene(client):
    """A volunteer with places of their own, shifts to take this week and next (more than a
    page), a colleague's places offered as replacements and a call-out open."""
    service = roster_service()
    person = volunteer(service, "equipier")
    colleague = volunteer(service, "equipier")
    coordinator = coordinator_of(service)
    for day in range(1, 13):
        for hour in (6, 8, 10, 12, 14, 16):
            shift, need = shift_with_need(service, "equipier", max_count=3,
                                          starts_at=in_days(day, hour))
            if hour == 14 and day % 3 == 0:
                services.assignment_signup(actor=person, need=need)
            elif hour == 14 and day % 3 == 1:
                replacement_request(actor=colleague, assignment=services.assignment_signup(
                    actor=colleague, need=need))
    services.callout_create(actor=coordinator, need=need, places=1, message="")
    client.force_login(person)
    return service


def test_the_open_shifts_week_reads_eight_queries(client, volunteer_scene):
    """The service, the participation, the qualifications held, the page's shifts with their
    needs (one query), the availability's windows and exceptions, the notice, and the
    replacements open."""
    assert own_count(client, reverse("rosters:open_shifts", args=[volunteer_scene.slug])) == 8


def test_the_open_shifts_next_week_s_second_page_reads_eight_queries(client, volunteer_scene):
    week = timezone.localdate() + timedelta(days=7)
    page = own_count(client, reverse("rosters:open_shifts", args=[volunteer_scene.slug]),
                       {"du": f"{week:%Y-%m-%d}", "page": 2})
    assert page == 8


def test_the_service_home_reads_seven_queries(client, volunteer_scene):
    """The service, the participation, the qualifications held, the open shifts counted, the
    household (a yes or no), the call-outs and the person's places."""
    assert own_count(client, reverse("rosters:service_home",
                                       args=[volunteer_scene.slug])) == 7


@pytest.mark.parametrize("view", ["liste", "semaine", "mois"])
def test_my_shifts_read_three_queries(client, volunteer_scene, view):
    """The calendar feed, the places (with their service's notice, and for the list its
    count) and the call-outs."""
    assert own_count(client, reverse("rosters:my_shifts"), {"vue": view}) == 3


def test_the_api_s_open_shifts_read_six_queries(client, volunteer_scene):
    """The service, the participation, the qualifications held, the shifts with their needs
    (one query), the availability's windows and exceptions."""
    address = f"/api/v1/rosters/services/{volunteer_scene.slug}/open-shifts"
    assert own_count(client, address, {"days": 30, "limit": 50}) == 6


@pytest.fixture
def coordinator_scene(client):
    service = roster_service()
    for day in range(1, 4):
        for hour in (8, 14):
            shift_with_need(service, "equipier", min_count=2, max_count=3,
                            starts_at=in_days(day, hour))
    volunteer(service, "equipier")
    client.force_login(coordinator_of(service))
    return service


def test_the_coverage_month_reads_two_queries(client, coordinator_scene):
    """The service and the month's lines (one aggregate)."""
    day = in_days(1, 8).date()
    assert own_count(client, reverse("rosters:coverage", args=[coordinator_scene.slug]),
                       {"month": f"{day:%Y-%m}"}) == 2


def test_the_coverage_day_counted_ahead_reads_four_queries(client, coordinator_scene):
    """The service, the shifts, their needs and the day's counted availability."""
    day = in_days(1, 8).date()
    services.availability_count(service=coordinator_scene, first=day, last=day)
    assert own_count(client, reverse("rosters:coverage", args=[coordinator_scene.slug]),
                       {"jour": f"{day:%Y-%m-%d}"}) == 4
