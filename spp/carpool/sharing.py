"""Lawful cost sharing (Code des transports, L3132-1 and R3132-1 to R3132-4).

Carpooling is unpaid, except for sharing the costs of the journey the driver makes for
their own account:

- the costs are the driver's real costs for the trip, which may be valued with the tax
  mileage scale (CGI art. 83, 3°) for the vehicle, plus tolls and parking (R3132-1);
- the passengers' contributions are shared freely (R3132-2) but, with everything they pay
  for one trip, never exceed those costs — otherwise it is a paid transport;
- the authority's allowance to the driver never exceeds the driver's costs minus what the
  passengers paid (R3132-3), also for a trip offered and driven without a passenger (R3132-4).

The scale comes from the expenses app's dated rate tables (the same rows the volunteers'
mileage claims use), and the line's own amounts from its dated ``LineTariff``: no amount here
is a constant. For one trip the scale's first band applies (d × a for up to 5,000 km a year),
the per-kilometre value of the scale's own formula for a short distance."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from spp.carpool.models import LineTariff
from spp.expenses.models import RateTable
from spp.expenses.rates import euros, fr
from spp.expenses.selectors.rates import rate_table_in_force

CENT = Decimal("0.01")
ZERO = Decimal("0")


def cents_down(amount: Decimal) -> Decimal:
    """Rounded down to the cent: a ceiling is never passed by rounding."""
    return amount.quantize(CENT, rounding=ROUND_DOWN)


@dataclass(frozen=True)
class ScaleRate:
    per_km: Decimal
    vehicle_label: str
    table: RateTable

    def explained(self) -> str:
        return _("%(rate)s € par km (%(vehicle)s, %(table)s)") % {
            "rate": fr(self.per_km, 3), "vehicle": self.vehicle_label, "table": self.table.name}


def vehicle_choices(on_date: date) -> list[tuple[str, str]]:
    """The vehicle classes of the tax scale in force (cars by fiscal horsepower)."""
    table = rate_table_in_force(RateTable.Kind.TAX_MILEAGE, on_date)
    return [(bracket.vehicle_class, bracket.vehicle_label)
            for bracket in table.brackets.all() if bracket.distance_from_km == 0]


def tax_scale(on_date: date) -> RateTable:
    """The tax mileage scale in force on ``on_date``, its brackets loaded."""
    return rate_table_in_force(RateTable.Kind.TAX_MILEAGE, on_date)


def scale_rate(vehicle_class: str, electric: bool, on_date: date,
               table: RateTable | None = None) -> ScaleRate:
    """The per-km value of ``vehicle_class`` on ``on_date`` (from ``table`` when the caller
    already holds the day's scale: a page pricing many trips reads it once)."""
    table = table or tax_scale(on_date)
    bracket = next((b for b in table.brackets.all()
                    if b.vehicle_class == vehicle_class and b.distance_from_km == 0), None)
    if bracket is None:
        raise ValidationError(
            _("Ce véhicule n’est pas dans le barème kilométrique en vigueur : choisissez sa "
              "puissance fiscale dans la liste."), code="unknown_vehicle")
    per_km = bracket.rate_per_km
    label = bracket.vehicle_label
    if electric and table.electric_increase_percent:
        per_km = per_km * (1 + table.electric_increase_percent / 100)
        label = _("%(label)s, électrique (+%(increase)s %%)") % {
            "label": label, "increase": fr(table.electric_increase_percent)}
    return ScaleRate(per_km=per_km, vehicle_label=label, table=table)


def tariff_in_force(line_id: int, on_date: date) -> LineTariff | None:
    return (LineTariff.objects.filter(line_id=line_id, valid_from__lte=on_date)
            .order_by("-valid_from").first())


def trip_costs(trip, trip_km: Decimal, rate: ScaleRate) -> Decimal:
    """The driver's costs for the whole trip (R3132-1)."""
    return cents_down(trip_km * rate.per_km + trip.tolls + trip.parking)


def segment_costs(trip, trip_km: Decimal, segment_km: Decimal, rate: ScaleRate) -> Decimal:
    """The costs of the part of the trip a passenger shares: the kilometres at the scale, and
    tolls and parking in proportion to the distance."""
    share = segment_km / trip_km if trip_km else ZERO
    return cents_down(segment_km * rate.per_km + (trip.tolls + trip.parking) * share)


@dataclass(frozen=True)
class Contribution:
    amount: Decimal
    explained: str


def _contribution_amounts(*, trip, tariff, trip_km, segment_km, seats, others_paid,
                          rate: ScaleRate) -> tuple[Decimal, Decimal]:
    """What the line's share asks (``wanted``) and what the passengers pay (``amount``)."""
    wanted = cents_down(tariff.passenger_share_per_km * segment_km * seats)
    segment_ceiling = segment_costs(trip, trip_km, segment_km, rate)
    trip_ceiling = max(ZERO, trip_costs(trip, trip_km, rate) - others_paid)
    return wanted, min(wanted, segment_ceiling, trip_ceiling)


def passenger_contribution_amount(*, trip, tariff, trip_km, segment_km, seats, others_paid,
                                  rate: ScaleRate) -> Decimal:
    """``passenger_contribution``'s amount without its explanation: a search's results show
    the amount only, and writing the words they do not show cost more than the rest of a
    result's figures."""
    if tariff is None or tariff.passenger_share_per_km == 0:
        return ZERO
    return _contribution_amounts(trip=trip, tariff=tariff, trip_km=trip_km,
                                 segment_km=segment_km, seats=seats, others_paid=others_paid,
                                 rate=rate)[1]


def passenger_contribution(*, trip, tariff, trip_km, segment_km, seats, others_paid,
                           rate: ScaleRate) -> Contribution:
    """What one booking's passengers pay the driver: the line's share per km and per seat,
    never more than the costs of their part of the trip, and never enough to bring what all
    the trip's passengers pay above the trip's costs."""
    if tariff is None or tariff.passenger_share_per_km == 0:
        return Contribution(ZERO, _("Aucune participation aux frais n’est demandée sur cette "
                                    "ligne."))
    wanted, amount = _contribution_amounts(trip=trip, tariff=tariff, trip_km=trip_km,
                                           segment_km=segment_km, seats=seats,
                                           others_paid=others_paid, rate=rate)
    parts = [_("%(km)s km × %(share)s € × %(seats)s place(s) = %(wanted)s") % {
        "km": fr(segment_km, 2), "share": fr(tariff.passenger_share_per_km, 3),
        "seats": seats, "wanted": euros(wanted)}]
    if amount < wanted:
        parts.append(_("ramené à %(amount)s : la participation ne peut dépasser les frais du "
                       "trajet (%(rate)s, péages et stationnement ; Code des transports, "
                       "R3132-1)") % {"amount": euros(amount), "rate": rate.explained()})
    return Contribution(amount, " ; ".join(parts) + ".")


@dataclass(frozen=True)
class Incentive:
    amount: Decimal
    explained: str


def driver_incentive(*, trip, tariff, trip_km, seats, paid_on_trip, granted_on_trip,
                     month_left, rate: ScaleRate) -> Incentive:
    """The authority's allowance for carrying ``seats`` passengers: the line's amount per
    passenger, within the driver's costs minus what the passengers paid and what was already
    granted for the trip (R3132-3), and within what is left of the driver's monthly cap."""
    if tariff is None or tariff.incentive_per_passenger == 0:
        return Incentive(ZERO, _("Cette ligne ne prévoit pas d’aide au conducteur."))
    wanted = tariff.incentive_per_passenger * seats
    lawful = max(ZERO, trip_costs(trip, trip_km, rate) - paid_on_trip - granted_on_trip)
    amount = cents_down(min(wanted, lawful, max(ZERO, month_left)))
    text = _("%(seats)s passager(s) × %(each)s = %(wanted)s") % {
        "seats": seats, "each": euros(tariff.incentive_per_passenger), "wanted": euros(wanted)}
    if amount < wanted:
        reasons = []
        if lawful < wanted:
            reasons.append(_("les frais du conducteur moins ce que les passagers ont versé "
                             "(%(lawful)s ; Code des transports, R3132-3)")
                           % {"lawful": euros(lawful)})
        if month_left < wanted:
            reasons.append(_("le reste du plafond mensuel (%(left)s)")
                           % {"left": euros(max(ZERO, month_left))})
        text += _(", ramené à %(amount)s : %(reasons)s") % {
            "amount": euros(amount), "reasons": _(" et ").join(reasons)}
    return Incentive(amount, text + ".")
