"""Lines, their stops and their tariff, set by the service's coordinators and admins.

Stops are edited together (a line is read as a whole), and a change that would strand a trip
is refused: a stop used by a trip or a booking stays. When the travel times change, the
upcoming trips' ``origin_at`` (what searches scan) is recomputed in the same transaction, so a
search never sees the old times. Each change is in the audit log."""

from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from spp.carpool import permissions
from spp.carpool.geometry import LineGeometry
from spp.carpool.models import Line, LineTariff, Stop, Trip
from spp.core.services import audit_record

LINE_FIELDS = ("code", "name", "description", "is_active", "operates_from", "operates_until",
               "waiting_minutes", "fallback_name", "fallback_webhook_url")
STOP_FIELDS = ("position", "name", "latitude", "longitude", "insee_code",
               "minutes_from_previous", "km_from_previous", "parking_places", "lighting")
# The highest per-km value of any car in the tax scale is about 0.70 € (7 CV and more); a
# share per km and per seat above 1 € is a typing error, never a cost.
SHARE_PER_KM_LIMIT = Decimal("1")


def _require_manager(actor, service) -> None:
    if not permissions.manages_lines(actor, service):
        raise ValidationError(_("Seuls les coordinateurs et administrateurs du service gèrent "
                                "ses lignes."), code="not_manager")


def line_save(*, actor, service, line: Line | None = None, fields: dict,
              stops: list[dict] | None = None) -> Line:
    """Create or update a line, and with ``stops`` (see ``line_stops_set``) its stops, all or
    nothing: a new line whose stops are refused is not kept."""
    _require_manager(actor, service)
    line = line or Line(service=service)
    for name in LINE_FIELDS:
        if name in fields:
            setattr(line, name, fields[name])
    line.full_clean(exclude=["service"])
    created = line.pk is None
    with transaction.atomic():
        line.save()
        audit_record(actor=actor, action="carpool.line_created" if created
                     else "carpool.line_updated", target=line, organisation=service.authority)
        if stops is not None:
            line_stops_set(actor=actor, line=line, rows=stops)
    return line


def line_stops_set(*, actor, line: Line, rows: list[dict], now=None) -> list[Stop]:
    """Replace the line's stops by ``rows`` (each a dict of ``STOP_FIELDS``, with ``id`` for an
    existing stop and ``delete`` to remove one)."""
    _require_manager(actor, line.service)
    now = now or timezone.now()
    kept = [row for row in rows if not row.get("delete")]
    positions = [row["position"] for row in kept]
    if len(set(positions)) != len(positions):
        raise ValidationError(_("Deux arrêts ont le même rang : chaque arrêt a le sien."),
                              code="duplicate_position")
    if len(kept) < 2:
        raise ValidationError(_("Une ligne a au moins deux arrêts."), code="too_few_stops")
    existing = {stop.pk: stop for stop in Stop.objects.filter(line=line)}
    try:
        with transaction.atomic():
            for row in rows:
                if row.get("delete") and row.get("id") in existing:
                    existing.pop(row["id"]).delete()
            # Positions are unique per line: move the kept stops out of the way first.
            for offset, stop in enumerate(existing.values(), start=1):
                Stop.objects.filter(pk=stop.pk).update(position=10_000 + offset)
            stops = []
            for row in kept:
                stop = existing.get(row.get("id")) or Stop(line=line)
                for name in STOP_FIELDS:
                    setattr(stop, name, row[name])
                stop.full_clean(exclude=["line"])
                stop.save()
                stops.append(stop)
            _reorigin_upcoming_trips(line, stops, now)
            audit_record(actor=actor, action="carpool.stops_updated", target=line,
                         organisation=line.service.authority,
                         data={"stops": [stop.name for stop in stops]})
    except ProtectedError:
        raise ValidationError(_("Un arrêt déjà utilisé par un trajet ne peut pas être "
                                "supprimé : fermez la ligne ou gardez l’arrêt."),
                              code="stop_in_use") from None
    return sorted(stops, key=lambda stop: stop.position)


def _reorigin_upcoming_trips(line, stops, now) -> None:
    geometry = LineGeometry(sorted(stops, key=lambda stop: stop.position))
    trips = list(Trip.objects.filter(line=line, status=Trip.Status.PUBLISHED,
                                     departs_at__gte=now - timedelta(hours=3)))
    for trip in trips:
        start = geometry.offset(trip.direction, trip.departure_stop_id)
        end = geometry.offset(trip.direction, trip.arrival_stop_id)
        if end.rank <= start.rank:
            raise ValidationError(
                _("Ce nouvel ordre inverserait le trajet du %(date)s : gardez l’ordre des "
                  "arrêts desservis ou annulez d’abord ce trajet.")
                % {"date": timezone.localtime(trip.departs_at).strftime("%d/%m/%Y %H:%M")},
                code="order_breaks_trip")
        trip.from_rank, trip.to_rank = start.rank, end.rank
        trip.origin_at = trip.departs_at - timedelta(minutes=start.minutes)
    Trip.objects.bulk_update(trips, ["from_rank", "to_rank", "origin_at"], batch_size=1000)


def line_tariff_add(*, actor, line: Line, valid_from, passenger_share_per_km: Decimal,
                    incentive_per_passenger: Decimal, monthly_incentive_cap: Decimal,
                    decided_by: str = "") -> LineTariff:
    """New money rules from ``valid_from`` (never an edit of the rules journeys were priced
    with). The passengers' share is a share of costs: above ``SHARE_PER_KM_LIMIT`` it is
    refused; per trip it is capped by the vehicle's costs anyway (``sharing``)."""
    _require_manager(actor, line.service)
    if passenger_share_per_km > SHARE_PER_KM_LIMIT:
        raise ValidationError({"passenger_share_per_km": _(
            "Une participation de plus de 1 € par km et par place dépasserait les frais de "
            "tout véhicule (barème kilométrique) : ce serait un prix, que la loi interdit "
            "(Code des transports, L3132-1).")})
    tariff = LineTariff(line=line, valid_from=valid_from,
                        passenger_share_per_km=passenger_share_per_km,
                        incentive_per_passenger=incentive_per_passenger,
                        monthly_incentive_cap=monthly_incentive_cap, decided_by=decided_by)
    tariff.full_clean(exclude=["line"], validate_unique=False)
    try:
        with transaction.atomic():
            tariff.save()
            audit_record(actor=actor, action="carpool.tariff_added", target=line,
                         organisation=line.service.authority,
                         data={"valid_from": valid_from.isoformat(),
                               "passenger_share_per_km": str(passenger_share_per_km),
                               "incentive_per_passenger": str(incentive_per_passenger),
                               "monthly_incentive_cap": str(monthly_incentive_cap)})
    except IntegrityError:
        raise ValidationError({"valid_from": _(
            "Des règles commencent déjà ce jour-là : choisissez une autre date.")}) from None
    return tariff
