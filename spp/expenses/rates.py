"""Pricing with the legal rate tables: pure computations, no database writes.

Each function returns the amount (rounded to the cent, half up, once, at the end) and a French
paragraph, the "computation", that names the table and its text and shows every step, so that
the claimant, the coordinator or an auditor can redo the calculation by hand.

- ``mileage_amount`` prices a journey with a mileage table. Two methods exist:
  PER_BAND (public agents, arrêté du 3 juillet 2006): each kilometre is paid at the rate of the
  band of the year's distance it falls in, so a journey straddling 2,000 km is split.
  WHOLE_DISTANCE (tax scale, CGI art. 83 and 200): the yearly amount for a yearly distance d is
  d × rate + fixed amount of d's bracket; a journey is worth f(before + km) − f(before).
  A bracket covers the distances above ``distance_from_km`` up to ``distance_to_km`` included
  ("jusqu'à 5 000 km", "de 5 001 à 20 000 km", "au-delà de 20 000 km").
  Not handled: the agents' monthly minimum of 10 € for mopeds (arrêté du 3 juillet 2006,
  art. 2), which is a monthly sum across journeys, not a journey's price.
- ``spv_allowance`` prices a volunteer firefighter's operational time (décret n° 2012-492,
  art. 3)."""

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from spp.core.holidays import french_public_holidays
from spp.expenses.models import RateTable

PARIS = ZoneInfo("Europe/Paris")
CENT = Decimal("0.01")
HUNDRED = Decimal("100")
WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


@dataclass(frozen=True)
class Priced:
    """An amount and how it was reached, in words."""

    amount: Decimal
    computation: str


def fr(value, places: int | None = None, *, min_places: int = 0) -> str:
    """A number the French way: "1 234,5" (no-break space for thousands, comma for decimals).
    ``places`` fixes the decimals; otherwise trailing zeros are dropped, down to
    ``min_places`` decimals."""
    value = Decimal(value)
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        text = f"{value:,.{places}f}"
    else:
        text = f"{value.normalize():,f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        decimals = len(text.partition(".")[2])
        if decimals < min_places:
            text += ("." if not decimals else "") + "0" * (min_places - decimals)
    return text.replace(",", "\u00a0").replace(".", ",")


def money(value) -> str:
    """Euros with at least the cents shown, and every further decimal the value has."""
    return fr(value, min_places=2)


def euros(value) -> str:
    return f"{fr(value, 2)}\u00a0€"


def _source(table: RateTable) -> str:
    where = f" ({table.source_url})" if table.source_url else ""
    return _("Table appliquée : « %(name)s » ; %(source)s%(where)s.") % {
        "name": table.name,
        "source": table.source,
        "where": where,
    }


def _brackets_of(table: RateTable, vehicle_class: str) -> list:
    brackets = sorted(
        (b for b in table.brackets.all() if b.vehicle_class == vehicle_class),
        key=lambda b: b.distance_from_km,
    )
    if not brackets:
        raise ValidationError(
            {
                "vehicle_class": _("Ce véhicule ne figure pas dans le barème « %(name)s ».")
                % {"name": table.name}
            }
        )
    return brackets


def _band_label(bracket) -> str:
    if bracket.distance_to_km is None:
        return _("au-delà de %(from)s km") % {"from": fr(bracket.distance_from_km)}
    if bracket.distance_from_km == 0:
        return _("jusqu’à %(to)s km") % {"to": fr(bracket.distance_to_km)}
    return _("de %(from)s à %(to)s km") % {
        "from": fr(bracket.distance_from_km),
        "to": fr(bracket.distance_to_km),
    }


def mileage_amount(
    table: RateTable, vehicle_class: str, before_km, distance_km, *, electric: bool = False
) -> Priced:
    """The price of a journey of ``distance_km`` with a vehicle of ``vehicle_class``, the
    person having already had ``before_km`` indemnified in the year with this kind of table.
    ``electric`` adds the table's increase for electric vehicles (the tax scale's +20 %; the
    agents' table has none)."""
    before, distance = Decimal(before_km), Decimal(distance_km)
    if distance <= 0 or before < 0:
        raise ValidationError({"distance_km": _("Indiquez une distance positive, en km.")})
    brackets = _brackets_of(table, vehicle_class)
    if table.method == RateTable.Method.PER_BAND:
        raw, steps = _per_band(brackets, before, distance)
    elif table.method == RateTable.Method.WHOLE_DISTANCE:
        raw, steps = _whole_distance(brackets, before, distance)
    else:
        raise ValidationError(
            _("Le barème « %(name)s » ne s’applique pas aux kilomètres.") % {"name": table.name}
        )
    parts = [
        _source(table),
        _("Véhicule : %(vehicle)s.") % {"vehicle": brackets[0].vehicle_label},
        _("Kilomètres déjà indemnisés dans l’année : %(before)s km ; ce trajet : %(km)s km.")
        % {"before": fr(before), "km": fr(distance)},
        steps,
    ]
    increase = table.electric_increase_percent if electric else Decimal("0")
    if increase:
        raised = raw * (1 + increase / HUNDRED)
        parts.append(
            _("Véhicule électrique : %(raw)s € × %(factor)s = %(raised)s €.")
            % {"raw": money(raw), "factor": fr(1 + increase / HUNDRED), "raised": money(raised)}
        )
        raw = raised
    elif electric:
        parts.append(_("Ce barème ne prévoit pas de majoration pour les véhicules électriques."))
    amount = raw.quantize(CENT, rounding=ROUND_HALF_UP)
    parts.append(_("Montant, arrondi au centime : %(amount)s.") % {"amount": euros(amount)})
    return Priced(amount, " ".join(parts))


def _per_band(brackets, before: Decimal, distance: Decimal) -> tuple[Decimal, str]:
    """Each kilometre of (before, before + distance] at the rate of the band it falls in."""
    start, end = before, before + distance
    total, terms = Decimal("0"), []
    for bracket in brackets:
        low = Decimal(bracket.distance_from_km)
        high = end if bracket.distance_to_km is None else Decimal(bracket.distance_to_km)
        overlap = min(end, high) - max(start, low)
        if overlap <= 0:
            continue
        total += overlap * bracket.rate_per_km
        terms.append(
            _("%(km)s km × %(rate)s € (tranche %(band)s)")
            % {"km": fr(overlap), "rate": money(bracket.rate_per_km), "band": _band_label(bracket)}
        )
    text = _(
        "Chaque kilomètre est payé au taux de la tranche de distance annuelle où il "
        "tombe (ce trajet va de %(first)s à %(last)s km dans l’année) : %(terms)s "
        "= %(total)s €."
    ) % {"first": fr(start), "last": fr(end), "terms": " + ".join(terms), "total": money(total)}
    return total, text


def _bracket_for(brackets, distance: Decimal):
    for bracket in brackets:
        if bracket.distance_to_km is None or distance <= bracket.distance_to_km:
            return bracket
    return brackets[-1]


def _yearly(brackets, distance: Decimal) -> tuple[Decimal, str]:
    """f(d) = d × rate + fixed amount of d's bracket, with its working."""
    if distance == 0:
        return Decimal("0"), "f(0) = 0"
    bracket = _bracket_for(brackets, distance)
    value = distance * bracket.rate_per_km + bracket.fixed_amount
    fixed = f" + {fr(bracket.fixed_amount)}" if bracket.fixed_amount else ""
    return value, (
        f"f({fr(distance)}) = {fr(distance)} × {fr(bracket.rate_per_km)}{fixed} "
        f"= {money(value)} € ({_('tranche')} {_band_label(bracket)})"
    )


def _whole_distance(brackets, before: Decimal, distance: Decimal) -> tuple[Decimal, str]:
    """f(before + distance) − f(before): the yearly amount the journey adds."""
    after_value, after_text = _yearly(brackets, before + distance)
    before_value, before_text = _yearly(brackets, before)
    total = after_value - before_value
    text = _(
        "Le barème donne le montant de l’année pour la distance annuelle d ; ce trajet vaut "
        "ce qu’il y ajoute : %(after)s ; %(before)s ; différence : %(total)s €."
    ) % {"after": after_text, "before": before_text, "total": money(total)}
    return total, text


# Volunteer firefighters ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Piece:
    start: datetime  # Paris local time
    end: datetime
    seconds: int
    percent: Decimal
    reason: str


def _is_night(moment: time, starts: time | None, ends: time | None) -> bool:
    if starts is None or ends is None:
        return False
    if starts > ends:  # 22:00 → 07:00 crosses midnight
        return moment >= starts or moment < ends
    return starts <= moment < ends


def _boundaries(start: datetime, end: datetime, table: RateTable) -> list[datetime]:
    """Instants (UTC) where the increase may change: each local midnight, night start and
    night end strictly between ``start`` and ``end`` (both UTC, so that differences are real
    durations even across a change of summer time)."""
    marks = [time(0, 0)] + [t for t in (table.night_starts, table.night_ends) if t is not None]
    day = start.astimezone(PARIS).date() - timedelta(days=1)
    last = end.astimezone(PARIS).date() + timedelta(days=1)
    cuts = {start, end}
    while day <= last:
        for mark in marks:
            instant = datetime.combine(day, mark, tzinfo=PARIS).astimezone(UTC)
            if start < instant < end:
                cuts.add(instant)
        day += timedelta(days=1)
    return sorted(cuts)


def _pieces(
    start: datetime, end: datetime, table: RateTable, *, alsace_moselle: bool
) -> list[_Piece]:
    cuts = _boundaries(start, end, table)
    pieces = []
    for left, right in zip(cuts, cuts[1:], strict=False):
        middle = (left + (right - left) / 2).astimezone(PARIS)
        holidays = french_public_holidays(middle.year, alsace_moselle=alsace_moselle)
        candidates = [(Decimal("0"), "")]
        if _is_night(middle.time(), table.night_starts, table.night_ends):
            candidates.append((table.night_increase_percent, _("nuit")))
        holiday = holidays.get(middle.date())
        if holiday:
            candidates.append(
                (
                    table.sunday_holiday_increase_percent,
                    _("jour férié : %(name)s") % {"name": holiday},
                )
            )
        elif middle.weekday() == 6:
            candidates.append((table.sunday_holiday_increase_percent, _("dimanche")))
        # The increases are never added together: the highest one applies.
        percent, reason = max(candidates, key=lambda c: c[0])
        pieces.append(
            _Piece(
                left.astimezone(PARIS),
                right.astimezone(PARIS),
                int((right - left).total_seconds()),
                percent,
                reason,
            )
        )
    return pieces


def _duration(seconds: int) -> str:
    """ "3 h 07 (3,1167 h)": the clock reading and, when not whole, the hours to multiply by."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{hours}\u00a0h\u00a0{minutes:02d}"
    if secs:
        text += f"\u00a0min\u00a0{secs:02d}\u00a0s"
    if rest:
        text += f" ({fr(Decimal(seconds) / 3600, 4)}\u00a0h)"
    return text


def _moment(moment: datetime) -> str:
    return f"{WEEKDAYS[moment.weekday()]} {moment:%d/%m/%Y %H:%M}"


def spv_allowance(
    table: RateTable, hourly, start: datetime, end: datetime, *, alsace_moselle: bool = False
) -> Priced:
    """The hourly allowance of a volunteer firefighter for the operational time from ``start``
    (the alert) to ``end`` (when they leave the centre, equipment put back in order), at the
    grade's rate ``hourly`` (an ``HourlyRate`` of ``table``).

    How time is counted, per décret n° 2012-492 du 16 avril 2012, art. 3: the allowance is
    "calculée en fonction du temps passé en service", counted from the alert until the volunteer
    leaves the centre; the text sets no rounding to the hour or to any fraction, so the time is
    counted exactly (to the second) and the total alone is rounded to the cent. The time is
    read in Paris local time and cut at each midnight and at 22:00 and 07:00: +50 % on Sundays
    and public holidays, +100 % from 22:00 to 07:00, the two never added together (the higher
    applies: a Sunday night hour is +100 %). The half hour a management authority may add for
    the return to work (same article) is a local decision, to be added to ``end`` by the
    caller; the +150 % of the health service's doctors is not handled here."""
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("spv_allowance needs aware datetimes")
    start = start.astimezone(UTC).replace(microsecond=0)
    end = end.astimezone(UTC).replace(microsecond=0)
    if end <= start:
        raise ValidationError(
            _("La fin de l’intervention doit suivre son début."), code="bad_times"
        )
    rate = hourly.rate
    pieces = _pieces(start, end, table, alsace_moselle=alsace_moselle)
    total, lines = Decimal("0"), []
    for piece in pieces:
        factor = 1 + piece.percent / HUNDRED
        value = rate * piece.seconds * factor / 3600
        total += value
        increase = (
            _(" × %(factor)s (%(reason)s, +%(percent)s %%)")
            % {"factor": fr(factor), "reason": piece.reason, "percent": fr(piece.percent)}
            if piece.percent
            else ""
        )
        lines.append(
            _("du %(from)s au %(to)s : %(duration)s × %(rate)s €/h%(increase)s = %(value)s €")
            % {
                "from": _moment(piece.start),
                "to": _moment(piece.end),
                "duration": _duration(piece.seconds),
                "rate": fr(rate, 2),
                "increase": increase,
                "value": money(value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)),
            }
        )
    amount = total.quantize(CENT, rounding=ROUND_HALF_UP)
    local_start, local_end = start.astimezone(PARIS), end.astimezone(PARIS)
    seconds = int((end - start).total_seconds())
    text = " ".join(
        [
            _source(table),
            _("Grade : %(grade)s, %(rate)s € de l’heure.")
            % {"grade": hourly.grade, "rate": fr(rate, 2)},
            _(
                "Temps passé en service, de l’alerte au départ du centre (décret n° 2012-492 du "
                "16 avril 2012, art. 3), compté exactement, heure de Paris : "
                "du %(from)s au %(to)s, soit %(duration)s."
            )
            % {
                "from": _moment(local_start),
                "to": _moment(local_end),
                "duration": _duration(seconds),
            },
            _(
                "Majorations : +%(sunday)s %% les dimanches et jours fériés, +%(night)s %% de "
                "%(night_start)s à %(night_end)s, non cumulables (la plus forte s’applique)."
            )
            % {
                "sunday": fr(table.sunday_holiday_increase_percent),
                "night": fr(table.night_increase_percent),
                "night_start": f"{table.night_starts:%H:%M}" if table.night_starts else "—",
                "night_end": f"{table.night_ends:%H:%M}" if table.night_ends else "—",
            },
            _("Détail : %(lines)s.") % {"lines": " ; ".join(lines)},
            _("Total %(total)s €, arrondi au centime : %(amount)s.")
            % {
                "total": money(total.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)),
                "amount": euros(amount),
            },
        ]
    )
    return Priced(amount, text)
