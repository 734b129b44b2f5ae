"""Carpool lines without the app: a passenger texts "VOIRON MOIRANS 7H30" (boarding stop,
alighting stop, time, optional seats, optional "demain") and gets the next trips back by SMS;
"RESA 2" books the second of them, "GARANTI" asks for a guaranteed ride when none was found.

Stop names are matched the way people type them on a phone: without accents or case, a town's
name for its stop ("Voiron" for "Voiron — Gare"), "St" for "Saint". The words before and after
the time are split into two stop names at the place that names two stops of one line best, so
a stop name may have several words. Answers are short and plain (straight apostrophes, no
special spaces) so that they fit the cheapest SMS encoding as far as the names allow."""

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format

from spp.carpool import selectors, services, sharing
from spp.carpool.models import RideSearch, Trip
from spp.carpool.selectors.demand import (
    contributor_by_phone,
    sms_search_last,
    sms_search_repeated,
    stops_of_service,
)
from spp.carpool.services.guarantee import ride_guarantee_request

PARIS = ZoneInfo("Europe/Paris")
MAX_TEXT = 320
MAX_SEATS = 8
TRIPS_ANSWERED = 3
STOPS_LISTED = 12
# The window searched around the time asked: a bus timetable's "about then".
WINDOW = timedelta(minutes=30)
TIME = re.compile(r"^(\d{1,2})(?:[h:.](\d{2})?|h)$")
SEATS = re.compile(r"^(\d)(p|pl|pers|place|places)?$")
SEAT_WORDS = {"p", "pl", "pers", "personne", "personnes", "place", "places"}
CONNECTORS = {"a", "au", "vers", "pour", "de", "depuis", "jusqu", "et"}
ABBREVIATIONS = {"st": "saint", "ste": "sainte", "stes": "saintes", "sts": "saints"}
EXPECTED = ("Pour chercher un covoiturage, envoyez : DEPART ARRIVEE HEURE [PLACES], par "
            "exemple VOIRON MOIRANS 7H30 ou Voiron Voreppe 17:45 2.")


class SmsRequestError(ValueError):
    """A text we cannot read; the message says what to send instead."""


@dataclass(frozen=True)
class SmsRequest:
    kind: str  # "search", "book" or "guarantee"
    words: tuple[str, ...] = ()
    at: time | None = None
    seats: int = 1
    tomorrow: bool = False
    choice: int = 0


@dataclass(frozen=True)
class StopPair:
    line: object
    boarding: object
    alighting: object


def fold(text: str) -> list[str]:
    """The words of ``text`` without accents, case or punctuation, abbreviations spelt out."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).lower()
    return [ABBREVIATIONS.get(word, word) for word in re.split(r"[^a-z0-9]+", plain) if word]


def parse_sms(text: str) -> SmsRequest:
    """Read one text. Raises SmsRequestError with the expected form when it is not one."""
    raw = [token.strip(",;!?.") for token in text.strip()[:MAX_TEXT].lower().split()]
    raw = [token for token in raw if token]
    words = fold(" ".join(raw))
    joined = " ".join(words)
    if joined.startswith("resa"):
        number = re.fullmatch(r"resa\s*(\d+)", joined)
        if number and 1 <= int(number.group(1)) <= TRIPS_ANSWERED:
            return SmsRequest(kind="book", choice=int(number.group(1)))
        raise SmsRequestError("Pour reserver, repondez RESA suivi du numero du trajet "
                              "(RESA 1, RESA 2 ou RESA 3).")
    if words[:1] in (["garanti"], ["garantie"]) and len(words) == 1:
        return SmsRequest(kind="guarantee")
    at_index = next((index for index, token in enumerate(raw) if TIME.match(token)), None)
    if at_index is None:
        raise SmsRequestError("Heure non reconnue. " + EXPECTED)
    hour, minute = TIME.match(raw[at_index]).groups()
    if int(hour) > 23 or int(minute or 0) > 59:
        raise SmsRequestError("Heure impossible : " + raw[at_index] + ". " + EXPECTED)
    before, after = raw[:at_index], raw[at_index + 1:]
    seats, after = _seats(after)
    rest = before + after
    if seats is None:
        seats, rest = _seats(rest, at_end=True, bare=not before)
    seats = 1 if seats is None else seats
    if not 1 <= seats <= MAX_SEATS:
        raise SmsRequestError(f"De 1 a {MAX_SEATS} places. " + EXPECTED)
    names = fold(" ".join(rest))
    tomorrow = "demain" in names
    names = [word for word in names if word not in ("demain", "aujourd", "hui")]
    if len(names) < 2:
        raise SmsRequestError("Indiquez deux arrets. " + EXPECTED)
    return SmsRequest(kind="search", words=tuple(names),
                      at=time(int(hour), int(minute or 0)), seats=seats, tomorrow=tomorrow)


def _seats(tokens: list[str], *, at_end: bool = False,
           bare: bool = False) -> tuple[int | None, list[str]]:
    """A number of seats ("2", "2p", "2 places") at the start of ``tokens`` (right after the
    time), or at their end ("2 places", "2p"; a bare "2" only when ``bare``: the time came
    first, so no stop name is cut); the tokens without it."""
    if not at_end:
        if tokens and SEATS.match(tokens[0]):
            rest = tokens[2:] if tokens[1:2] and tokens[1] in SEAT_WORDS else tokens[1:]
            return int(SEATS.match(tokens[0]).group(1)), rest
        return None, tokens
    if len(tokens) >= 2 and tokens[-1] in SEAT_WORDS and SEATS.match(tokens[-2]):
        return int(SEATS.match(tokens[-2]).group(1)), tokens[:-2]
    last = SEATS.match(tokens[-1]) if len(tokens) > 2 else None
    if last and (last.group(2) or bare):
        return int(last.group(1)), tokens[:-1]
    return None, tokens


def _strip_connectors(words: list[str]) -> list[str]:
    while words and words[0] in CONNECTORS:
        words = words[1:]
    while words and words[-1] in CONNECTORS:
        words = words[:-1]
    return words


def _score(phrase: list[str], name: list[str]) -> int:
    """How well the typed words name a stop: 4 the whole name, 3 its beginning ("voiron" for
    "voiron gare"), 2 its beginning with the last word cut short, 1 words inside it; 0 not."""
    if not phrase:
        return 0
    if phrase == name:
        return 4
    size = len(phrase)
    for start in range(len(name) - size + 1):
        window = name[start:start + size]
        if window[:-1] != phrase[:-1]:
            continue
        if window[-1] == phrase[-1]:
            return 3 if start == 0 else 1
        if len(phrase[-1]) >= 3 and window[-1].startswith(phrase[-1]):
            return 2 if start == 0 else 1
    return 0


def _best(phrase: list[str], stops) -> tuple[int, object]:
    best = (0, None)
    for stop, name in stops:
        score = _score(phrase, name)
        if score > best[0]:
            best = (score, stop)
    return best


def match_stops(stops, words) -> StopPair | None:
    """The (line, boarding, alighting) the words name best: tried at every split of the words
    into two names, on each line; the first line in name order wins a tie."""
    lines: dict[int, list] = {}
    for stop in stops:
        lines.setdefault(stop.line_id, []).append((stop, fold(stop.name)))
    words = list(words)
    best, best_score = None, 0
    for line_stops in lines.values():
        for split in range(1, len(words)):
            board_score, boarding = _best(_strip_connectors(words[:split]), line_stops)
            alight_score, alighting = _best(_strip_connectors(words[split:]), line_stops)
            if (board_score and alight_score and boarding != alighting
                    and board_score + alight_score > best_score):
                best_score = board_score + alight_score
                best = StopPair(line=boarding.line, boarding=boarding, alighting=alighting)
    return best


def _clock(moment) -> str:
    local = timezone.localtime(moment, PARIS)
    return f"{local.hour}h{local.minute:02d}"


def _day(moment, today) -> str:
    local = timezone.localtime(moment, PARIS).date()
    if local == today:
        return "aujourd'hui"
    if local == today + timedelta(days=1):
        return "demain"
    return date_format(local, "l j F")


def _amount(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",") + " EUR"


def _contribution(match, geometry, seats: int) -> Decimal | None:
    """The most the passenger would share for this trip: the line's share per km and seat,
    never above the costs of their part of it (the booking fixes the exact amount)."""
    trip = match.trip
    day = timezone.localdate(trip.departs_at, PARIS)
    tariff = sharing.tariff_in_force(trip.line_id, day)
    if tariff is None or not tariff.passenger_share_per_km:
        return Decimal("0")
    try:
        rate = sharing.scale_rate(trip.vehicle_class, trip.electric, day)
    except ValidationError:
        return None
    trip_km = geometry.km_between(trip.direction, trip.departure_stop_id, trip.arrival_stop_id)
    wanted = sharing.cents_down(tariff.passenger_share_per_km * match.km * seats)
    return min(wanted, sharing.segment_costs(trip, trip_km, match.km, rate))


def _window(request: SmsRequest, now) -> tuple[datetime, datetime, datetime]:
    """The time asked and the window around it: today, or tomorrow when asked or when
    today's time is already past; a window never starts in the past."""
    local_now = timezone.localtime(now, PARIS)
    day = local_now.date() + timedelta(days=1 if request.tomorrow else 0)
    asked = datetime.combine(day, request.at, tzinfo=PARIS)
    if not request.tomorrow and asked + WINDOW < now:
        asked += timedelta(days=1)
    return asked, max(asked - WINDOW, now), asked + WINDOW


def _link(path: str) -> str:
    return settings.SITE_URL + path


def sms_request_answer(*, service, phone: str, text: str, now=None) -> str:
    """Handle one text from ``phone`` to ``service``'s lines; the answer to send back."""
    now = now or timezone.now()
    try:
        request = parse_sms(text)
    except SmsRequestError as error:
        return str(error)
    person = contributor_by_phone(service, phone)
    if request.kind == "book":
        return _book(service, phone, person, request.choice, now)
    if request.kind == "guarantee":
        return _guarantee(service, phone, person, now)
    return _search(service, phone, person, request, now)


def _search(service, phone, person, request: SmsRequest, now) -> str:
    stops = stops_of_service(service)
    pair = match_stops(stops, request.words)
    if pair is None:
        names = ", ".join(list(dict.fromkeys(stop.name for stop in stops))[:STOPS_LISTED])
        return (f"Arrets non reconnus dans \"{' '.join(request.words)}\". Arrets : {names}. "
                + EXPECTED)
    line = pair.line
    geometry = selectors.line_geometry(line)
    asked, window_start, window_end = _window(request, now)
    found = selectors.trips_matching(
        line=line, geometry=geometry, boarding_id=pair.boarding.pk,
        alighting_id=pair.alighting.pk, window_start=window_start, window_end=window_end,
        seats=request.seats, now=now, exclude_driver_id=person.pk if person else None
    )[:TRIPS_ANSWERED]
    search = sms_search_repeated(line=line, phone=phone, boarding_stop=pair.boarding,
                                 alighting_stop=pair.alighting, window_end=window_end,
                                 seats=request.seats, now=now)
    if search is None:
        search = services.ride_search_record(
            actor=person, line=line, direction=geometry.direction_between(
                pair.boarding.pk, pair.alighting.pk),
            boarding_stop=pair.boarding, alighting_stop=pair.alighting,
            window_start=window_start, window_end=window_end, seats=request.seats,
            matches=len(found), channel=RideSearch.Channel.SMS, phone=phone,
            offered_trips=[match.trip.pk for match in found])
    today = timezone.localdate(now, PARIS)
    heading = f"{pair.boarding.name} > {pair.alighting.name}"
    if not found:
        answer = (f"Aucun covoiturage {heading} {_day(asked, today)} vers {_clock(asked)}"
                  f" ({request.seats} place(s)).")
        if line.fallback_webhook_url and person is not None:
            fallback = line.fallback_name or "un transport de secours"
            return (answer + f" Repondez GARANTI pour un trajet garanti : sans conducteur dans "
                    f"{line.waiting_minutes} min, {fallback} recevra votre demande, avec votre "
                    "prenom et votre numero.")
        return answer + f" Essayez une autre heure, ou sur {_link(line.get_absolute_url())}"
    lines = [f"{heading}, {_day(found[0].boards_at, today)} :"]
    for number, match in enumerate(found, start=1):
        share = _contribution(match, geometry, request.seats)
        shared = _amount(share) if share is not None else "voir le site"
        lines.append(f"{number}) {_clock(match.boards_at)}, {match.trip.seats_left} place(s), "
                     f"participation {shared}")
    if person is not None:
        choices = " ou ".join(f"RESA {n}" for n in range(1, len(found) + 1))
        lines.append(f"Pour reserver, repondez {choices}.")
    else:
        lines.append(f"Reservez sur {_link(line.get_absolute_url())} (numero inconnu : "
                     "inscrivez-vous au service avec ce numero pour reserver par SMS).")
    return "\n".join(lines)


def _book(service, phone, person, choice: int, now) -> str:
    search = sms_search_last(service, phone, now=now)
    if search is None or not search.offered_trips:
        return "Aucune recherche recente a laquelle repondre. " + EXPECTED
    if choice > len(search.offered_trips):
        return f"Repondez RESA 1 a RESA {len(search.offered_trips)}."
    if person is None:
        return (f"Ce numero n'est celui d'aucun participant inscrit : reservez sur "
                f"{_link(search.line.get_absolute_url())}")
    trip = (Trip.objects.select_related("line__service", "departure_stop", "arrival_stop",
                                        "driver")
            .filter(pk=search.offered_trips[choice - 1], line=search.line).first())
    if trip is None:
        return "Ce trajet n'existe plus. " + EXPECTED
    try:
        booking = services.booking_create(
            actor=person, trip=trip, geometry=selectors.line_geometry(trip.line),
            boarding_stop=search.boarding_stop, alighting_stop=search.alighting_stop,
            seats=search.seats, search=search, now=now)
    except ValidationError as error:
        return " ".join(error.messages)
    today = timezone.localdate(now, PARIS)
    return (f"Reserve : {booking.boarding_stop.name} {_day(booking.boards_at, today)} a "
            f"{_clock(booking.boards_at)}, {booking.seats} place(s), participation "
            f"{_amount(booking.contribution)}. Votre code : {booking.code}, a donner au "
            f"conducteur. Details et annulation : {_link(booking.get_absolute_url())}")


def _guarantee(service, phone, person, now) -> str:
    search = sms_search_last(service, phone, now=now)
    if search is None:
        return "Aucune recherche recente. " + EXPECTED
    if person is None or search.passenger_id != person.pk:
        return (f"Le trajet garanti est reserve aux participants inscrits avec ce numero : "
                f"{_link(search.line.get_absolute_url())}")
    try:
        search = ride_guarantee_request(actor=person, search=search, share_contact=True,
                                        now=now)
    except ValidationError as error:
        return " ".join(error.messages)
    due = _clock(search.guarantee_due_at or now)
    fallback = search.line.fallback_name or "le transport de secours"
    return (f"Trajet garanti demande. Sans conducteur d'ici {due}, {fallback} recevra votre "
            "demande et vous serez prevenu par SMS.")
