""" "Mes gardes" a week and a month at a time: each day named (in the page's language),
links to the previous and next period, an empty state."""

from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from spp.rosters import services
from spp.rosters.tests.factories import roster_service, shift_with_need, volunteer

pytestmark = pytest.mark.django_db


def at(day: date, hour: int = 8):
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


def next_monday_in_a_fortnight() -> date:
    """A Monday at least a week ahead (shifts must start in the future), whatever today."""
    today = timezone.localdate()
    return today + timedelta(days=14 - today.weekday())


def person_with_shift_on(day: date, title: str = "Garde du mercredi"):
    service = roster_service()
    _shift, need = shift_with_need(service, title=title, starts_at=at(day))
    person = volunteer(service)
    services.assignment_signup(actor=person, need=need)
    return person


def test_the_week_view_names_each_day_and_places_the_shift_on_its_day(client):
    monday = next_monday_in_a_fortnight()
    person = person_with_shift_on(monday + timedelta(days=2))
    client.force_login(person)
    page = client.get(
        reverse("rosters:my_shifts"),
        {"vue": "semaine", "du": f"{monday + timedelta(days=4):%Y-%m-%d}"},
    ).content.decode()
    for name in ("Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche"):
        assert name in page
    wednesday = page.index(f'id="jour-{monday + timedelta(days=2):%Y-%m-%d}"')
    thursday = page.index(f'id="jour-{monday + timedelta(days=3):%Y-%m-%d}"')
    assert wednesday < page.index("Garde du mercredi") < thursday
    assert f"du={monday - timedelta(days=7):%Y-%m-%d}" in page
    assert f"du={monday + timedelta(days=7):%Y-%m-%d}" in page


def test_the_week_view_reads_english_on_an_english_page(client):
    monday = next_monday_in_a_fortnight()
    client.force_login(person_with_shift_on(monday + timedelta(days=2)))
    client.cookies["django_language"] = "en"
    page = client.get(
        reverse("rosters:my_shifts"), {"vue": "semaine", "du": f"{monday:%Y-%m-%d}"}
    ).content.decode()
    assert "Wednesday" in page and "Mercredi" not in page


def test_the_month_view_shows_a_grid_and_the_days_with_shifts(client):
    monday = next_monday_in_a_fortnight()
    day = monday + timedelta(days=2)
    client.force_login(person_with_shift_on(day))
    page = client.get(
        reverse("rosters:my_shifts"), {"vue": "mois", "du": f"{day:%Y-%m-%d}"}
    ).content.decode()
    assert 'class="rosters-month"' in page and "1 garde en" in page
    assert f'href="#jour-{day:%Y-%m-%d}"' in page and "Garde du mercredi" in page
    first = day.replace(day=1)
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    assert f"du={previous:%Y-%m-%d}" in page and f"du={following:%Y-%m-%d}" in page


def test_an_empty_week_and_month_say_so(client):
    client.force_login(volunteer(roster_service()))
    week = client.get(reverse("rosters:my_shifts"), {"vue": "semaine"}).content.decode()
    month = client.get(reverse("rosters:my_shifts"), {"vue": "mois"}).content.decode()
    assert "Aucune garde cette semaine." in week
    assert "Aucune garde ce mois-ci." in month


def test_a_bad_date_answers_400_with_the_error(client):
    client.force_login(volunteer(roster_service()))
    response = client.get(reverse("rosters:my_shifts"), {"vue": "semaine", "du": "1850-01-01"})
    assert response.status_code == 400
