"""Journey proofs in the format of the national carpool proof registry (registre de preuve de
covoiturage, operator API v3.2, ``POST /journeys``; schema and source in ``schemas/``).

One journey per passenger–driver pair: one proof, one booking, one payload. Amounts go in euro
cents, distances in metres, times in UTC. What we send, and why:

- ``operator_journey_id``: the proof's random UUID (hex). It reveals nothing, and the registry
  answers 409 to a second journey with the same one: it is the idempotency key of our sends.
- ``operator_trip_id``: the driver's trip (its primary key), common to the trip's passengers.
- ``start``: the planned time at the boarding stop, and where the passenger was when they
  confirmed (else where the driver was, else the stop): confirmations count as evidence only
  within 1 km of the stop (``services.proofs``). ``end``: the planned arrival at the alighting
  stop and its position (we record no position on arrival).
- money: ``passenger.contribution`` is what the passenger paid the driver (no incentive goes to
  passengers); ``incentives`` holds the authority's allowance to the driver, with the
  authority's SIRET, when there is one; ``driver.revenue`` is both together (SPP takes no
  commission). With them the registry can check the sharing stays within the costs.
- identities: the registry requires, for each occupant, ``operator_user_id`` (we send the
  person's stable pseudonym, never their email or our database id), ``phone_trunc`` (the
  E.164 number without its last two digits) and ``identity_key``, the SHA-256 of
  ``"<E.164 number>-<NAME>"`` that lets the registry count a person's journeys across
  operators (and refuse the same journey claimed twice) without receiving the number or the
  name. Nothing else: no email, no full number, no first name, no birth date
  (``over_18`` is sent as ``null``, "unknown", which the registry allows). A person without a
  usable phone number or family name cannot be identified as the registry requires: their
  journeys are not sent (``IdentityMissing``), and say so.

Only proofs whose code was confirmed by the driver are journeys: a confirmation by one
occupant alone proves nothing (see ``JourneyProof.code_confirmed_at``)."""

import hashlib
import json
import logging
import re
import unicodedata
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

from spp.carpool.models import Booking, JourneyProof

logger = logging.getLogger(__name__)

PARIS = ZoneInfo("Europe/Paris")
PHONE_TRUNC = re.compile(r"\+[0-9]{8,12}")
# French overseas numbers keep their own country code in E.164 (ARCEP numbering plan): the
# national "0690 12 34 56" of Guadeloupe is "+590 690 12 34 56", not "+33 690…".
OVERSEAS_PREFIXES = {
    "0590": "+590", "0690": "+590", "0691": "+590",  # Guadeloupe, Saint-Martin, Saint-Barth.
    "0594": "+594", "0694": "+594",  # Guyane
    "0596": "+596", "0696": "+596", "0697": "+596",  # Martinique
    "0262": "+262", "0263": "+262", "0692": "+262", "0693": "+262",  # La Réunion
    "0269": "+262", "0639": "+262",  # Mayotte
}
# Letters that Unicode does not decompose into a base letter and an accent.
SPELLED_OUT = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ø": "o",
                             "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D"})
PROOF_RELATIONS = ("booking__trip__line__service__authority", "booking__trip__driver",
                   "booking__passenger", "booking__boarding_stop", "booking__alighting_stop")


class IdentityMissing(ValueError):
    """The journey cannot be sent: an occupant lacks what the registry's identity requires."""


def cents(amount: Decimal) -> int:
    return int((amount * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def utc_iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def e164(phone: str) -> str | None:
    """The number in E.164 (``+33612345678``), from how people type it in France; None when
    it cannot be read as a number."""
    number = re.sub(r"[\s.\-/()]", "", phone or "")
    if number.startswith("00"):
        number = "+" + number[2:]
    if number.startswith("+330"):  # "+33 (0)6 …"
        number = "+33" + number[4:]
    if number.startswith("+"):
        return number if re.fullmatch(r"\+[1-9][0-9]{7,14}", number) else None
    if re.fullmatch(r"0[1-9][0-9]{8}", number):
        return OVERSEAS_PREFIXES.get(number[:4], "+33") + number[1:]
    return None


def registry_name(last_name: str) -> str:
    """The family name as the identity key wants it: capitals, no accents, hyphens or
    apostrophes (« D'Hérûg-de-l'Hérault » → ``D HERUG DE L HERAULT``)."""
    decomposed = unicodedata.normalize("NFKD", (last_name or "").translate(SPELLED_OUT))
    letters = "".join(char for char in decomposed if not unicodedata.combining(char)).upper()
    return " ".join(re.sub(r"[^A-Z]", " ", letters).split())  # ’ - ' and the rest: a space


def identity(user, role: str) -> dict:
    number, name = e164(user.phone), registry_name(user.last_name)
    if number is None or not name or not PHONE_TRUNC.fullmatch(number[:-2]):
        raise IdentityMissing(
            _("Le %(role)s n’a pas de numéro de téléphone ou de nom de famille utilisable : le "
              "registre de preuve de covoiturage en exige une empreinte.") % {"role": role})
    return {"operator_user_id": user.pseudonym,
            "identity_key": hashlib.sha256(f"{number}-{name}".encode()).hexdigest(),
            "phone_trunc": number[:-2]}


def _start_position(proof: JourneyProof, stop) -> tuple[Decimal, Decimal]:
    if proof.passenger_latitude is not None:
        return proof.passenger_latitude, proof.passenger_longitude
    if proof.driver_latitude is not None:
        return proof.driver_latitude, proof.driver_longitude
    return stop.latitude, stop.longitude


def journey_payload(proof: JourneyProof) -> dict:
    """The ``POST /journeys`` body of a proof (fetched with ``PROOF_RELATIONS``); raises
    ``IdentityMissing`` for a journey the registry could not attribute."""
    booking = proof.booking
    trip = booking.trip
    passenger_identity = identity(booking.passenger, _("passager")) | {"over_18": None}
    driver_identity = identity(trip.driver, _("conducteur"))
    contribution, incentive = cents(proof.passenger_contribution), cents(proof.driver_incentive)
    incentives = []
    if incentive:
        incentives.append({"index": 0, "amount": incentive,
                           "siret": trip.line.service.authority.siret})
    start_lat, start_lon = _start_position(proof, booking.boarding_stop)
    end_stop = booking.alighting_stop
    return {
        "operator_journey_id": proof.journey_id.hex,
        "operator_trip_id": str(trip.pk),
        "operator_class": proof.proof_class,
        "incentives": incentives,
        "start": {"datetime": utc_iso(proof.started_at), "lat": float(start_lat),
                  "lon": float(start_lon)},
        "end": {"datetime": utc_iso(proof.ended_at), "lat": float(end_stop.latitude),
                "lon": float(end_stop.longitude)},
        "distance": proof.distance_m,
        "driver": {"identity": driver_identity, "revenue": contribution + incentive},
        "passenger": {"identity": passenger_identity, "contribution": contribution,
                      "seats": booking.seats},
    }


def journeys(service=None):
    """Proofs that are journeys (code confirmed, booking completed), with what the payload
    reads; by ``started_at`` (index ``carpool_proof_started_idx``)."""
    proofs = JourneyProof.objects.filter(code_confirmed_at__isnull=False,
                                         booking__status=Booking.Status.COMPLETED)
    if service is not None:
        proofs = proofs.filter(booking__trip__line__service=service)
    return proofs.select_related(*PROOF_RELATIONS).order_by("started_at", "id")


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    """The month in Paris time, as aware datetimes [start, end)."""
    start = datetime(year, month, 1, tzinfo=PARIS)
    end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=PARIS)
    return start, end


def journeys_month_stream(service, year: int, month: int, *,
                          chunk_size: int = 500) -> Iterator[str]:
    """The month's journeys of a service as JSON Lines, one registry payload per line, read
    with a database cursor ``chunk_size`` rows at a time: memory stays the same for ten
    journeys or a million. Journeys that cannot carry an identity are left out (the send task
    marks them failed with the reason)."""
    start, end = month_bounds(year, month)
    proofs = journeys(service).filter(started_at__gte=start, started_at__lt=end)
    for proof in proofs.iterator(chunk_size=chunk_size):
        try:
            payload = journey_payload(proof)
        except IdentityMissing:
            continue
        yield json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n"


def _post(url: str, token: str, payload: dict, timeout: float) -> tuple[int, str]:
    request = urllib.request.Request(
        url, data=json.dumps(payload).encode(), method="POST",
        headers={"Content-Type": "application/json", "Accept": "application/json",
                 "Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read(2000).decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read(2000).decode("utf-8", "replace")


def _mark(proof: JourneyProof, status: str, error: str = "", now=None) -> None:
    """Only a proof still pending changes: two runs at once never undo each other."""
    fields = {"registry_status": status, "registry_error": error[:2000]}
    if status == JourneyProof.RegistryStatus.SENT:
        fields["registry_sent_at"] = now or timezone.now()
    JourneyProof.objects.filter(pk=proof.pk,
                                registry_status=JourneyProof.RegistryStatus.PENDING
                                ).update(**fields)


def _in_chunks(proofs, ids: list[int], size: int) -> Iterator[JourneyProof]:
    for first in range(0, len(ids), size):
        yield from proofs.filter(pk__in=ids[first:first + size])


def registry_send(*, url: str, token: str, limit: int = 1000, timeout: float = 10.0) -> dict:
    """POST each pending journey to ``<url>/journeys``, one request per journey as the API
    wants. 2xx: sent. 409: the registry already has it (an earlier run whose answer was lost):
    sent, nothing duplicated. Another 4xx: failed, with the registry's answer. 401/403 (our
    token), 5xx or no answer: the run stops and the journeys stay pending for the next one."""
    endpoint = url.rstrip("/") + "/journeys"
    counts = {"sent": 0, "failed": 0}
    pending = journeys().filter(registry_status=JourneyProof.RegistryStatus.PENDING)
    # The ids first, then the proofs a hundred at a time: no cursor stays open on the table
    # the loop writes to (SQLite would read its own updates through it).
    ids = list(pending.values_list("pk", flat=True)[:limit])
    for proof in _in_chunks(pending, ids, 100):
        try:
            payload = journey_payload(proof)
        except IdentityMissing as missing:
            _mark(proof, JourneyProof.RegistryStatus.FAILED, str(missing))
            counts["failed"] += 1
            continue
        try:
            status, body = _post(endpoint, token, payload, timeout)
        except (OSError, ValueError) as error:  # URLError, timeouts, a malformed URL
            logger.warning("Registre de preuve de covoiturage injoignable : %s", error)
            return counts | {"stopped": str(error)}
        if 200 <= status < 300 or status == 409:
            _mark(proof, JourneyProof.RegistryStatus.SENT)
            counts["sent"] += 1
        elif status in (401, 403) or status >= 500:
            logger.warning("Registre de preuve de covoiturage : HTTP %s %s", status, body[:200])
            return counts | {"stopped": f"HTTP {status}"}
        else:
            _mark(proof, JourneyProof.RegistryStatus.FAILED,
                  _("Refusé par le registre (HTTP %(status)s) : %(body)s")
                  % {"status": status, "body": body})
            counts["failed"] += 1
    return counts
