"""The carpool pages through HTTP, as people use them: searching and booking, offering a trip,
typing the code, and the coordinators' pages (with who may open them)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from spp.carpool.models import Booking, JourneyProof, Line, LineTariff, RideSearch, Trip
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
from spp.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _search_params(line, boarding=0, alighting=-1, start="07:00", end="08:30"):
    stops = stops_of(line)
    return {"montee": stops[boarding].pk, "descente": stops[alighting].pk,
            "jour": tomorrow_at(7).date().isoformat(), "de": start, "a": end, "places": 1}


def test_the_service_page_lists_its_open_lines(client):
    line = LineFactory(name="Voiron – Voreppe")
    LineFactory(service=line.service, name="Ligne fermée", is_active=False)
    client.force_login(contributor_of(line.service))
    page = client.get(reverse("carpool:service_home", args=[line.service.slug]))
    assert "Voiron – Voreppe" in page.text and "Ligne fermée" not in page.text


def test_a_search_shows_matching_trips_with_the_cost_share_and_is_recorded(client):
    line = LineFactory()
    tariff_for(line, share="0.10")
    trip = publish_trip(line, departs_at=tomorrow_at(7, 30))
    passenger = contributor_of(line.service)
    client.force_login(passenger)
    page = client.get(line.get_absolute_url(), _search_params(line))
    assert page.status_code == 200
    assert "Passage à 07:30" in page.text
    assert f'action="{reverse("carpool:booking_create", args=[trip.pk])}"' in page.text
    assert "participation aux frais : 1,53\u00a0€" in page.text
    search = RideSearch.objects.get()
    assert (search.passenger, search.matches) == (passenger, 1)


def test_a_search_with_nothing_found_says_so(client):
    line = LineFactory()
    client.force_login(contributor_of(line.service))
    page = client.get(line.get_absolute_url(), _search_params(line))
    assert "Aucun conducteur ne passe" in page.text
    assert RideSearch.objects.get().matches == 0


def test_a_search_with_the_same_stop_twice_is_explained(client):
    line = LineFactory()
    client.force_login(contributor_of(line.service))
    page = client.get(line.get_absolute_url(), _search_params(line, 0, 0))
    assert "différent de celui de montée" in page.text
    assert not RideSearch.objects.exists()


def test_booking_from_the_results_takes_a_seat_and_shows_the_code(client):
    line = LineFactory()
    trip = publish_trip(line)
    passenger = contributor_of(line.service)
    client.force_login(passenger)
    stops = stops_of(line)
    answer = client.post(reverse("carpool:booking_create", args=[trip.pk]),
                         {"montee": stops[1].pk, "descente": stops[2].pk, "places": 1},
                         follow=True)
    booking = Booking.objects.get()
    assert booking.passenger == passenger
    assert booking.code in answer.text and "Place réservée" in answer.text


def test_a_booking_whose_alighting_precedes_boarding_is_refused_with_the_reason(client):
    line = LineFactory()
    trip = publish_trip(line)
    client.force_login(contributor_of(line.service))
    stops = stops_of(line)
    answer = client.post(reverse("carpool:booking_create", args=[trip.pk]),
                         {"montee": stops[2].pk, "descente": stops[0].pk, "places": 1},
                         follow=True)
    assert "choisissez une descente après la montée" in answer.text
    assert not Booking.objects.exists()


def test_a_driver_offers_a_trip_from_the_form(client):
    line = LineFactory()
    driver = contributor_of(line.service)
    client.force_login(driver)
    stops = stops_of(line)
    url = reverse("carpool:trip_publish", args=[line.service.slug, line.code])
    answer = client.post(url, {
        "departure_stop": stops[0].pk, "arrival_stop": stops[2].pk,
        "day": tomorrow_at(8).date().isoformat(), "departure_time": "08:10", "seats": 2,
        "vehicle_class": "5cv", "tolls": "", "parking": ""}, follow=True)
    trip = Trip.objects.get()
    assert (trip.driver, trip.seats, trip.departs_at) == (driver, 2, tomorrow_at(8, 10))
    assert "Votre trajet est proposé" in answer.text


def test_a_trip_in_the_past_is_refused_beside_the_form(client):
    line = LineFactory()
    client.force_login(contributor_of(line.service))
    stops = stops_of(line)
    answer = client.post(reverse("carpool:trip_publish", args=[line.service.slug, line.code]), {
        "departure_stop": stops[0].pk, "arrival_stop": stops[2].pk, "day": "2020-01-06",
        "departure_time": "08:10", "seats": 2, "vehicle_class": "5cv"})
    assert answer.status_code == 400 and "déjà passé" in answer.text
    assert not Trip.objects.exists()


def test_the_driver_types_the_code_on_the_trip_page(client, monkeypatch):
    line = LineFactory()
    booking = book(publish_trip(line, departs_at=tomorrow_at(7, 30)))
    from spp.carpool.services import proofs
    real_now = booking.boards_at
    monkeypatch.setattr(proofs.timezone, "now", lambda: real_now)
    client.force_login(booking.trip.driver)
    answer = client.post(reverse("carpool:journey_confirm_by_driver", args=[booking.pk]),
                         {"code": booking.code}, follow=True)
    assert "Trajet confirmé (preuve de classe A)" in answer.text
    assert JourneyProof.objects.get().booking == booking


def test_someone_else_cannot_see_a_booking_or_a_trip(client):
    line = LineFactory()
    booking = book(publish_trip(line))
    client.force_login(contributor_of(line.service))
    assert client.get(booking.get_absolute_url()).status_code == 404
    assert client.get(booking.trip.get_absolute_url()).status_code == 404


def test_my_trips_lists_what_i_drive_and_what_i_booked(client):
    line = LineFactory()
    booking = book(publish_trip(line))
    client.force_login(booking.passenger)
    page = client.get(reverse("carpool:my_trips"))
    assert "Voiron — Gare → Voreppe — Centre" in page.text
    assert "Vous ne proposez aucun trajet." in page.text


def test_my_trips_costs_the_same_queries_with_1_or_6_trips_and_bookings(
        client, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    line = LineFactory()
    driver = contributor_of(line.service)
    passenger = contributor_of(line.service)

    def add_one(hour):
        trip = publish_trip(line, driver, departs_at=tomorrow_at(hour))
        publish_trip(line, passenger, departs_at=tomorrow_at(hour, 30))
        book(trip, passenger)

    add_one(7)
    client.force_login(passenger)
    url = reverse("carpool:my_trips")
    client.get(url)  # per-process caches warmed
    with CaptureQueriesContext(connection) as few:
        page = client.get(url)
    assert page.status_code == 200
    for hour in range(8, 13):
        add_one(hour)
    with django_assert_num_queries(len(few)):
        page = client.get(url)
    text = page.content.decode()
    assert text.count(reverse("carpool:trip_detail", args=[0])[:-2]) == 6
    assert text.count("/reservations/") == 6 and "Réservée" in text and "Proposé" in text
    assert "0/3 places réservées" in text


def test_a_person_not_enrolled_is_told_how_to_join(client):
    line = LineFactory()
    client.force_login(UserFactory())
    page = client.get(line.get_absolute_url())
    assert "inscrivez-vous à ce service" in page.text
    assert "Proposer un trajet" not in page.text


def test_a_coordinator_creates_a_line_with_its_stops(client):
    line = LineFactory()
    service = line.service
    client.force_login(coordinator_of(service))
    data = {"line-name": "Voiron – Rives", "line-code": "voiron-rives", "line-is_active": "on",
            "line-operates_from": "06:00", "line-operates_until": "20:00",
            "line-waiting_minutes": 20, "stops-TOTAL_FORMS": 2, "stops-INITIAL_FORMS": 0}
    for index, (name, lat, lon, insee, minutes, km) in enumerate(
            [("Voiron — Gare", "45.3639", "5.5893", "38563", 0, "0"),
             ("Rives — Gare", "45.3530", "5.5010", "38337", 12, "9,5")]):
        data.update({f"stops-{index}-position": index + 1, f"stops-{index}-name": name,
                     f"stops-{index}-latitude": lat, f"stops-{index}-longitude": lon,
                     f"stops-{index}-insee_code": insee,
                     f"stops-{index}-minutes_from_previous": minutes,
                     f"stops-{index}-km_from_previous": km, f"stops-{index}-parking_places": 0})
    answer = client.post(reverse("carpool:line_create", args=[service.slug]), data, follow=True)
    assert "Ligne enregistrée." in answer.text
    created = Line.objects.get(code="voiron-rives")
    assert [stop.name for stop in created.stops.order_by("position")] == [
        "Voiron — Gare", "Rives — Gare"]
    assert created.stops.get(position=2).km_from_previous == Decimal("9.50")


def test_a_line_with_one_stop_is_refused_and_not_kept(client):
    line = LineFactory()
    client.force_login(coordinator_of(line.service))
    data = {"line-name": "Seule", "line-code": "seule", "line-operates_from": "06:00",
            "line-operates_until": "20:00", "line-waiting_minutes": 20,
            "stops-TOTAL_FORMS": 1, "stops-INITIAL_FORMS": 0, "stops-0-position": 1,
            "stops-0-name": "Voiron", "stops-0-latitude": "45.36", "stops-0-longitude": "5.58",
            "stops-0-insee_code": "38563", "stops-0-minutes_from_previous": 0,
            "stops-0-km_from_previous": "0", "stops-0-parking_places": 0}
    answer = client.post(reverse("carpool:line_create", args=[line.service.slug]), data)
    assert answer.status_code == 400 and "au moins deux arrêts" in answer.text
    assert not Line.objects.filter(code="seule").exists()


def test_a_coordinator_adds_dated_cost_sharing_rules(client):
    line = LineFactory()
    client.force_login(coordinator_of(line.service))
    answer = client.post(reverse("carpool:line_tariff", args=[line.service.slug, line.code]), {
        "valid_from": "2027-01-01", "passenger_share_per_km": "0,08",
        "incentive_per_passenger": "1,50", "monthly_incentive_cap": "150",
        "decided_by": "Délibération du 12 décembre 2026"}, follow=True)
    assert "Nouvelles règles enregistrées." in answer.text
    assert LineTariff.objects.get().passenger_share_per_km == Decimal("0.08")


@pytest.mark.parametrize("url_name", ["service_manage", "line_create"])
def test_the_management_pages_are_hidden_from_citizens_and_other_authorities(client, url_name):
    line = LineFactory()
    other = coordinator_of(LineFactory().service)
    for person in (contributor_of(line.service), other):
        client.force_login(person)
        assert client.get(reverse(f"carpool:{url_name}",
                                  args=[line.service.slug])).status_code == 404


def test_the_search_page_reads_a_fixed_number_of_queries_whatever_the_trips_found(client):
    """Trips of several vehicles over the window: the scale is read once for the day."""
    from datetime import timedelta

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    line = LineFactory()
    tariff_for(line)
    passenger = contributor_of(line.service)
    client.force_login(passenger)
    params = _search_params(line, start="06:00", end="09:00")
    client.get(line.get_absolute_url(), params)  # per-process caches warmed (the brand)
    counts = []
    for trips in (2, 12):
        for index in range(trips - Trip.objects.count()):
            publish_trip(line, departs_at=tomorrow_at(6, 30) + timedelta(minutes=index + 1),
                         vehicle_class=["5cv", "4cv", "6cv", "7cv_et_plus"][index % 4])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(line.get_absolute_url(), params).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
