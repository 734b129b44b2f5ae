"""Journeys in the national carpool proof registry's format: the payload, the send task
against a registry played by a local HTTP server, the month's stream and its download."""

import copy
import hashlib
import http.server
import json
import threading
from datetime import UTC, timedelta
from pathlib import Path

import jsonschema
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from spp.carpool import registry
from spp.carpool.models import JourneyProof
from spp.carpool.tasks import registry_send_pending
from spp.carpool.tests.factories import LineFactory, coordinator_of, tariff_for, tomorrow_at
from spp.carpool.tests.registry_factories import journey_proof, occupant

pytestmark = pytest.mark.django_db

SCHEMA = json.loads((Path(registry.__file__).parent / "schemas"
                     / "registry_journey_v3.schema.json").read_text())
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())


def _errors(payload) -> list[str]:
    return [error.message for error in VALIDATOR.iter_errors(payload)]


def _proof(pk) -> JourneyProof:
    return JourneyProof.objects.select_related(*registry.PROOF_RELATIONS).get(pk=pk)


@pytest.mark.parametrize("proof_class", ["A", "B", "C"])
def test_the_payload_of_each_proof_class_validates_against_the_registry_schema(proof_class):
    proof = journey_proof(proof_class=proof_class)
    payload = registry.journey_payload(_proof(proof.pk))
    assert _errors(payload) == []
    assert payload["operator_class"] == proof_class
    assert payload["operator_journey_id"] == proof.journey_id.hex


def test_the_schema_is_not_vacuous_euros_kilometres_or_a_missing_identity_key_fail():
    payload = registry.journey_payload(_proof(journey_proof().pk))
    in_euros = copy.deepcopy(payload)
    in_euros["passenger"]["contribution"] = 1.53
    in_km = copy.deepcopy(payload)
    in_km["distance"] = 15.3
    no_key = copy.deepcopy(payload)
    del no_key["driver"]["identity"]["identity_key"]
    local_time = copy.deepcopy(payload)
    local_time["start"]["datetime"] = "2026-03-02T08:40:00+01:00"
    for wrong in (in_euros, in_km, no_key, local_time):
        assert _errors(wrong), wrong


def test_amounts_are_in_cents_and_the_distance_in_metres_as_computed_by_hand():
    line = LineFactory()
    tariff_for(line, share="0.10", incentive="1.50", cap="150")
    proof = journey_proof(line, seats=2)
    payload = registry.journey_payload(_proof(proof.pk))
    # Voiron → Moirans 7.20 km + Moirans → Voreppe 8.10 km = 15.30 km = 15,300 m.
    assert payload["distance"] == 15_300
    # 0.10 € × 15.30 km × 2 seats = 3.06 € (well under the scale's costs of the trip).
    assert payload["passenger"] == payload["passenger"] | {"contribution": 306, "seats": 2}
    # The authority's 1.50 € per passenger × 2 = 3.00 €, paid to the driver with its SIRET.
    assert payload["incentives"] == [{"index": 0, "amount": 300,
                                      "siret": line.service.authority.siret}]
    assert payload["driver"]["revenue"] == 306 + 300


def test_times_are_utc_and_positions_those_of_the_stops_or_of_the_confirmations():
    proof = _proof(journey_proof(proof_class="A", departs_at=tomorrow_at(7, 30)).pk)
    payload = registry.journey_payload(proof)
    boards = tomorrow_at(7, 30).astimezone(UTC)
    assert payload["start"] == {"datetime": boards.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                "lat": 45.3639, "lon": 5.5893}
    assert payload["end"]["lat"] == 45.2945 and payload["end"]["lon"] == 5.6355
    assert payload["end"]["datetime"] == (boards + timedelta(minutes=19)).strftime(
        "%Y-%m-%dT%H:%M:%SZ")
    evidence = registry.journey_payload(_proof(journey_proof(proof_class="C").pk))
    assert (evidence["start"]["lat"], evidence["start"]["lon"]) == (45.3641, 5.5895)


def test_identities_are_a_pseudonym_a_truncated_number_and_the_registry_hash_nothing_else():
    line = LineFactory()
    tariff_for(line)
    passenger = occupant(line.service, phone="06 12 34 56 78", last_name="D’Hérûg-de-l'Hérault")
    proof = journey_proof(line, passenger=passenger)
    payload = registry.journey_payload(_proof(proof.pk))
    expected_key = hashlib.sha256(b"+33612345678-D HERUG DE L HERAULT").hexdigest()
    assert payload["passenger"]["identity"] == {
        "operator_user_id": passenger.pseudonym, "identity_key": expected_key,
        "phone_trunc": "+336123456", "over_18": None}
    text = json.dumps(payload)
    for personal in (passenger.email, "+33612345678", "0612345678", passenger.first_name,
                     "HERUG"):
        assert personal not in text


@pytest.mark.parametrize(("typed", "number"), [
    ("06 12 34 56 78", "+33612345678"),
    ("+33 (0)6 12 34 56 78", "+33612345678"),
    ("0033612345678", "+33612345678"),
    ("06.12.34.56.78", "+33612345678"),
    ("0690 10 10 10", "+590690101010"),
    ("0692-12-34-56", "+262692123456"),
    ("+32 470 12 34 56", "+32470123456"),
    ("12 34", None),
    ("", None),
])
def test_phone_numbers_are_read_as_people_type_them(typed, number):
    assert registry.e164(typed) == number


def test_family_names_are_written_as_the_identity_key_wants():
    assert registry.registry_name("D'Hérûg-de-l'Hérault") == "D HERUG DE L HERAULT"
    assert registry.registry_name("  Lœuvre  ") == "LOEUVRE"
    assert registry.registry_name("Tô") == "TO"
    assert registry.registry_name("D’Ørsted") == "D ORSTED"


# --- the send task, against a registry played by a local server -----------------------------

class _Registry(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append({"path": self.path, "authorization":
                                     self.headers["Authorization"], "json": json.loads(body)})
        status, answer = (self.server.answers.pop(0) if self.server.answers
                          else (201, {"result": {"data": {"created_at": "now"}}}))
        data = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):
        pass


@pytest.fixture
def registry_server(settings):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Registry)
    server.received, server.answers = [], []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.CARPOOL_REGISTRY_URL = f"http://127.0.0.1:{server.server_port}/v3.2/"
    settings.CARPOOL_REGISTRY_TOKEN = "jeton-applicatif"
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


def test_the_task_posts_each_pending_journey_with_the_token_and_marks_it_sent(registry_server):
    proof = journey_proof(proof_class="B")
    counts = registry_send_pending.call()
    assert counts == {"sent": 1, "failed": 0}
    [request] = registry_server.received
    assert request["path"] == "/v3.2/journeys"
    assert request["authorization"] == "Bearer jeton-applicatif"
    assert request["json"] == registry.journey_payload(_proof(proof.pk))
    proof.refresh_from_db()
    assert proof.registry_status == JourneyProof.RegistryStatus.SENT
    assert proof.registry_sent_at is not None and proof.registry_error == ""


def test_a_4xx_answer_marks_the_journey_failed_with_the_registry_message(registry_server):
    proof = journey_proof()
    registry_server.answers.append(
        (422, {"error": {"data": {"terms_violation_labels": ["expired"]}}}))
    assert registry_send_pending.call() == {"sent": 0, "failed": 1}
    proof.refresh_from_db()
    assert proof.registry_status == JourneyProof.RegistryStatus.FAILED
    assert "HTTP 422" in proof.registry_error and "expired" in proof.registry_error


def test_a_retry_sends_nothing_twice_and_a_journey_the_registry_has_counts_as_sent(
        registry_server):
    first, second = journey_proof(), journey_proof()
    registry_send_pending.call()
    registry_send_pending.call()
    assert sorted(r["json"]["operator_journey_id"] for r in registry_server.received) == sorted(
        [first.journey_id.hex, second.journey_id.hex])
    # An earlier run reached the registry but lost its answer: the journey is still pending
    # here, the registry answers 409, and it is marked sent without a second record there.
    JourneyProof.objects.filter(pk=first.pk).update(registry_status="pending")
    registry_server.answers.append((409, {"error": "conflict"}))
    assert registry_send_pending.call() == {"sent": 1, "failed": 0}
    first.refresh_from_db()
    assert first.registry_status == JourneyProof.RegistryStatus.SENT


def test_a_registry_down_or_refusing_our_token_leaves_the_journeys_pending(registry_server):
    proofs = [journey_proof(), journey_proof()]
    registry_server.answers.extend([(503, {}), (401, {})])
    assert registry_send_pending.call()["stopped"] == "HTTP 503"
    assert registry_send_pending.call()["stopped"] == "HTTP 401"
    assert len(registry_server.received) == 2  # each run stopped at its first answer
    assert {p.registry_status for p in JourneyProof.objects.filter(pk__in=[p.pk for p in proofs])
            } == {JourneyProof.RegistryStatus.PENDING}


def test_a_journey_whose_occupant_has_no_phone_is_not_sent_and_says_why(registry_server):
    line = LineFactory()
    tariff_for(line)
    proof = journey_proof(line, passenger=occupant(line.service, phone=""))
    assert registry_send_pending.call() == {"sent": 0, "failed": 1}
    assert registry_server.received == []
    proof.refresh_from_db()
    assert proof.registry_status == JourneyProof.RegistryStatus.FAILED
    assert "passager" in proof.registry_error and "téléphone" in proof.registry_error


def test_sending_is_disabled_by_default_and_sends_nothing(settings):
    assert settings.CARPOOL_REGISTRY_URL == ""
    proof = journey_proof()
    assert registry_send_pending.call() == {"disabled": True}
    proof.refresh_from_db()
    assert proof.registry_status == JourneyProof.RegistryStatus.PENDING


def test_the_command_runs_the_task_and_says_when_sending_is_disabled(capsys):
    journey_proof()
    call_command("carpool_registry_send")
    assert "désactivé" in capsys.readouterr().out


def test_the_command_reports_what_it_sent(registry_server, capsys):
    journey_proof()
    call_command("carpool_registry_send")
    assert "1 envoyé(s), 0 refusé(s)" in capsys.readouterr().out


# --- a month of journeys --------------------------------------------------------------------

def test_the_month_stream_reads_with_a_bounded_number_of_queries(django_assert_max_num_queries):
    line = LineFactory()
    tariff_for(line)
    day = tomorrow_at(7, 0)
    proofs = [journey_proof(line, departs_at=day + timedelta(minutes=3 * n)) for n in range(12)]
    journey_proof(line, departs_at=day + timedelta(days=40))  # another month
    journey_proof()  # another service
    start = timezone.localtime(day)
    with django_assert_max_num_queries(2):
        lines = list(registry.journeys_month_stream(line.service, start.year, start.month,
                                                    chunk_size=5))
    assert [json.loads(text)["operator_journey_id"] for text in lines] == [
        p.journey_id.hex for p in proofs]
    assert all(text.endswith("\n") and _errors(json.loads(text)) == [] for text in lines)


def test_the_coordinator_downloads_the_month_as_json_lines_others_get_404(client):
    proof = journey_proof()
    service = proof.booking.trip.line.service
    day = timezone.localtime(proof.started_at)
    url = reverse("carpool:registry_month", args=[service.slug, day.year, day.month])
    client.force_login(occupant(service))
    assert client.get(url).status_code == 404
    client.force_login(coordinator_of(service))
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/jsonl")
    assert f"{service.slug}-registre-{day.year}-{day.month:02d}.jsonl" in response[
        "Content-Disposition"]
    body = b"".join(response.streaming_content).decode()
    assert [json.loads(text)["operator_journey_id"] for text in body.splitlines()] == [
        proof.journey_id.hex]
    wrong = reverse("carpool:registry_month", args=[service.slug, day.year, 13])
    assert client.get(wrong).status_code == 404
