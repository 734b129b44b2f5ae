"""Carpool lines without the app: texts read as people type them, the gateway's webhook
refusing strangers, answers with the next trips, searches recorded, booking by SMS."""

from datetime import time
from types import SimpleNamespace

import pytest
from django.urls import reverse

from spp.carpool.models import Booking, RideSearch
from spp.carpool.sms_requests import SmsRequestError, match_stops, parse_sms
from spp.carpool.tests.factories import (
    LineFactory,
    contributor_of,
    publish_trip,
    tariff_for,
    tomorrow_at,
)
from spp.core.sms import INBOUND_TOKEN_HEADER, phone_normalise

TOKEN = "jeton-de-test"
PHONE = "+33612345678"


def sent_sms(caplog) -> list[tuple[str, str]]:
    """What the console gateway sent, read from its log records."""
    return [record.args for record in caplog.records if record.name == "spp.sms"]


@pytest.fixture
def gateway(settings, caplog):
    settings.SMS_BACKEND = "spp.core.sms.ConsoleSmsBackend"
    settings.SMS_INBOUND_TOKEN = TOKEN
    caplog.set_level("INFO", logger="spp.sms")
    return caplog


def text_in(client, service, text, *, sender=PHONE, token=TOKEN):
    return client.post(reverse("carpool:sms_inbound", args=[service.slug]),
                       {"from": sender, "text": text}, headers={INBOUND_TOKEN_HEADER: token})


def with_phone(user, phone="06 12 34 56 78"):
    user.phone = phone
    user.save(update_fields=["phone"])
    return user


# Reading texts


@pytest.mark.parametrize(("text", "words", "at", "seats", "tomorrow"), [
    ("VOIRON MOIRANS 7H30", ("voiron", "moirans"), time(7, 30), 1, False),
    ("Voiron Voreppe 17:45 2", ("voiron", "voreppe"), time(17, 45), 2, False),
    ("voiron moirans 7h 3p", ("voiron", "moirans"), time(7, 0), 3, False),
    ("7h30 Voiron Voreppe 2 places", ("voiron", "voreppe"), time(7, 30), 2, False),
    ("Moirans, Vorèppe, 8.05 demain.", ("moirans", "voreppe"), time(8, 5), 1, True),
    ("St-Égrève Voiron 6h45", ("saint", "egreve", "voiron"), time(6, 45), 1, False),
])
def test_a_search_is_read_in_the_forms_people_type(text, words, at, seats, tomorrow):
    request = parse_sms(text)
    assert (request.kind, request.words, request.at, request.seats, request.tomorrow) == (
        "search", words, at, seats, tomorrow)


def test_replies_to_book_or_ask_for_a_guaranteed_ride_are_read():
    assert (parse_sms("RESA 2").kind, parse_sms("RESA 2").choice) == ("book", 2)
    assert parse_sms("resa1").choice == 1
    assert parse_sms(" Garanti ").kind == "guarantee"


@pytest.mark.parametrize(("text", "says"), [
    ("bonjour", "Heure non reconnue"),
    ("voiron moirans 25h", "Heure impossible"),
    ("voiron moirans 7h75", "Heure impossible"),
    ("voiron 7h30", "deux arrets"),
    ("voiron moirans 7h30 9", "De 1 a 8 places"),
    ("RESA 7", "RESA 1, RESA 2 ou RESA 3"),
])
def test_a_text_that_is_not_a_request_is_told_the_expected_form(text, says):
    with pytest.raises(SmsRequestError, match=says) as refused:
        parse_sms(text)
    if "RESA" not in says:
        assert "DEPART ARRIVEE HEURE" in str(refused.value)


def _stop(pk, line_id, name):
    return SimpleNamespace(pk=pk, line_id=line_id, name=name, line=f"ligne {line_id}")


def test_stop_names_match_without_accents_case_or_the_rest_of_the_name():
    stops = [_stop(1, 1, "Voiron — Gare"), _stop(2, 1, "Saint-Égrève — Prédieu"),
             _stop(3, 1, "Voreppe — Centre"), _stop(4, 2, "Moirans — Gare"),
             _stop(5, 2, "Voiron — Gare")]
    found = match_stops(stops, parse_sms("ST EGREVE voiron 7h").words)
    assert (found.boarding.pk, found.alighting.pk) == (2, 1)
    found = match_stops(stops, parse_sms("Vorep à voiron gare 7h").words)
    assert (found.boarding.pk, found.alighting.pk) == (3, 1)
    found = match_stops(stops, parse_sms("voiron MOIRANS 7h").words)  # the line with both
    assert (found.line, found.boarding.pk, found.alighting.pk) == ("ligne 2", 5, 4)
    assert match_stops(stops, parse_sms("Grenoble Voiron 7h").words) is None


def test_numbers_are_normalised_as_gateways_write_them():
    assert {phone_normalise(p) for p in ("06 12 34 56 78", "+33 6 12 34 56 78",
                                         "0033612345678", "+33 (0)6 12 34 56 78")} == {PHONE}


# The webhook


@pytest.mark.django_db
def test_the_webhook_refuses_a_wrong_or_missing_token(client, gateway, settings):
    line = LineFactory()
    assert text_in(client, line.service, "VOIRON MOIRANS 7H30", token="faux").status_code == 403
    assert client.post(reverse("carpool:sms_inbound", args=[line.service.slug]),
                       {"from": PHONE, "text": "x"}).status_code == 403
    settings.SMS_INBOUND_TOKEN = ""  # no secret configured: nobody gets in
    assert text_in(client, line.service, "VOIRON MOIRANS 7H30", token="").status_code == 403
    assert sent_sms(gateway) == [] and not RideSearch.objects.exists()


@pytest.mark.django_db
def test_the_webhook_names_the_missing_field(client, gateway):
    line = LineFactory()
    response = text_in(client, line.service, "", sender="")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"from", "text"}


@pytest.mark.django_db
def test_a_search_by_sms_answers_with_the_next_trips_and_is_recorded(client, gateway):
    line = LineFactory()
    tariff_for(line)
    trips = [publish_trip(line, departs_at=tomorrow_at(7, minute)) for minute in (0, 20, 40)]
    publish_trip(line, departs_at=tomorrow_at(7, 50))  # a fourth one: three are enough
    passenger = with_phone(contributor_of(line.service))
    response = text_in(client, line.service, "voiron MOIRANS 7h30 demain")
    assert response.status_code == 200 and response.json() == {"status": "answered"}
    [(phone, text)] = sent_sms(gateway)
    assert phone == PHONE
    # 7.20 km × 0.10 € per km for one seat: 0.72 € at most, far below the scale's costs.
    assert "1) 7h00, 3 place(s), participation 0,72 EUR" in text
    assert "2) 7h20" in text and "3) 7h40" in text and "7h50" not in text
    assert "RESA 1 ou RESA 2 ou RESA 3" in text
    search = RideSearch.objects.get()
    assert (search.channel, search.phone, search.passenger, search.matches,
            search.offered_trips) == ("sms", PHONE, passenger, 3, [t.pk for t in trips])
    assert search.window_start == tomorrow_at(7, 0) and search.window_end == tomorrow_at(8, 0)


@pytest.mark.django_db
def test_a_gateway_retrying_its_post_does_not_record_the_search_twice(client, gateway):
    line = LineFactory()
    for _ in range(2):
        text_in(client, line.service, "voiron moirans 7h30 demain")
    assert RideSearch.objects.count() == 1 and len(sent_sms(gateway)) == 2


@pytest.mark.django_db
def test_an_unknown_number_is_sent_to_the_site_to_book(client, gateway):
    line = LineFactory()
    publish_trip(line, departs_at=tomorrow_at(7, 30))
    text_in(client, line.service, "Voiron Voreppe 7:30 2 demain")
    [(_phone, text)] = sent_sms(gateway)
    assert "1) 7h30" in text and "RESA" not in text
    assert line.get_absolute_url() in text
    assert RideSearch.objects.get().passenger is None


@pytest.mark.django_db
def test_unknown_stops_get_the_stop_list_and_the_expected_form(client, gateway):
    line = LineFactory()
    text_in(client, line.service, "Grenoble Lyon 7h30")
    [(_phone, text)] = sent_sms(gateway)
    assert "Arrets non reconnus" in text and "Moirans — Gare" in text
    assert "DEPART ARRIVEE HEURE" in text
    assert not RideSearch.objects.exists()


@pytest.mark.django_db
def test_no_trip_found_is_said_and_recorded_as_unmet_demand(client, gateway):
    line = LineFactory()
    text_in(client, line.service, "moirans voiron 9h demain")
    [(_phone, text)] = sent_sms(gateway)
    assert text.startswith("Aucun covoiturage Moirans — Gare > Voiron — Gare demain vers 9h00")
    search = RideSearch.objects.get()
    assert (search.matches, search.direction, search.offered_trips) == (0, "return", [])


@pytest.mark.django_db
def test_an_enrolled_contributor_books_by_replying_resa(client, gateway):
    line = LineFactory()
    publish_trip(line, departs_at=tomorrow_at(7, 0))
    second = publish_trip(line, departs_at=tomorrow_at(7, 20))
    passenger = with_phone(contributor_of(line.service), "06.12.34.56.78")
    text_in(client, line.service, "voiron moirans 7h30 demain")
    text_in(client, line.service, "RESA 2")
    booking = Booking.objects.get()
    assert (booking.trip, booking.passenger, booking.boards_at) == (
        second, passenger, tomorrow_at(7, 20))
    answer = sent_sms(gateway)[-1][1]
    assert answer.startswith("Reserve : Voiron — Gare demain a 7h20")
    assert f"Votre code : {booking.code}" in answer
    text_in(client, line.service, "RESA 2")  # the same reply again: still one booking
    assert Booking.objects.count() == 1


@pytest.mark.django_db
def test_resa_from_an_unknown_number_books_nothing(client, gateway):
    line = LineFactory()
    publish_trip(line, departs_at=tomorrow_at(7, 20))
    text_in(client, line.service, "voiron moirans 7h30 demain")
    text_in(client, line.service, "RESA 1")
    assert not Booking.objects.exists()
    assert "reservez sur" in sent_sms(gateway)[-1][1]
