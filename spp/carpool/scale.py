"""Data at scale for the carpool benchmarks (``seed_scale``): ``count`` trips over a month
(twenty days back to nine ahead) on one line per ``TRIPS_PER_LINE`` trips (at most
``MAX_LINES``), about five bookings each, and searches. With the full scale's 200,000 trips
that is issue 17's shape: 50 lines, 200,000 trips and 1,000,000 bookings; ``hundredth`` and
``small`` are the same month, thinner (fewer lines, drivers and passengers).

Rows are written in bulk, past the services, but with the fields the services keep: a trip's
ranks and ``origin_at``, its ``seats_taken`` (its live bookings' seats), each passenger's
contribution and each driver's incentive computed by ``spp.carpool.sharing`` as the booking
and the proof would (with what the trip's other passengers paid before), the drivers'
``DriverMonthIncentive`` rows, a proof and two ledger rows per journey confirmed at the stop,
and the dashboard's ``LineHourStat`` rows, recounted from those rows at the end
(``stats_recount``). Bookings' event logs are not written (no benchmarked page reads them).

``DRIVER`` is the driver whose trips the benchmark lists (``DRIVER_TRIPS`` trips, whatever the
scale), ``PASSENGER`` the person who searches, ``COORDINATOR`` reads the dashboard. Idempotent
by service slug."""

import hashlib
import uuid
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from itertools import islice
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from spp.carpool import sharing
from spp.carpool.geometry import LineGeometry
from spp.carpool.models import (
    Booking,
    DriverMonthIncentive,
    JourneyProof,
    Line,
    LineTariff,
    RideSearch,
    Stop,
    Trip,
)
from spp.carpool.services.stats import stats_recount
from spp.catalog.models import Charter, Enrolment, Participation, Service
from spp.core.bulk import bulk_insert
from spp.core.models import Membership, Organisation, User

PARIS = ZoneInfo("Europe/Paris")
SLUG = "covoiturage-echelle"
COORDINATOR = "coordination-covoiturage@spp.bench"
DRIVER = "covoit-conducteur-0@spp.bench"
PASSENGER = "covoit-passager-0@spp.bench"
TRIPS_PER_LINE = 4_000
MAX_LINES = 50
TRIPS_PER_DRIVER = DRIVER_TRIPS = 40
BOOKINGS_PER_PASSENGER = 20
DAYS_BACK, DAYS_AHEAD = 20, 9
DRIVERS_PER_BATCH = 500
VEHICLES = ["4cv", "5cv", "5cv", "6cv", "7cv_et_plus"]
# Communes along the Voironnais corridor (INSEE codes), for the stops' commune.
COMMUNES = ["38563", "38239", "38565", "38199", "38382", "38407", "38524", "38550"]
# Hours of departure: a driver's two trips of a day never leave at the same time.
MORNING, EVENING = [6, 7, 7, 8, 8, 9], [16, 17, 17, 18, 18, 19]
LATE_MORNING, AFTERNOON = [10, 11, 12], [13, 14, 15]


def _next_id(model) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {model._meta.db_table}")
        return cursor.fetchone()[0]


def _reset_sequences(models) -> None:
    """Rows were written with their ids: the sequences continue after them."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                           f"(SELECT COALESCE(MAX(id), 1) FROM {table}))")


def _insert(model, fields: list[str], rows) -> int:
    """``bulk_insert`` with every other column at its model default (COPY applies none), so a
    field added later with a default needs no change here."""
    others = [f for f in model._meta.concrete_fields
              if not f.primary_key and f.attname not in fields and f.name not in fields]
    now = timezone.now()

    def default(f):
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            return now
        return f.get_default()  # a callable default is called each time

    if not others:
        return bulk_insert(model, fields, rows)
    return bulk_insert(model, fields + [f.attname for f in others],
                       (tuple(row) + tuple(default(f) for f in others) for row in rows))


def _pseudonyms():
    """``User.pseudonym`` without loading users (memoised per id for one run)."""
    cache = {}

    def pseudonym(user_id: int) -> str:
        if user_id not in cache:
            digest = hashlib.sha256(f"{settings.SECRET_KEY}:user:{user_id}".encode()).hexdigest()
            cache[user_id] = f"p-{digest[:16]}"
        return cache[user_id]
    return pseudonym


def _service(log) -> tuple[Service, int]:
    """The service, its charter and its coordinator (whose id is returned)."""
    from spp.core.demo import siret_from

    authority, _created = Organisation.objects.get_or_create(
        slug="autorite-essai-covoiturage",
        defaults={"kind": Organisation.Kind.AUTHORITY, "name": "Syndicat d’essai des mobilités",
                  "siret": siret_from("253800000019")})
    service = Service.objects.create(
        authority=authority, name="Covoiturage à grande échelle", slug=SLUG,
        summary="Banc d’essai des lignes de covoiturage.", patterns=["carpool"],
        territory_label="Isère", requires_approval=False,
        indemnification_summary="Partage des frais entre conducteur et passagers.")
    Charter.objects.create(service=service, version=1, title="Charte", body="…")
    user, _created = User.objects.get_or_create(
        email=COORDINATOR, defaults={"password": make_password("spp-bench"),
                                     "first_name": "Agent", "last_name": "des mobilités"})
    Membership.objects.get_or_create(user=user, organisation=authority,
                                     defaults={"role": Membership.Role.COORDINATOR})
    log(f"carpool: service {SLUG} created")
    return service, user.pk


def _lines(service, count: int, rng) -> list[tuple[Line, LineGeometry, LineTariff]]:
    """``count`` lines of four to eight stops, each with its tariff."""
    made = []
    for index in range(count):
        line = Line.objects.create(service=service, code=f"ligne-{index + 1}",
                                   name=f"Ligne {index + 1}")
        stops = [Stop(line=line, position=position, name=f"L{index + 1} — arrêt {position}",
                      latitude=Decimal("45.2") + Decimal(rng.randint(0, 300)) / 1000,
                      longitude=Decimal("5.5") + Decimal(rng.randint(0, 300)) / 1000,
                      insee_code=rng.choice(COMMUNES),
                      minutes_from_previous=0 if position == 1 else rng.randint(5, 12),
                      km_from_previous=(Decimal(0) if position == 1
                                        else Decimal(rng.randint(30, 90)) / 10))
                 for position in range(1, 5 + index % 5)]
        Stop.objects.bulk_create(stops)
        tariff = LineTariff.objects.create(
            line=line, valid_from=date(2020, 1, 1), passenger_share_per_km=Decimal("0.10"),
            incentive_per_passenger=Decimal("1.50"), monthly_incentive_cap=Decimal("150"),
            decided_by="Délibération d’essai")
        made.append((line, LineGeometry(list(Stop.objects.filter(line=line)
                                             .order_by("position"))), tariff))
    return made


def _people(service, count: int, prefix: str, now) -> list[int]:
    """``count`` people (``covoit-<prefix>-<n>@spp.bench``), enrolled in the service."""
    first = _next_id(User)
    ids = list(range(first, first + count))
    password = make_password("spp-bench")
    _insert(User, ["id", "email", "first_name", "last_name", "phone", "password",
                       "preferred_language", "email_notifications", "is_staff", "is_active",
                       "is_superuser", "date_joined"],
                ((uid, f"covoit-{prefix}-{i}@spp.bench", "Camille", f"N{i}", "", password, "fr",
                  False, False, True, False, now - timedelta(days=400))
                 for i, uid in enumerate(ids)))
    _reset_sequences([User])
    charter = service.charters.get()
    joined = now - timedelta(days=200)
    _insert(Enrolment, ["user_id", "service_id", "status", "accepted_charter_id",
                            "charter_accepted_at", "approved_at", "status_reason",
                            "created_at", "updated_at"],
                ((uid, service.pk, Enrolment.Status.ACTIVE, charter.pk, joined, joined, "",
                  joined, joined) for uid in ids))
    return ids


TRIP_FIELDS = ["id", "line_id", "driver_id", "direction", "departure_stop_id", "arrival_stop_id",
               "from_rank", "to_rank", "departs_at", "origin_at", "seats", "seats_taken",
               "vehicle_class", "electric", "tolls", "parking", "status", "cancel_reason",
               "created_at"]
BOOKING_FIELDS = ["id", "trip_id", "passenger_id", "boarding_stop_id", "alighting_stop_id",
                  "seats", "boards_at", "alights_at", "distance_km", "contribution",
                  "contribution_explained", "code", "code_failures", "flags", "status",
                  "created_at", "cancelled_at"]
PROOF_FIELDS = ["booking_id", "journey_id", "proof_class", "code_confirmed_at",
                "driver_confirmed_at", "driver_latitude", "driver_longitude",
                "passenger_confirmed_at", "passenger_latitude", "passenger_longitude",
                "started_at", "ended_at", "distance_m", "passenger_contribution",
                "driver_incentive", "incentive_explained", "registry_status",
                "registry_sent_at", "registry_error", "created_at"]
PARTICIPATION_FIELDS = ["user_id", "pseudonym", "service_id", "kind", "quantity", "unit",
                        "occurred_at", "recorded_at", "source_key", "description"]
SEARCH_FIELDS = ["line_id", "passenger_id", "direction", "boarding_stop_id",
                 "alighting_stop_id", "window_start", "window_end", "seats", "matches",
                 "channel", "phone", "guarantee", "fallback_response", "created_at"]


class Run:
    """One call's fixed facts and running figures: the moment, the lines, the people, the
    next free ids, the scale's rates and the incentives granted per driver and month."""

    def __init__(self, *, service, lines, passengers, now, rng):
        self.service, self.lines, self.passengers, self.now, self.rng = (
            service, lines, passengers, now, rng)
        self.trip_id, self.booking_id = _next_id(Trip), _next_id(Booking)
        self.first_booking_id = self.booking_id
        self.rates = {}
        self.granted = defaultdict(Decimal)  # (line, driver, month) -> granted
        self.pseudonym = _pseudonyms()
        self.first_day = timezone.localdate(now, PARIS) - timedelta(days=DAYS_BACK)

    def rate(self, vehicle: str, electric: bool, day: date):
        key = (vehicle, electric)
        if key not in self.rates:
            self.rates[key] = sharing.scale_rate(vehicle, electric, day)
        return self.rates[key]


def _departure(run: Run, k: int) -> tuple[str, datetime]:
    """The direction and time of a driver's ``k``-th trip: mornings out, evenings back, one
    in five during the day; two trips a day on twenty days of the month."""
    rng = run.rng
    day = run.first_day + timedelta(days=(k // 2) * 3 // 2)
    outbound = k % 2 == 0
    if rng.random() < 0.2:
        hours = LATE_MORNING if outbound else AFTERNOON
    else:
        hours = MORNING if outbound else EVENING
    moment = datetime.combine(day, time(rng.choice(hours), rng.randrange(0, 60, 5)),
                              tzinfo=PARIS)
    return ("outbound" if outbound else "return"), moment


def _trip_rows(run: Run, driver_id: int, line_index: int, k: int, out: dict) -> None:
    """One trip, its bookings, their proofs and ledger rows, appended to ``out``."""
    rng, now = run.rng, run.now
    line, geometry, tariff = run.lines[line_index]
    direction, departs_at = _departure(run, k)
    ordered = geometry.ordered_stops(direction)
    first, last = 0, len(ordered) - 1
    if rng.random() < 0.3:  # part of the line only
        first = rng.randint(0, len(ordered) - 2)
        last = rng.randint(first + 1, len(ordered) - 1)
    start = geometry.offset(direction, ordered[first].pk)
    end = geometry.offset(direction, ordered[last].pk)
    seats = rng.randint(4, 8)
    vehicle, electric = rng.choice(VEHICLES), rng.random() < 0.1
    trip_id = run.trip_id
    run.trip_id += 1
    cancelled = rng.random() < 0.02 and departs_at > now
    trip = Trip(id=trip_id, line_id=line.pk, driver_id=driver_id, direction=direction,
                departure_stop_id=ordered[first].pk, arrival_stop_id=ordered[last].pk,
                from_rank=start.rank, to_rank=end.rank, departs_at=departs_at,
                origin_at=departs_at - timedelta(minutes=start.minutes), seats=seats,
                vehicle_class=vehicle, electric=electric, tolls=Decimal("0"),
                parking=Decimal("0"))
    day = departs_at.date()
    rate = run.rate(vehicle, electric, day)
    trip_km = end.km - start.km
    paid = Decimal("0")
    bookings = []
    for passenger_id in rng.sample(run.passengers, seats - rng.randint(0, 2)):
        board = rng.randint(first, last - 1)
        alight = rng.randint(board + 1, last)
        b_off = geometry.offset(direction, ordered[board].pk)
        a_off = geometry.offset(direction, ordered[alight].pk)
        boards_at = departs_at + timedelta(minutes=b_off.minutes - start.minutes)
        if cancelled:
            status = Booking.Status.CANCELLED_BY_DRIVER
        elif rng.random() < 0.05:
            status = Booking.Status.CANCELLED_BY_PASSENGER
        elif boards_at < now - timedelta(hours=3) and rng.random() < 0.85:
            status = Booking.Status.COMPLETED
        else:
            status = Booking.Status.BOOKED
        live = status in Booking.LIVE
        segment_km = a_off.km - b_off.km
        contribution = sharing.passenger_contribution(
            trip=trip, tariff=tariff, trip_km=trip_km, segment_km=segment_km, seats=1,
            others_paid=paid, rate=rate)
        if live:
            paid += contribution.amount
        booked_at = departs_at - timedelta(hours=rng.randint(2, 72))
        flags = []
        if live and rng.random() < 0.005:
            flags = [{"code": "far_from_stop", "at": boards_at.isoformat(),
                      "reason": f"Position à 3,2 km de l’arrêt « {ordered[board].name} » lors "
                                "de la confirmation."}]
        bookings.append([run.booking_id, trip_id, passenger_id, ordered[board].pk,
                         ordered[alight].pk, 1, boards_at,
                         boards_at + timedelta(minutes=max(1, a_off.minutes - b_off.minutes)),
                         segment_km, contribution.amount, contribution.explained,
                         f"{rng.randrange(10_000):04d}", 0, flags, status, booked_at,
                         None if live else min(boards_at, booked_at + timedelta(hours=1)),
                         ordered[board]])
        run.booking_id += 1
    seats_taken = 0 if cancelled else sum(1 for b in bookings if b[14] in Booking.LIVE)
    out["trips"].append((trip_id, line.pk, driver_id, direction, trip.departure_stop_id,
                         trip.arrival_stop_id, start.rank, end.rank, departs_at, trip.origin_at,
                         seats, seats_taken, vehicle, electric, Decimal("0"), Decimal("0"),
                         Trip.Status.CANCELLED if cancelled else Trip.Status.PUBLISHED,
                         "Empêchement." if cancelled else "", departs_at - timedelta(days=3)))
    granted_on_trip = Decimal("0")
    month = day.replace(day=1)
    for row in bookings:
        stop = row.pop()
        out["bookings"].append(tuple(row))
        if row[14] != Booking.Status.COMPLETED:
            continue
        key = (line.pk, driver_id, month)
        incentive = sharing.driver_incentive(
            trip=trip, tariff=tariff, trip_km=trip_km, seats=1, paid_on_trip=paid,
            granted_on_trip=granted_on_trip,
            month_left=tariff.monthly_incentive_cap - run.granted[key], rate=rate)
        granted_on_trip += incentive.amount
        run.granted[key] += incentive.amount
        out["proofs"].append(_proof(run, row, stop, incentive))
        for person, source in ((row[2], "carpool.booking"), (driver_id,
                                                             "carpool.booking-driver")):
            out["ledger"].append((person, run.pseudonym(person), run.service.pk,
                                  Participation.Kind.JOURNEY, row[8], Participation.Unit.KM,
                                  row[6], row[6] + timedelta(minutes=5), f"{source}:{row[0]}",
                                  f"Covoiturage {stop.name}"))


def _proof(run: Run, row: list, stop, incentive) -> tuple:
    """The proof of a journey confirmed at the stop: class A, B or C by who shared their
    position (there, at the boarding time)."""
    draw = run.rng.random()
    proof_class = "C" if draw < 0.5 else ("B" if draw < 0.8 else "A")
    at = row[6] + timedelta(minutes=2)
    driver = (at, stop.latitude, stop.longitude) if proof_class in "BC" else (None, None, None)
    passenger = (at, stop.latitude, stop.longitude) if proof_class == "C" else (None, None,
                                                                                None)
    return (row[0], uuid.UUID(int=run.rng.getrandbits(128), version=4), proof_class, at,
            *driver, *passenger, row[6], row[7], int(row[8] * 1000), row[9], incentive.amount,
            incentive.explained, JourneyProof.RegistryStatus.PENDING, None, "", at)


def _searches(run: Run, count: int):
    """``count`` searches over the month, one in five finding nothing."""
    rng = run.rng
    for _index in range(count):
        line, geometry, _tariff = rng.choice(run.lines)
        direction = rng.choice(["outbound", "return"])
        ordered = geometry.ordered_stops(direction)
        board = rng.randint(0, len(ordered) - 2)
        alight = rng.randint(board + 1, len(ordered) - 1)
        day = run.first_day + timedelta(days=rng.randint(0, DAYS_BACK + DAYS_AHEAD))
        start = datetime.combine(day, time(rng.choice(MORNING + EVENING + LATE_MORNING + AFTERNOON),
                                           rng.choice([0, 30])), tzinfo=PARIS)
        matches = 0 if rng.random() < 0.2 else rng.randint(1, 6)
        yield (line.pk, rng.choice(run.passengers), direction, ordered[board].pk,
               ordered[alight].pk, start, start + timedelta(hours=1), 1, matches,
               RideSearch.Channel.WEB, "", "", "", start - timedelta(hours=rng.randint(1, 24)))


def _write(out: dict) -> int:
    written = _insert(Trip, TRIP_FIELDS, out["trips"])
    written += _insert(Booking, BOOKING_FIELDS, out["bookings"])
    written += _insert(JourneyProof, PROOF_FIELDS, out["proofs"])
    written += _insert(Participation, PARTICIPATION_FIELDS, out["ledger"])
    for rows in out.values():
        rows.clear()
    return written


@transaction.atomic
def generate(*, count: int, rng, log=print) -> int:
    """The benchmark's carpool service with ``count`` trips (``seed_scale``); rows written."""
    if Service.objects.filter(slug=SLUG).exists():
        log("carpool: scale data already present")
        return 0
    count = max(DRIVER_TRIPS, count)
    now = timezone.now()
    service, _coordinator = _service(log)
    lines = _lines(service, min(MAX_LINES, -(-count // TRIPS_PER_LINE)), rng)
    drivers = _people(service, -(-count // TRIPS_PER_DRIVER), "conducteur", now)
    passengers = _people(service, max(20, count * 5 // BOOKINGS_PER_PASSENGER), "passager",
                         now)
    run = Run(service=service, lines=lines, passengers=passengers, now=now, rng=rng)
    out = {"trips": [], "bookings": [], "proofs": [], "ledger": []}
    written, left = 0, count
    driver_iter = iter(enumerate(drivers))
    while batch := list(islice(driver_iter, DRIVERS_PER_BATCH)):
        for index, driver_id in batch:
            for k in range(min(TRIPS_PER_DRIVER, left)):
                _trip_rows(run, driver_id, index % len(lines), k, out)
            left -= min(TRIPS_PER_DRIVER, left)
        written += _write(out)
    written += _insert(
        DriverMonthIncentive, ["line_id", "driver_id", "month", "granted", "cap"],
        ((line_id, driver_id, month, granted, Decimal("150"))
         for (line_id, driver_id, month), granted in sorted(run.granted.items())))
    written += _insert(RideSearch, SEARCH_FIELDS, _searches(run, count // 2))
    _reset_sequences([Trip, Booking])
    written += stats_recount(line_ids=[line.pk for line, _g, _t in lines])
    log(f"carpool: {len(lines)} lines, {count} trips, {run.booking_id - run.first_booking_id} "
        f"bookings, {len(drivers)} drivers, {len(passengers)} passengers")
    return written + len(drivers) * 2 + len(passengers) * 2

