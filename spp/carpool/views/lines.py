"""A carpool service's lines and one line's page, where passengers search and book and
drivers start offering a trip. Thin: forms parse, selectors read, services write."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from spp.carpool import permissions, selectors, services, sharing
from spp.carpool.forms import GuaranteeRequestForm, SearchForm
from spp.core.links import link_for_pk


def service_home(request, slug):
    service = permissions.access_service(request.user, slug)
    return render(request, "carpool/service_home.html", {
        "service": service, "lines": selectors.lines_of_service(service),
        "state": permissions.participation_state(request.user, service),
        "manages": permissions.manages_lines(request.user, service),
        "reads_dashboard": permissions.reads_dashboard(request.user, service),
    })


def _with_texts(matches, line, geometry):
    """Each match's contribution as the booking would compute it with no other passenger
    yet (the booking computes the final amount, never more), and the card's sentences,
    written here once per result rather than by three template tags per card: each sentence
    translated once for the list (the plural once per number of seats left), the shared
    kilometres written once per distance (a search's results share their stops)."""
    rates, tariffs, scales = {}, {}, {}
    # Each result's booking address, reversed once for the list (not once per result).
    book_url = link_for_pk("carpool:booking_create")
    heading = _("Passage à %(at)s, arrivée vers %(arrive)s")
    shared = _("%(km)s km partagés — participation aux frais : %(amount)s par place, au plus")
    with_whom, km_texts = {}, {}
    for match in matches:
        match.book_url = book_url(match.trip.pk)
        trip = match.trip
        day = timezone.localdate(trip.departs_at)
        if day not in tariffs:
            tariffs[day] = sharing.tariff_in_force(line.pk, day)
            scales[day] = sharing.tax_scale(day)
        key = (trip.vehicle_class, trip.electric, day)
        if key not in rates:
            rates[key] = sharing.scale_rate(trip.vehicle_class, trip.electric, day,
                                            table=scales[day])
        trip_km = geometry.km_between(trip.direction, trip.departure_stop_id,
                                      trip.arrival_stop_id)
        match.contribution = sharing.passenger_contribution_amount(
            trip=trip, tariff=tariffs[day], trip_km=trip_km, segment_km=match.km, seats=1,
            others_paid=0, rate=rates[key])
        match.at = timezone.localtime(match.boards_at).strftime("%H:%M")
        match.heading = heading % {
            "at": match.at, "arrive": timezone.localtime(match.alights_at).strftime("%H:%M")}
        seats_left = trip.seats_left
        if seats_left not in with_whom:
            with_whom[seats_left] = ngettext("Avec %(name)s — %(n)d place libre",
                                             "Avec %(name)s — %(n)d places libres", seats_left)
        match.with_whom = with_whom[seats_left] % {
            "name": trip.driver_first_name or _("un conducteur"), "n": seats_left}
        if match.km not in km_texts:
            km_texts[match.km] = sharing.fr(match.km, 1)
        match.sharing = shared % {"km": km_texts[match.km],
                                  "amount": sharing.euros(match.contribution)}
    return matches


def line_detail(request, slug, code):
    """The line: its stops and times, and the search (its parameters in the address, so a
    search can be bookmarked or sent)."""
    service, line = permissions.access_service_line(request.user, slug, code)
    geometry = selectors.line_geometry(line)
    searched = "montee" in request.GET
    form = SearchForm(request.GET if searched else None, stops=geometry.stops,
                      initial=SearchForm.initial_for())
    context = {"service": service, "line": line, "form": form, "searched": searched,
               "outbound": geometry.ordered_stops("outbound"),
               "state": permissions.participation_state(request.user, service),
               "manages": permissions.manages_lines(request.user, service)}
    if searched and form.is_valid():
        data = form.cleaned_data
        start, end = form.window()
        matches = selectors.trips_matching(
            line=line, geometry=geometry, boarding_id=data["montee"],
            alighting_id=data["descente"], window_start=start, window_end=end,
            seats=data["places"], now=timezone.now(), exclude_driver_id=request.user.pk)
        stops = {stop.pk: stop for stop in geometry.stops}
        search = services.ride_search_record(
            actor=request.user, line=line,
            direction=geometry.direction_between(data["montee"], data["descente"]),
            boarding_stop=stops[data["montee"]], alighting_stop=stops[data["descente"]],
            window_start=start, window_end=end, seats=data["places"], matches=len(matches))
        # Each result's booking form is four hidden inputs written in the template (a bound
        # form rendered per result cost more than the rest of the page); BookingForm parses
        # what they post.
        context.update(matches=_with_texts(matches, line, geometry), search=search,
                       book_label=_("Réserver"),
                       boarding=stops[data["montee"]], alighting=stops[data["descente"]],
                       guarantee_form=GuaranteeRequestForm())
    return render(request, "carpool/line_detail.html", context)
