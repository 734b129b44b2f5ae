"""The coverage pages kept under their generations (``spp/rosters/caching.py``): read again
without a query, the access check and the CSRF token still per request, and never kept past
the moment the clock changes what they show. Each write path is in test_coverage_exact.py."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from spp.core.models import Membership
from spp.core.page_cache import CSRF_SLOT
from spp.core.tests.factories import MembershipFactory
from spp.rosters import caching
from spp.rosters.tests.factories import coordinator_of, roster_service, shift_with_need, volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(client):
    service = roster_service()
    coordinator = coordinator_of(service)
    shift, need = shift_with_need(service, "equipier", min_count=2, max_count=3)
    volunteer(service, "equipier")
    client.force_login(coordinator)
    return service, coordinator, shift, need


def month_url(service, shift) -> str:
    day = timezone.localtime(shift.starts_at).date()
    return reverse("rosters:coverage", args=[service.slug]) + f"?month={day:%Y-%m}"


def day_url(service, shift) -> str:
    day = timezone.localtime(shift.starts_at).date()
    return reverse("rosters:coverage", args=[service.slug]) + f"?jour={day:%Y-%m-%d}"


def read(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("page", [month_url, day_url])
def test_a_coverage_page_read_again_runs_no_query_but_the_session(client, scene, page):
    """The frame's own query in the tests is the session's (database sessions; in production
    it comes with the person in one cache round trip): nothing of the service, its people or
    its shifts is read."""
    service, _coordinator, shift, _need = scene
    url = page(service, shift)
    first = read(client, url)
    with CaptureQueriesContext(connection) as queries:
        again = read(client, url)
    assert [q["sql"] for q in queries.captured_queries if "django_session" not in q["sql"]] == []
    assert len(queries) == 1
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
    assert token.sub("", again) == token.sub("", first)


def test_without_a_kept_copy_the_page_is_computed(client, scene):
    service, _coordinator, shift, _need = scene
    url = month_url(service, shift)
    read(client, url)
    caching.coverage_changed(service.pk)
    with CaptureQueriesContext(connection) as queries:
        read(client, url)
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    assert "rosters_availabilitywindow" in tables and "catalog_service" in tables


def test_a_coordinator_who_lost_the_role_is_refused_the_kept_page(client, scene):
    service, coordinator, shift, _need = scene
    url = month_url(service, shift)
    read(client, url)
    Membership.objects.filter(user=coordinator).delete()
    assert client.get(url).status_code == 404


def test_a_service_without_rosters_any_more_is_refused_from_the_kept_page(client, scene):
    service, _coordinator, shift, _need = scene
    url = month_url(service, shift)
    read(client, url)
    service.patterns = [p for p in service.patterns if p != "roster"]
    service.save()
    assert client.get(url).status_code == 404


def test_an_agent_gets_the_page_without_alert_buttons_after_a_coordinator(client, scene):
    """Agents read the coverage but may not call out: the copy is kept per roles."""
    service, _coordinator, shift, _need = scene
    url = month_url(service, shift)
    assert "Alerter" in read(client, url)
    agent = MembershipFactory(organisation=service.authority, role="agent").user
    client.force_login(agent)
    page = read(client, url)
    assert "Manque" in page or "manque" in page
    assert "Alerter" not in page


def test_each_reader_gets_their_own_csrf_token_in_the_kept_alert_forms(client, scene):
    service, _coordinator, shift, _need = scene
    url = month_url(service, shift)
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    first = token.findall(read(client, url))
    other = coordinator_of(service)
    client.force_login(other)
    page = read(client, url)
    second = token.findall(page)
    assert first and second and set(first).isdisjoint(second)
    assert CSRF_SLOT not in page
    assert client.cookies["csrftoken"].value  # the token shown is the one the cookie holds


def test_a_renamed_service_shows_its_new_name_at_once(client, scene):
    service, _coordinator, shift, _need = scene
    url = month_url(service, shift)
    read(client, url)
    service.name = "Gardes du centre de Voiron"
    service.save()
    assert "Gardes du centre de Voiron" in read(client, url)


def test_the_alert_button_goes_once_the_shift_has_started(client, scene):
    """A kept copy ends when the next shift it shows starts (caching.page_seconds)."""
    service, _coordinator, shift, _need = scene
    url = month_url(service, shift)
    with freeze_time(shift.starts_at - timedelta(minutes=1)):
        assert "Alerter" in read(client, url)
    with freeze_time(shift.starts_at + timedelta(minutes=1)):  # the same day: the same key
        assert "Alerter" not in read(client, url)


def test_a_kept_page_lasts_until_the_next_shift_it_shows_starts():
    now = timezone.now()
    starts = [now - timedelta(hours=2), now + timedelta(hours=3), now + timedelta(hours=1)]
    assert 3590 <= caching.page_seconds(starts) <= 3600
    assert caching.page_seconds([now - timedelta(hours=1)]) == caching.PAGE_SECONDS


def test_the_default_month_follows_the_date(client, scene):
    """Without ?month the page shows today's month: today's date is in the key."""
    service, _coordinator, _shift, _need = scene
    url = reverse("rosters:coverage", args=[service.slug])
    tz = timezone.get_current_timezone()
    midnight = datetime.combine(timezone.localdate().replace(day=1) + timedelta(days=32),
                                time(0), tzinfo=tz).replace(day=1)
    with freeze_time(midnight - timedelta(minutes=1)):
        assert f'value="{midnight - timedelta(days=1):%Y-%m}"' in read(client, url)
    with freeze_time(midnight + timedelta(minutes=1)):  # well within the copy's lifetime
        assert f'value="{midnight:%Y-%m}"' in read(client, url)


def test_a_page_in_another_language_is_kept_apart(client, scene):
    service, _coordinator, shift, _need = scene
    url = month_url(service, shift)
    assert "Couverture des besoins" in read(client, url)
    client.cookies["django_language"] = "en"
    assert "Couverture des besoins" not in read(client, url)
