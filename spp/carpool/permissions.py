"""Who may do what on carpool lines.

Drivers and passengers are the service's active contributors (enrolled, current charter
accepted): the catalog's ``enrolment_require_current`` says so with the reason. A driver
manages their own trips and sees who booked them; a passenger their own bookings. The
service's coordinators and admins (of the authority or of its operator) define lines, set
their tariff and read the dashboard; any member of those organisations may read it too.
Every access helper answers 404, never 403, so that nobody learns what exists."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404

from spp.carpool.models import Booking, Line, Trip
from spp.catalog import permissions as catalog_permissions
from spp.catalog.models import Service
from spp.catalog.selectors.enrolments import enrolment_for, enrolment_require_current


def manages_lines(user, service) -> bool:
    """Coordinators and admins of the service's authority or operator."""
    return catalog_permissions.coordinates_service(user, service)


def reads_dashboard(user, service) -> bool:
    """Any member of the service's authority or operator."""
    return catalog_permissions.manages_service(user, service)


def service_abilities(user, service) -> dict[str, bool]:
    """What ``user`` may do on a carpool service's back office (docs/permissions.md's table)."""
    manages = manages_lines(user, service)
    return {"manage_lines": manages, "set_tariff": manages,
            "read_dashboard": reads_dashboard(user, service), "export_journeys": manages}


def participation_state(user, service) -> dict:
    """Whether the person may drive and book now (the catalog's ``enrolment_require_current``
    rule), and if not, their enrolment and why (the page says what to do)."""
    try:
        enrolment_require_current(user, service)
    except ValidationError as error:
        return {"participate": False, "enrolment": enrolment_for(user, service),
                "why_not": " ".join(error.messages)}
    return {"participate": True}


def drives(user, trip) -> bool:
    return user.is_authenticated and trip.driver_id == user.pk


def rides(user, booking) -> bool:
    return user.is_authenticated and booking.passenger_id == user.pk


def trip_abilities(user, trip) -> dict[str, bool]:
    own = drives(user, trip)
    live = trip.status == Trip.Status.PUBLISHED
    return {"view": own or reads_dashboard(user, trip.line.service), "cancel": own and live,
            "confirm": own and live, "own": own}


def booking_abilities(user, booking) -> dict[str, bool]:
    own = rides(user, booking)
    driver = drives(user, booking.trip)
    booked = booking.status == Booking.Status.BOOKED
    return {"view": own or driver or reads_dashboard(user, booking.trip.line.service),
            "cancel": own and booked, "confirm": (own or driver) and booking.status in Booking.LIVE,
            "own": own, "driver": driver}


def _check_service(user, service: Service) -> Service:
    if "carpool" not in service.patterns or not catalog_permissions.can_view_service(user,
                                                                                      service):
        raise Http404
    return service


def access_service(user, slug: str) -> Service:
    """A carpool service the person may see (published, or theirs to manage)."""
    return _check_service(user, get_object_or_404(Service, slug=slug))


def access_service_to_manage(user, slug: str) -> Service:
    service = access_service(user, slug)
    if not manages_lines(user, service):
        raise Http404
    return service


def access_line(user, service, code: str) -> Line:
    line = get_object_or_404(Line, service=service, code=code)
    return _check_line(user, service, line)


def _check_line(user, service, line: Line) -> Line:
    if not line.is_active and not manages_lines(user, service):
        raise Http404
    line.service = service  # already read: the line's address and breadcrumb need no query
    return line


def access_service_line(user, slug: str, code: str, *,
                        dashboard: bool = False) -> tuple[Service, Line]:
    """``access_service`` then ``access_line`` in one query: the line read with its service,
    by the service's slug; with ``dashboard``, the person must also read the service's
    dashboard. The same rules, the same 404 for whatever is missing or not theirs to see."""
    line = get_object_or_404(Line.objects.select_related("service"), service__slug=slug,
                             code=code)
    service = _check_service(user, line.service)
    if dashboard and not reads_dashboard(user, service):
        raise Http404
    return service, _check_line(user, service, line)


def access_trip(user, pk: int) -> Trip:
    trip = get_object_or_404(Trip.objects.select_related("line__service", "driver",
                                                         "departure_stop", "arrival_stop"),
                             pk=pk)
    if not trip_abilities(user, trip)["view"]:
        raise Http404
    return trip


def access_booking(user, pk: int) -> Booking:
    booking = get_object_or_404(
        Booking.objects.select_related("trip__line__service", "trip__driver", "passenger",
                                       "boarding_stop", "alighting_stop"), pk=pk)
    if not booking_abilities(user, booking)["view"]:
        raise Http404
    return booking


def access_trip_to_book(user, pk: int) -> Trip:
    """A trip of a line the person can see (booking rules are the service's to check)."""
    trip = get_object_or_404(Trip.objects.select_related("line__service", "driver",
                                                         "departure_stop", "arrival_stop"),
                             pk=pk)
    if not catalog_permissions.can_view_service(user, trip.line.service):
        raise Http404
    return trip
