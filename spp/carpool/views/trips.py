"""A driver's pages: offering a trip on a line, their trips, one trip with its bookings
(where they type each passenger's code at the stop), and cancelling it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from spp.carpool import permissions, selectors, services, sharing
from spp.carpool.forms import CancelForm, CodeForm, TripForm
from spp.carpool.models import Trip
from spp.carpool.selectors.trips import TRIP_ROW
from spp.core.form_errors import add_errors
from spp.core.pagination import paginate

PER_PAGE = 20


def my_trips(request):
    """The seats the person booked (their newest ``PER_PAGE``) and the trips they drive,
    newest first, page by page."""
    trips = selectors.trips_of_driver(request.user)
    page, querystring = paginate(request, trips.values(*TRIP_ROW), PER_PAGE,
                                 counted=trips)
    page.object_list = selectors.with_links(list(page.object_list), Trip)
    return render(request, "carpool/my_trips.html", {
        "page": page, "querystring": querystring,
        "bookings": selectors.booking_rows_of_passenger(request.user, PER_PAGE)})


def trip_publish(request, slug, code):
    service, line = permissions.access_service_line(request.user, slug, code)
    geometry = selectors.line_geometry(line)
    vehicles = sharing.vehicle_choices(timezone.localdate())
    form = TripForm(request.POST or None, stops=geometry.ordered_stops("outbound"),
                    vehicle_classes=vehicles,
                    initial={"day": timezone.localdate(), "seats": 3})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        stops = {stop.pk: stop for stop in geometry.stops}
        try:
            trips = services.trip_publish(
                actor=request.user, line=line, geometry=geometry,
                departure_stop=stops[data["departure_stop"]],
                arrival_stop=stops[data["arrival_stop"]], departs_at=form.departs_at(),
                seats=data["seats"], vehicle_class=data["vehicle_class"],
                electric=data["electric"], tolls=data["tolls"] or 0,
                parking=data["parking"] or 0, weekdays=data["weekdays"] or None,
                last_day=data["last_day"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, ngettext(
                "Votre trajet est proposé : les passagers peuvent le réserver.",
                "%(count)d trajets sont proposés : les passagers peuvent les réserver.",
                len(trips)) % {"count": len(trips)})
            return redirect(trips[0].get_absolute_url())
    return render(request, "carpool/trip_publish.html", {
        "service": service, "line": line, "form": form,
        "status": 400 if form.errors else 200}, status=400 if form.errors else 200)


def trip_detail(request, pk):
    trip = permissions.access_trip(request.user, pk)
    can = permissions.trip_abilities(request.user, trip)
    return render(request, "carpool/trip_detail.html", {
        "trip": trip, "can": can, "bookings": selectors.trip_with_bookings(trip),
        "code_form": CodeForm(), "cancel_form": CancelForm(),
        "stops": selectors.line_geometry(trip.line).ordered_stops(trip.direction)})


@require_POST
def trip_cancel(request, pk):
    trip = permissions.access_trip(request.user, pk)
    form = CancelForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.trip_cancel(actor=request.user, trip=trip, reason=reason)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Trajet annulé : les passagers ont été prévenus."))
    return redirect(trip.get_absolute_url())
