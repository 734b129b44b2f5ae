"""The coverage pages through HTTP: the month's line per day follows the places taken, the
default month is today's, the live places counted on each need stay true whoever writes,
bad months and days answer 400, and neither page's queries grow with the shifts."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from spp.core.tests.factories import MembershipFactory
from spp.rosters import services
from spp.rosters.models import ShiftNeed
from spp.rosters.tests.factories import coordinator_of, roster_service, shift_with_need, volunteer

pytestmark = pytest.mark.django_db

DAY_LINE = re.compile(r'\?jour=([\d-]+)">[^<]*</a>.*?</th>\s*<td>(\d+)</td><td>.*?>(\d+)</span>'
                      r"</td><td>(\d+)</td>", re.S)


@pytest.fixture
def scene(client):
    service = roster_service()
    coordinator = coordinator_of(service)
    shift, need = shift_with_need(service, "equipier", min_count=2, max_count=3)
    client.force_login(coordinator)
    return service, coordinator, shift, need


def url(service) -> str:
    return reverse("rosters:coverage", args=[service.slug])


def month_lines(client, service, shift) -> list[tuple[str, int, int, int]]:
    """(day, shifts, incomplete, places missing) of each line of the shift's month."""
    day = timezone.localtime(shift.starts_at).date()
    response = client.get(url(service), {"month": f"{day:%Y-%m}"})
    assert response.status_code == 200
    return [(d, int(s), int(i), int(m)) for d, s, i, m in
            DAY_LINE.findall(response.content.decode())]


def test_the_month_shows_a_line_per_day_that_follows_the_places_taken(client, scene):
    service, coordinator, shift, need = scene
    day = f"{timezone.localtime(shift.starts_at).date():%Y-%m-%d}"
    assert month_lines(client, service, shift) == [(day, 1, 1, 2)]
    first = volunteer(service, "equipier")
    services.assignment_signup(actor=first, need=need)
    assert month_lines(client, service, shift) == [(day, 1, 1, 1)]
    services.assignment_signup(actor=volunteer(service, "equipier"), need=need)
    assert month_lines(client, service, shift) == [(day, 1, 0, 0)]
    services.assignment_cancel(actor=coordinator, assignment=first.roster_assignments.get())
    assert month_lines(client, service, shift) == [(day, 1, 1, 1)]


def test_a_cancelled_shift_leaves_the_month(client, scene):
    service, coordinator, shift, _need = scene
    services.shift_cancel(actor=coordinator, shift=shift)
    assert month_lines(client, service, shift) == []


def test_the_default_month_is_todays(client, scene):
    """Without ?month the page shows the month of today's date, on the last minute of a
    month as on the first of the next (the person signs in inside the frozen clock, so the
    session's age never matters)."""
    service, coordinator, _shift, _need = scene
    tz = timezone.get_current_timezone()
    first_of_next = (timezone.localdate().replace(day=1) + timedelta(days=32)).replace(day=1)
    midnight = datetime.combine(first_of_next, time(0), tzinfo=tz)
    for moment, month in [(midnight - timedelta(minutes=1), midnight - timedelta(days=1)),
                          (midnight + timedelta(minutes=1), midnight)]:
        with freeze_time(moment):
            client.force_login(coordinator)
            page = client.get(url(service)).content.decode()
            assert f'value="{month:%Y-%m}"' in page


def test_the_live_places_of_a_need_follow_signups_withdrawals_and_deletions(scene):
    service, coordinator, _shift, need = scene
    people = [volunteer(service, "equipier") for _ in range(3)]
    places = [services.assignment_signup(actor=p, need=need) for p in people]
    need.refresh_from_db()
    assert (need.assigned_count, need.trainee_count) == (3, 0)
    services.assignment_cancel(actor=coordinator, assignment=places[0])
    people[1].delete()  # the person's place goes with them
    need.refresh_from_db()
    assert need.assigned_count == 1


def test_the_database_refuses_more_live_places_than_the_maximum(scene):
    _service, _coordinator, _shift, need = scene
    with pytest.raises(IntegrityError), transaction.atomic():
        ShiftNeed.objects.filter(pk=need.pk).update(assigned_count=4)


def test_an_agent_reads_the_day_without_the_alert_buttons(client, scene):
    service, _coordinator, shift, _need = scene
    day = {"jour": f"{timezone.localtime(shift.starts_at).date():%Y-%m-%d}"}
    page = client.get(url(service), day).content.decode()
    assert "Alerter" in page
    assert f'action="{reverse("rosters:callout_create", args=[_need.pk])}"' in page
    assert 'data-label="Besoin"' in page and 'data-label="État"' in page
    client.force_login(MembershipFactory(organisation=service.authority, role="agent").user)
    page = client.get(url(service), day).content.decode()
    assert "manque" in page and "Alerter" not in page


@pytest.mark.parametrize("query", [{"month": "9999-12"}, {"month": "0000-01"},
                                   {"month": "1999-13"}, {"jour": "0001-01-01"},
                                   {"jour": "9999-12-31"}, {"jour": "demain"}, {"jour": ""}])
def test_a_bad_month_or_day_answers_400_with_a_message(client, scene, query):
    service, _coordinator, _shift, _need = scene
    response = client.get(url(service), query)
    assert response.status_code == 400
    assert 'class="alert alert--error" role="alert"' in response.content.decode()


@pytest.mark.parametrize("month", ["9999-12", "0000-01"])
def test_the_households_page_answers_400_to_a_month_out_of_range(client, scene, month):
    service, _coordinator, _shift, _need = scene
    assert client.get(reverse("rosters:households", args=[service.slug]),
                      {"month": month}).status_code == 400
    assert client.get(reverse("rosters:households", args=[service.slug]),
                      {"jour": "0001-01-01"}).status_code == 200  # not a parameter it reads


def _queries(client, address, query) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address, query).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["month", "jour", "jour counted ahead"])
def test_the_coverage_pages_queries_do_not_grow_with_the_shifts(client, scene, page):
    service, _coordinator, shift, _need = scene
    day = timezone.localtime(shift.starts_at).date()
    query = {"month": f"{day:%Y-%m}"} if page == "month" else {"jour": f"{day:%Y-%m-%d}"}
    volunteer(service, "equipier")
    if page == "jour counted ahead":
        services.availability_count(service=service, first=day, last=day)
    _queries(client, url(service), query)  # site-wide reads (the brand) fill their caches
    few = _queries(client, url(service), query)
    for hour in range(1, 7):
        other, need = shift_with_need(service, "chef", starts_at=shift.starts_at
                                      + timedelta(minutes=hour), min_count=1, max_count=2)
        services.assignment_signup(actor=volunteer(service, "chef"), need=need)
        assert other.pk
    assert _queries(client, url(service), query) == few


def test_the_day_shows_its_shifts_ten_a_page_and_sums_them_all_by_hour(client, scene):
    service, _coordinator, shift, _need = scene
    for minutes in range(1, 12):  # twelve shifts that day, all running at the first's hour
        shift_with_need(service, "equipier", title=f"Renfort {minutes:02}", min_count=1,
                        starts_at=shift.starts_at + timedelta(minutes=minutes))
    day = {"jour": f"{timezone.localtime(shift.starts_at).date():%Y-%m-%d}"}
    first = client.get(url(service), day).content.decode()
    second = client.get(url(service), {**day, "page": 2}).content.decode()
    assert "Renfort 09" in first and "Renfort 10" not in first
    assert "Renfort 10" in second and "Renfort 11" in second and "Renfort 09" not in second
    assert "Gardes du jour : 12, dont 12 incomplètes." in first
    hour = timezone.localtime(shift.starts_at).hour + 1  # every shift runs then
    cell = re.compile(rf'<th scope="row">{hour} h</th><td[^>]*>(\d+) / \d+ / (\d+)')
    assert cell.search(first).groups() == cell.search(second).groups() == ("13", "0")
