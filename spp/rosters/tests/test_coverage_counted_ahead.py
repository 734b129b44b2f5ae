"""Who is qualified and available, counted ahead for the coverage day view
(``services.availability_count``): the page shows the same figures as when it counts them
itself, says when they were counted, and counts itself again when the count is missing or
too old."""

import re
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from spp.rosters import selectors, services
from spp.rosters.models import DayAvailability
from spp.rosters.tests import coverage_roster
from spp.rosters.tests.factories import coordinator_of, roster_service, shift_with_need, volunteer

pytestmark = pytest.mark.django_db


def _figures(found) -> list[str]:
    """The day view's rows and hours as lines, without when they were counted."""
    return (coverage_roster.period_lines([found])
            + coverage_roster.hours_lines((found["hours"], found["codes"])))


def test_the_day_counted_ahead_shows_the_figures_the_page_would_count_itself():
    service = coverage_roster.build()
    for first, last in coverage_roster.PERIODS:
        live = {day: _figures(selectors.coverage_day(service, day))
                for day in (first + timedelta(days=n) for n in range((last - first).days + 1))}
        assert services.availability_count(service=service, first=first, last=last) == len(live)
        for day, figures in live.items():
            found = selectors.coverage_day(service, day)
            assert found["counted_at"] is not None
            assert _figures(found) == figures, day


class Scene:
    """A coordinator (signed in) reading the coverage of a day with one future shift needing
    two "equipier", and one volunteer holding it, available all week."""

    def __init__(self, client):
        self.client = client
        self.service = roster_service()
        self.shift, self.need = shift_with_need(self.service, "equipier", min_count=2,
                                                max_count=3)
        volunteer(self.service, "equipier")
        client.force_login(coordinator_of(self.service))
        self.day = timezone.localtime(self.shift.starts_at).date()

    def page(self) -> str:
        """The day's page, its cells' ``data-label`` (their column's name on a phone) left out,
        so that a need's row reads as its numbers."""
        response = self.client.get(reverse("rosters:coverage", args=[self.service.slug]),
                                   {"jour": f"{self.day:%Y-%m-%d}"})
        assert response.status_code == 200
        return re.sub(r' data-label="[^"]*"', "", response.content.decode())

    def count(self) -> None:
        services.availability_count(service=self.service, first=self.day, last=self.day)


@pytest.fixture
def scene(client):
    return Scene(client)


def test_the_page_says_when_it_counted_the_available_people(scene):
    assert "Disponibles comptés à l’instant." in scene.page()
    scene.count()
    page = scene.page()
    assert "Disponibles comptés le " in page and "à l’instant" not in page
    assert "<td>2</td><td>1</td><td>0</td>" in page


def test_a_volunteer_added_after_the_count_shows_at_the_next_count(scene):
    scene.count()
    volunteer(scene.service, "equipier")
    assert "<td>2</td><td>1</td><td>0</td>" in scene.page()  # as counted, and said so
    scene.count()
    assert "<td>2</td><td>2</td><td>0</td>" in scene.page()


def test_a_need_created_after_the_count_shows_a_dash_until_the_next_count(scene):
    scene.count()
    shift_with_need(scene.service, "equipier", min_count=1, starts_at=scene.shift.starts_at,
                    ends_at=scene.shift.ends_at)
    page = scene.page()
    assert "<td>1</td><td>—</td><td>0</td>" in page and "<td>2</td><td>1</td><td>0</td>" in page


def test_a_count_older_than_the_limit_is_ignored_and_the_page_counts_itself(scene, settings):
    scene.count()
    volunteer(scene.service, "equipier")
    DayAvailability.objects.update(
        counted_at=timezone.now() - timedelta(seconds=settings.ROSTERS_AVAILABILITY_MAX_AGE + 1))
    page = scene.page()
    assert "Disponibles comptés à l’instant." in page
    assert "<td>2</td><td>2</td><td>0</td>" in page


def test_counting_again_replaces_the_days_and_forgets_those_gone_by():
    service = roster_service()
    first = date(2030, 5, 6)
    services.availability_count(service=service, first=first, last=first + timedelta(days=6))
    services.availability_count(service=service, first=first + timedelta(days=2),
                                last=first + timedelta(days=9))
    days = list(DayAvailability.objects.filter(service=service).order_by("day")
                .values_list("day", flat=True))
    assert days == [first + timedelta(days=n) for n in range(2, 10)]


def test_the_command_counts_the_coming_days_of_each_rosters_service_with_shifts(settings):
    settings.ROSTERS_AVAILABILITY_DAYS = 3
    with_shifts, without = roster_service(), roster_service()
    shift_with_need(with_shifts, "equipier",
                    starts_at=timezone.now() + timedelta(days=1),
                    ends_at=timezone.now() + timedelta(days=1, hours=4))
    output = StringIO()
    call_command("rosters_count_availability", stdout=output)
    assert f"{with_shifts.slug}: 3 jour(s) comptés." in output.getvalue()
    assert DayAvailability.objects.filter(service=with_shifts).count() == 3
    assert not DayAvailability.objects.filter(service=without).exists()
