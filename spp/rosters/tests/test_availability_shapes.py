"""Availability declared in the shapes of the service's own shifts (issue #14, item 3): saving
the week never reshapes nor drops a window, and a shift whose shape is ticked is within the
person's availability."""

from datetime import time, timedelta

import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone

from spp.rosters import selectors, services
from spp.rosters.models import AvailabilityWindow, Shift
from spp.rosters.tests.factories import coordinator_of, roster_service, volunteer

pytestmark = pytest.mark.django_db

CRECHE = [
    ("Permanence du matin", time(7, 30), time(12, 30)),
    ("Permanence de l’après-midi", time(12, 30), time(18, 30)),
]


def next_monday():
    today = timezone.localdate()
    return today + timedelta(days=(7 - today.weekday()) % 7 or 7)


def creche():
    """A crèche as in the demo: a morning and an afternoon duty every weekday (public
    holidays included, so that the test does not depend on the calendar), generated up to the
    Monday after next."""
    service = roster_service()
    coordinator = coordinator_of(service)
    today = timezone.localdate()
    for title, start, end in CRECHE:
        pattern = services.pattern_create(
            actor=coordinator,
            service=service,
            title=title,
            place="Crèche",
            weekdays=[0, 1, 2, 3, 4],
            start_time=start,
            end_time=end,
            needs=[{"code": "", "min": 1, "max": 2}],
            valid_from=today,
            skip_public_holidays=False,
        )
        services.pattern_generate(
            actor=coordinator, pattern=pattern, first=today, last=next_monday() + timedelta(days=1)
        )
    return service


def parent_with_odd_windows(service):
    """A parent who typed Thursday 07:00–19:00 and Saturday 19:00–24:00 (no shift's shape)."""
    parent = volunteer(service, always_available=False)
    services.availability_window_add(
        actor=parent, service=service, weekday=3, start_minute=7 * 60, end_minute=19 * 60
    )
    services.availability_window_add(
        actor=parent, service=service, weekday=5, start_minute=19 * 60, end_minute=0
    )
    return parent


def windows_of(person):
    return set(
        AvailabilityWindow.objects.filter(user=person).values_list(
            "weekday", "start_minute", "end_minute"
        )
    )


def submit_week(client, url, tick):
    """Submit the week form as a browser would: what the page shows, plus the boxes of
    ``tick`` [(day legend, words of the label)]."""
    page = lxml.html.fromstring(client.get(url).content)
    form = next(f for f in page.forms if f.fields.get("action") == "grid")
    data = dict(form.form_values())
    for legend, words in tick:
        day = next(f for f in form.xpath(".//fieldset") if f.findtext("legend") == legend)
        label = next(
            lab for lab in day.xpath(".//label") if words.lower() in lab.text_content().lower()
        )
        data[label.find("input").get("name")] = "on"
    return client.post(url, data)


def monday_afternoon_row(client, service):
    monday = next_monday()
    response = client.get(
        reverse("rosters:open_shifts", args=[service.slug]), {"du": monday.isoformat()}
    )
    shift = Shift.objects.get(service=service, title=CRECHE[1][0], starts_at__date=monday)
    return next(row for row in response.context["rows"] if row["shift"].pk == shift.pk)


def test_saving_the_week_keeps_windows_matching_no_shift_and_covers_the_ticked_one(client):
    service = creche()
    parent = parent_with_odd_windows(service)
    client.force_login(parent)
    assert not monday_afternoon_row(client, service)["available"]
    url = reverse("rosters:availability", args=[service.slug])
    response = submit_week(client, url, [("Lundi", "après-midi")])
    assert response.status_code == 302
    assert windows_of(parent) == {(3, 420, 1140), (5, 1140, 1440), (0, 750, 1110)}
    assert monday_afternoon_row(client, service)["available"]


def test_the_week_offers_the_services_shifts_and_shows_the_other_windows(client):
    service = creche()
    parent = parent_with_odd_windows(service)
    client.force_login(parent)
    page = client.get(reverse("rosters:availability", args=[service.slug])).content.decode()
    assert "07:30–12:30 · Permanence du matin" in page
    assert "12:30–18:30 · Permanence de l’après-midi" in page
    assert "Matin (6 h – 12 h)" not in page
    assert "19:00–24:00" in page  # Saturday's window, which no shift matches, is shown


def test_thursday_window_covering_both_shifts_shows_them_ticked_and_resaving_changes_nothing(
    client,
):
    service = creche()
    parent = parent_with_odd_windows(service)
    client.force_login(parent)
    url = reverse("rosters:availability", args=[service.slug])
    grid = client.get(url).context["grid"]
    thursday = [s for s in grid.shapes if s.weekday == 3]
    assert [grid[s.key].initial for s in thursday] == [True, True]
    before = windows_of(parent)
    assert submit_week(client, url, []).status_code == 302
    assert windows_of(parent) == before


def test_unticking_a_shift_cuts_out_only_that_shift(client):
    service = creche()
    parent = parent_with_odd_windows(service)
    client.force_login(parent)
    url = reverse("rosters:availability", args=[service.slug])
    page = lxml.html.fromstring(client.get(url).content)
    form = next(f for f in page.forms if f.fields.get("action") == "grid")
    data = dict(form.form_values())
    del data["s3_450_750"]  # Thursday morning unticked
    assert client.post(url, data).status_code == 302
    assert windows_of(parent) == {(3, 420, 450), (3, 750, 1140), (5, 1140, 1440)}


def test_a_box_unticked_on_a_page_shown_before_another_tab_added_it_removes_nothing(client):
    service = creche()
    parent = volunteer(service, always_available=False)
    client.force_login(parent)
    url = reverse("rosters:availability", args=[service.slug])
    stale = {"action": "grid", "shown": ""}
    services.availability_window_add(
        actor=parent, service=service, weekday=1, start_minute=450, end_minute=750
    )
    assert client.post(url, stale).status_code == 302
    assert windows_of(parent) == {(1, 450, 750)}


def test_a_free_range_with_the_same_start_and_end_is_refused_and_kept_as_typed(client):
    service = creche()
    parent = volunteer(service, always_available=False)
    client.force_login(parent)
    response = client.post(
        reverse("rosters:availability", args=[service.slug]),
        {"action": "window", "window-weekday": "2", "window-start": "09:15", "window-end": "09:15"},
    )
    page = response.content.decode()
    assert "L’heure de fin doit être différente de l’heure de début." in page
    assert page.count('value="09:15"') == 2
    assert not windows_of(parent)


def test_a_free_range_ending_at_midnight_is_kept_to_24_00(client):
    service = creche()
    parent = volunteer(service, always_available=False)
    client.force_login(parent)
    client.post(
        reverse("rosters:availability", args=[service.slug]),
        {"action": "window", "window-weekday": "5", "window-start": "19:00", "window-end": "00:00"},
    )
    assert windows_of(parent) == {(5, 1140, 1440)}


def test_shapes_come_from_the_patterns_in_force_and_night_ones_span_two_days():
    service = roster_service()
    coordinator = coordinator_of(service)
    today = timezone.localdate()
    services.pattern_create(
        actor=coordinator,
        service=service,
        title="Nuit",
        place="CIS",
        weekdays=[6],
        start_time=time(19),
        end_time=time(7),
        needs=[{"code": "", "min": 1, "max": 1}],
        valid_from=today,
    )
    services.pattern_create(
        actor=coordinator,
        service=service,
        title="Ancienne",
        place="CIS",
        weekdays=[0],
        start_time=time(8),
        end_time=time(12),
        needs=[{"code": "", "min": 1, "max": 1}],
        valid_from=today - timedelta(days=60),
        valid_until=today - timedelta(days=1),
    )
    shapes = selectors.availability_shapes(service, today)
    assert [(s.weekday, s.start, s.end, s.label) for s in shapes] == [
        (6, 1140, 420, "19:00–07:00 · Nuit")
    ]
    assert shapes[0].parts == [(6, 1140, 1440), (0, 0, 420)]
    assert shapes[0].covered_by({6: [(1080, 1440)], 0: [(0, 420)]})
    assert not shapes[0].covered_by({6: [(1080, 1440)], 0: [(0, 360)]})


def test_a_service_without_recurring_shifts_offers_the_four_blocks_of_a_day():
    shapes = selectors.availability_shapes(roster_service(), timezone.localdate())
    assert len(shapes) == 28
    assert {s.label for s in shapes if s.weekday == 0} == {
        "Matin (6 h – 12 h)",
        "Après-midi (12 h – 18 h)",
        "Soir (18 h – 24 h)",
        "Nuit (0 h – 6 h)",
    }
