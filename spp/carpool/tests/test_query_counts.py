"""The queries of the carpool pages the benchmark measures, beyond the page's frame (the
person, the brand, the charter banner, the menu's roles: the core's to count,
``spp/core/tests/test_page_frame.py``), told apart as those a frame-only page opened by the
same person just before also ran. Each page's own count is fixed, whatever the rows it lists
(the tests next to each page check that it does not grow)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from spp.carpool.tests.factories import (
    LineFactory,
    book,
    contributor_of,
    coordinator_of,
    publish_trip,
    stops_of,
    tariff_for,
    tomorrow_at,
)
from spp.ops.query_counts import page_own_queries

pytestmark = pytest.mark.django_db


def own_count(client, url, params=None) -> int:
    return len(page_own_queries(client, url, params))


def test_a_passenger_s_search_with_results_reads_eight_queries(client):
    """The line with its service, its stops, the enrolment (whether a newer charter exists
    read in the same row), the trips, the search recorded, the line's tariff and the tax
    scale (its table and brackets: the expenses app's read)."""
    line = LineFactory()
    tariff_for(line)
    for index in range(3):
        publish_trip(line, departs_at=tomorrow_at(7, 10 * index),
                     vehicle_class=["5cv", "4cv", "6cv"][index])
    client.force_login(contributor_of(line.service))
    stops = stops_of(line)
    params = {"montee": stops[0].pk, "descente": stops[-1].pk,
              "jour": tomorrow_at(7).date().isoformat(), "de": "06:00", "a": "09:00",
              "places": 1}
    assert own_count(client, line.get_absolute_url(), params) == 8


def test_a_driver_s_trips_read_two_queries(client):
    """Their trips' page (its count in the same query) and their bookings."""
    line = LineFactory()
    driver = contributor_of(line.service)
    for hour in range(7, 10):
        book(publish_trip(line, driver, departs_at=tomorrow_at(hour)))
    client.force_login(driver)
    assert own_count(client, reverse("carpool:my_trips")) == 2


def test_the_line_dashboard_reads_five_queries(client):
    """The line with its service, the month's hourly figures (summed per hour and direction
    by the database), the flagged bookings with their count, the unmatched pairs and the
    incentives."""
    line = LineFactory()
    tariff_for(line)
    start = tomorrow_at(7)
    for index in range(3):
        book(publish_trip(line, departs_at=start + timedelta(minutes=7 * index)))
    client.force_login(coordinator_of(line.service))
    url = reverse("carpool:line_dashboard", args=[line.service.slug, line.code])
    assert own_count(client, url, {"mois": f"{start:%Y-%m}"}) == 5
