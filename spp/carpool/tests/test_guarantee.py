"""The guaranteed ride: who may ask, when the line's fallback is called (a real HTTP server on
127.0.0.1 stands for the taxi company), what it receives, and that it is called once."""

import json
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from spp.carpool import services
from spp.carpool.guarantee_tasks import ride_guarantee_check
from spp.carpool.models import RideSearch
from spp.carpool.tests.factories import (
    LineFactory,
    book,
    contributor_of,
    coordinator_of,
    publish_trip,
    stops_of,
    tomorrow_at,
)
from spp.core.models import Notification
from spp.core.sms import INBOUND_TOKEN_HEADER
from spp.ops.query_counts import at_once

pytestmark = pytest.mark.django_db


class _FallbackHandler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append((dict(self.headers), json.loads(body)))
        time.sleep(self.server.delay)
        self.send_response(self.server.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(self.server.answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def fallback():
    """A taxi company's webhook: records what it receives, answers ``status``."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FallbackHandler)
    server.received, server.status, server.delay = [], 200, 0
    server.answer = b'{"course": "TAXI-42", "message": "' + b"x" * 400 + b'"}'
    server.url = f"http://127.0.0.1:{server.server_port}/courses/"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def line_with_fallback(url, **kwargs):
    return LineFactory(fallback_webhook_url=url, fallback_name="Taxi Voironnais",
                       waiting_minutes=20, **kwargs)


def unmatched_search(line, passenger, **kwargs):
    voiron, _moirans, voreppe = stops_of(line)
    return services.ride_search_record(
        actor=passenger, line=line, direction="outbound", boarding_stop=voiron,
        alighting_stop=voreppe, window_start=tomorrow_at(7, 0), window_end=tomorrow_at(8, 0),
        seats=2, matches=0, **kwargs)


def requested(line, *, share_contact=True):
    passenger = contributor_of(line.service)
    passenger.first_name, passenger.phone = "Léa", "06 12 34 56 78"
    passenger.save(update_fields=["first_name", "phone"])
    search = unmatched_search(line, passenger)
    return services.ride_guarantee_request(actor=passenger, search=search,
                                           share_contact=share_contact)


def settle(search, *, late=timedelta(minutes=1)):
    return services.ride_guarantee_settle(search_id=search.pk,
                                          now=search.guarantee_due_at + late)


def test_a_line_without_fallback_offers_no_guaranteed_ride():
    line = LineFactory(fallback_webhook_url="")
    passenger = contributor_of(line.service)
    search = unmatched_search(line, passenger)
    with pytest.raises(ValidationError, match="pas de solution de secours"):
        services.ride_guarantee_request(actor=passenger, search=search)
    search.refresh_from_db()
    assert search.guarantee == ""


def test_only_the_searchs_own_passenger_may_ask(client, fallback):
    line = line_with_fallback(fallback.url)
    search = unmatched_search(line, contributor_of(line.service))
    other = contributor_of(line.service)
    with pytest.raises(ValidationError, match="Seul le passager"):
        services.ride_guarantee_request(actor=other, search=search)
    client.force_login(other)
    response = client.post(reverse("carpool:ride_guarantee_request", args=[search.pk]))
    assert response.status_code == 404
    search.refresh_from_db()
    assert search.guarantee == ""


def test_a_search_that_found_trips_is_told_to_book_one(fallback):
    line = line_with_fallback(fallback.url)
    passenger = contributor_of(line.service)
    search = services.ride_search_record(
        actor=passenger, line=line, direction="outbound", boarding_stop=stops_of(line)[0],
        alighting_stop=stops_of(line)[2], window_start=tomorrow_at(7), window_end=tomorrow_at(8),
        seats=1, matches=2)
    with pytest.raises(ValidationError, match="réservez"):
        services.ride_guarantee_request(actor=passenger, search=search)


def test_asking_from_the_line_page_waits_the_lines_waiting_time(client, fallback,
                                                                django_capture_on_commit_callbacks):
    line = line_with_fallback(fallback.url)
    passenger = contributor_of(line.service)
    search = unmatched_search(line, passenger)
    client.force_login(passenger)
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("carpool:ride_guarantee_request", args=[search.pk]),
                               {"share_contact": "on"}, follow=True)
    assert response.redirect_chain[0][0] == line.get_absolute_url()
    assert "Trajet garanti demandé" in response.content.decode()
    search.refresh_from_db()
    assert (search.guarantee, search.share_contact) == ("waiting", True)
    assert timedelta(minutes=20) <= search.guarantee_due_at - before < timedelta(minutes=21)
    due = search.guarantee_due_at
    client.post(reverse("carpool:ride_guarantee_request", args=[search.pk]))  # a double tap
    search.refresh_from_db()
    assert (search.guarantee, search.guarantee_due_at, search.share_contact) == (
        "waiting", due, True)
    assert fallback.received == []  # the inline test backend cannot delay: nothing ran yet


def test_the_check_is_queued_for_its_due_time_where_the_backend_can_delay(
        settings, fallback, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    line = line_with_fallback(fallback.url)
    with django_capture_on_commit_callbacks(execute=True):
        search = requested(line)
    [queued] = ride_guarantee_check.get_backend().results
    assert (queued.task.name, queued.args, queued.task.run_after) == (
        "ride_guarantee_check", [search.pk], search.guarantee_due_at)


@pytest.mark.processes  # a local HTTP server whose timed waits libfaketime breaks
def test_when_due_without_a_driver_the_fallback_receives_the_request(fallback):
    line = line_with_fallback(fallback.url)
    search = requested(line)
    assert settle(search) == "fallback_called"
    [(headers, payload)] = fallback.received
    assert headers["Idempotency-Key"] == f"SPP-COVOIT-{search.pk}"
    assert payload == {
        "reference": f"SPP-COVOIT-{search.pk}",
        "service": {"slug": line.service.slug, "name": line.service.name},
        "line": {"code": line.code, "name": line.name},
        "direction": "outbound",
        "boarding": {"name": "Voiron — Gare", "position": 1, "latitude": 45.3639,
                     "longitude": 5.5893, "insee_code": "38563"},
        "alighting": {"name": "Voreppe — Centre", "position": 3, "latitude": 45.2945,
                      "longitude": 5.6355, "insee_code": "38565"},
        "window": {"start": tomorrow_at(7, 0).isoformat(), "end": tomorrow_at(8, 0).isoformat()},
        "seats": 2,
        "channel": "web",
        "passenger": {"first_name": "Léa", "phone": "+33612345678"},
    }
    search.refresh_from_db()
    assert search.guarantee == "fallback_called" and search.fallback_called_at is not None
    assert search.fallback_response.startswith('{"course": "TAXI-42"')
    assert len(search.fallback_response) == 300
    told = Notification.objects.get(recipient=search.passenger)
    assert "Taxi Voironnais a reçu votre demande" in told.title
    assert f"SPP-COVOIT-{search.pk}" in told.body


@pytest.mark.processes  # a local HTTP server whose timed waits libfaketime breaks
def test_without_consent_the_fallback_gets_neither_name_nor_number(fallback):
    search = requested(line_with_fallback(fallback.url), share_contact=False)
    settle(search)
    [(_headers, payload)] = fallback.received
    assert payload["passenger"] is None
    told = Notification.objects.get(recipient=search.passenger)
    assert "appelez-le en donnant la référence" in told.body


def test_a_booking_made_from_the_search_means_no_call(fallback):
    line = line_with_fallback(fallback.url)
    search = requested(line)
    book(publish_trip(line, departs_at=tomorrow_at(7, 30)), search.passenger, search=search)
    search.refresh_from_db()
    assert search.guarantee == "matched"
    assert settle(search) == "matched" and fallback.received == []


def test_any_booking_of_the_passenger_on_the_line_in_the_window_means_no_call(fallback):
    line = line_with_fallback(fallback.url)
    search = requested(line)
    book(publish_trip(line, departs_at=tomorrow_at(7, 30)), search.passenger)  # not from it
    assert settle(search) == "matched" and fallback.received == []
    search.refresh_from_db()
    assert search.guarantee == "matched"


@pytest.mark.processes  # a local HTTP server whose timed waits libfaketime breaks
def test_a_booking_outside_the_window_does_not_stop_the_call(fallback):
    line = line_with_fallback(fallback.url)
    search = requested(line)
    book(publish_trip(line, departs_at=tomorrow_at(9, 30)), search.passenger)
    assert settle(search) == "fallback_called" and len(fallback.received) == 1


@pytest.mark.processes  # a local HTTP server whose timed waits libfaketime breaks
def test_a_failing_fallback_is_marked_and_the_coordinators_told(fallback):
    fallback.status, fallback.answer = 500, b"panne"
    line = line_with_fallback(fallback.url)
    coordinator = coordinator_of(line.service)
    search = requested(line)
    assert settle(search) == "fallback_failed"
    search.refresh_from_db()
    assert search.fallback_response == "HTTP 500 panne"
    alert = Notification.objects.get(recipient=coordinator)
    assert line.name in alert.title and f"SPP-COVOIT-{search.pk}" in alert.body
    assert alert.url == reverse("carpool:line_edit", args=[line.service.slug, line.code])
    told = Notification.objects.get(recipient=search.passenger)
    assert "n’a pas répondu" in told.title


def test_an_unreachable_fallback_is_marked_failed(fallback):
    line = line_with_fallback(fallback.url)
    fallback.shutdown()
    fallback.server_close()  # nobody listens on that port any more
    search = requested(line)
    assert settle(search) == "fallback_failed"


@pytest.mark.processes  # a local HTTP server whose timed waits libfaketime breaks
def test_a_second_run_or_a_retry_calls_nothing(fallback):
    line = line_with_fallback(fallback.url)
    search = requested(line)
    assert settle(search) == "fallback_called"
    assert settle(search) == "fallback_called"
    ride_guarantee_check.call(search.pk)  # the queued task, coming later
    assert len(fallback.received) == 1
    assert Notification.objects.filter(recipient=search.passenger).count() == 1


def test_nothing_is_called_before_the_due_time(fallback):
    search = requested(line_with_fallback(fallback.url))
    assert settle(search, late=-timedelta(minutes=1)) == "not_due"
    assert fallback.received == []


@pytest.mark.processes  # a local HTTP server whose timed waits libfaketime breaks
def test_the_command_settles_the_requests_that_are_due(fallback, capsys):
    line = line_with_fallback(fallback.url)
    due, later = requested(line), requested(line)
    RideSearch.objects.filter(pk=due.pk).update(
        guarantee_due_at=timezone.now() - timedelta(minutes=1))
    call_command("carpool_guarantee_check")
    assert "1 fallback_called" in capsys.readouterr().out
    assert [payload["reference"] for _h, payload in fallback.received] == [
        f"SPP-COVOIT-{due.pk}"]
    later.refresh_from_db()
    assert later.guarantee == "waiting"


@pytest.mark.processes  # a local HTTP server whose timed waits libfaketime breaks
def test_an_sms_passenger_asks_by_replying_and_is_told_by_sms(
        client, settings, caplog, fallback, django_capture_on_commit_callbacks):
    settings.SMS_INBOUND_TOKEN = "jeton"
    caplog.set_level("INFO", logger="spp.sms")
    line = line_with_fallback(fallback.url)
    passenger = contributor_of(line.service)
    passenger.phone = "0612345678"
    passenger.save(update_fields=["phone"])
    url = reverse("carpool:sms_inbound", args=[line.service.slug])
    for text in ("voiron voreppe 7h30 demain", "GARANTI"):
        client.post(url, {"from": "+33612345678", "text": text},
                    headers={INBOUND_TOKEN_HEADER: "jeton"})
    sent = [record.args[1] for record in caplog.records if record.name == "spp.sms"]
    assert "Repondez GARANTI" in sent[0] and sent[1].startswith("Trajet garanti demande")
    search = RideSearch.objects.get()
    assert (search.guarantee, search.passenger, search.share_contact) == (
        "waiting", passenger, True)
    with django_capture_on_commit_callbacks(execute=True):
        assert settle(search) == "fallback_called"
    assert fallback.received[0][1]["passenger"]["phone"] == "+33612345678"
    texts = [record.args for record in caplog.records if record.name == "spp.sms"]
    assert texts[-1][0] == "+33612345678" and "Taxi Voironnais a reçu" in texts[-1][1]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_checks_running_at_the_same_instant_call_the_fallback_once(fallback):
    """Real threads and PostgreSQL row locks: the queued task, its retry and the command
    reaching the same request together; the slow webhook keeps the first one's lock held."""
    fallback.delay = 0.3
    search = requested(line_with_fallback(fallback.url))
    outcomes = at_once([lambda: settle(search) for _ in range(4)])
    assert outcomes == ["fallback_called"] * 4
    assert len(fallback.received) == 1
