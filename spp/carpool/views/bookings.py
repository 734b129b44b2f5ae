"""A passenger's booking: made from a search, shown with the code to give the driver at the
stop, cancelled, and the two confirmations of the journey (the driver types the code; the
passenger says they are on board). Thin: forms parse, services decide."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spp.carpool import permissions, selectors, services
from spp.carpool.forms import BookingForm, CodeForm, PositionForm
from spp.carpool.models import RideSearch, Stop


@require_POST
def booking_create(request, pk):
    trip = permissions.access_trip_to_book(request.user, pk)
    form = BookingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cette réservation est incomplète : refaites la recherche."))
        return redirect(trip.line.get_absolute_url())
    data = form.cleaned_data
    boarding = get_object_or_404(Stop, pk=data["montee"], line=trip.line)
    alighting = get_object_or_404(Stop, pk=data["descente"], line=trip.line)
    search = RideSearch.objects.filter(pk=data.get("recherche"),
                                       passenger=request.user).first()
    try:
        booking = services.booking_create(
            actor=request.user, trip=trip, geometry=selectors.line_geometry(trip.line),
            boarding_stop=boarding, alighting_stop=alighting, seats=data["places"],
            search=search)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(trip.line.get_absolute_url())
    messages.success(request, _("Place réservée : le conducteur est prévenu. Montrez-lui votre "
                                "code à l’arrêt."))
    return redirect(booking.get_absolute_url())


def booking_detail(request, pk):
    booking = permissions.access_booking(request.user, pk)
    return render(request, "carpool/booking_detail.html", {
        "booking": booking, "can": permissions.booking_abilities(request.user, booking),
        "proof": getattr(booking, "proof", None), "position_form": PositionForm()})


@require_POST
def booking_cancel(request, pk):
    booking = permissions.access_booking(request.user, pk)
    try:
        services.booking_cancel(actor=request.user, booking=booking)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Réservation annulée : le conducteur est prévenu."))
    return redirect(booking.get_absolute_url())


@require_POST
def journey_confirm_by_driver(request, pk):
    booking = permissions.access_booking(request.user, pk)
    form = CodeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Saisissez les quatre chiffres du code du passager."))
        return redirect(booking.trip.get_absolute_url())
    latitude, longitude = form.position()
    try:
        proof = services.journey_confirm_by_driver(
            actor=request.user, booking=booking, geometry=selectors.line_geometry(
                booking.trip.line), code=form.cleaned_data["code"], latitude=latitude,
            longitude=longitude)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Trajet confirmé (preuve de classe %(c)s) : il figure dans "
                                    "votre engagement et celui du passager.")
                         % {"c": proof.proof_class})
    return redirect(booking.trip.get_absolute_url())


@require_POST
def journey_confirm_by_passenger(request, pk):
    booking = permissions.access_booking(request.user, pk)
    form = PositionForm(request.POST)
    latitude, longitude = form.position() if form.is_valid() else (None, None)
    try:
        services.journey_confirm_by_passenger(
            actor=request.user, booking=booking,
            geometry=selectors.line_geometry(booking.trip.line), latitude=latitude,
            longitude=longitude)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Merci : votre montée est enregistrée."))
    return redirect(booking.get_absolute_url())
