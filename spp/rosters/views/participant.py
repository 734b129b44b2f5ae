"""Pages for volunteers: the service's roster home, availability in a few taps, shifts they
can take, their own shifts, their household's quota, and call-outs. Thin: forms parse,
services write, selectors read."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spp.catalog.selectors import charter_current, enrolment_for
from spp.core.form_errors import add_errors
from spp.core.pagination import paginate, requested_page_number
from spp.rosters import permissions, selectors, services
from spp.rosters.forms import ExceptionForm, WeekForm, WeekGridForm, WindowForm
from spp.rosters.models import (
    Assignment,
    AvailabilityWindow,
    CallOut,
    ShiftNeed,
    ShiftPattern,
)
from spp.rosters.services.households import calendar_feed_for

OPEN_SHIFTS_PER_PAGE = 20
OPEN_COUNT_CAP = 99


def service_home(request, slug):
    service = permissions.access_roster_service(request.user, slug)
    can = permissions.abilities(request.user, service)
    today = timezone.localdate()
    context = {"service": service, "can": can}
    if not can["participate"]:  # where the person's enrolment stands, or the charter to accept
        context["charter"] = charter_current(service)
        context["enrolment"] = enrolment_for(request.user, service)
    else:
        last = today + timedelta(days=30)
        places = selectors.open_places_for(selectors.qualifications_held(request.user), today,
                                           last)
        # Counted up to OPEN_COUNT_CAP + 1 shifts only: the tile says "99+" beyond.
        open_count = (selectors.shifts_open_for(request.user, service, today, last, places)
                      .order_by()[:OPEN_COUNT_CAP + 1].count())
        context.update(
            mine=selectors.assignments_of(request.user).filter(shift__service=service)[:10],
            callouts=selectors.callouts_open_for(request.user, service)[:5],
            open_count=open_count, open_count_capped=open_count > OPEN_COUNT_CAP,
            open_count_cap=OPEN_COUNT_CAP, household=selectors.household_of(request.user, service))
    return render(request, "rosters/service_home.html", context)


def _participant_service(request, slug):
    service = permissions.access_roster_service(request.user, slug)
    try:
        services.common.require_participant(request.user, service)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return service, redirect("rosters:service_home", slug)
    return service, None


def availability(request, slug):
    service, refusal = _participant_service(request, slug)
    if refusal:
        return refusal
    windows = AvailabilityWindow.objects.filter(user=request.user, service=service)
    grid = WeekGridForm(checked=WeekGridForm.checked_from(windows))
    window_form, exception_form = WindowForm(prefix="window"), ExceptionForm(prefix="exc")
    action = request.POST.get("action")
    try:
        if action == "grid":
            grid = WeekGridForm(request.POST)
            if grid.is_valid():
                services.availability_week_set(actor=request.user, service=service,
                                               slots=grid.slots())
                messages.success(request, _("Vos disponibilités de la semaine sont enregistrées."))
                return redirect("rosters:availability", slug)
        elif action == "window":
            window_form = WindowForm(request.POST, prefix="window")
            if window_form.is_valid():
                data = window_form.cleaned_data
                services.availability_window_add(
                    actor=request.user, service=service, weekday=data["weekday"],
                    start_minute=data["start"].hour * 60 + data["start"].minute,
                    end_minute=data["end"].hour * 60 + data["end"].minute)
                messages.success(request, _("Créneau ajouté (fusionné avec ceux qui le "
                                            "chevauchent)."))
                return redirect("rosters:availability", slug)
        elif action == "exception":
            exception_form = ExceptionForm(request.POST, prefix="exc")
            if exception_form.is_valid():
                services.availability_exception_add(actor=request.user, service=service,
                                                    **exception_form.cleaned_data)
                messages.success(request, _("Exception enregistrée."))
                return redirect("rosters:availability", slug)
        elif action == "preferences":
            services.preferences_set(actor=request.user, service=service, pattern_ids=[
                int(v) for v in request.POST.getlist("patterns") if v.isdigit()])
            messages.success(request, _("Vos gardes préférées sont enregistrées."))
            return redirect("rosters:availability", slug)
        elif action == "remove":
            window = get_object_or_404(AvailabilityWindow, pk=request.POST.get("window"),
                                       user=request.user)
            services.availability_window_remove(actor=request.user, window=window)
            return redirect("rosters:availability", slug)
    except ValidationError as error:
        add_errors({"window": window_form, "exception": exception_form}.get(action, grid), error)
    exceptions = request.user.availability_exceptions.filter(
        service=service, ends_at__gte=timezone.now())
    preferred = set(request.user.roster_preferences.values_list("pattern_id", flat=True))
    return render(request, "rosters/availability.html", {
        "service": service, "grid": grid, "preferred": preferred,
        "patterns": ShiftPattern.objects.filter(service=service), "window_form": window_form,
        "exception_form": exception_form, "windows": windows, "exceptions": exceptions,
        "days": _grid_rows(grid)})


def _grid_rows(grid):
    from spp.rosters.forms import SLOTS
    from spp.rosters.models.availability import WEEKDAYS

    return [{"label": label, "cells": [{"field": grid[f"d{day}_{code}"], "label": slot}
                                       for code, slot, *_r in SLOTS]}
            for day, label in WEEKDAYS]


def open_shifts(request, slug):
    """The shifts the person can take, a week at a time (``?du=``), optionally for one of
    their qualifications, 20 a page with a link to the next one (no total: counting would
    probe every shift of the week): the page stays the same size whatever the service's
    number of shifts."""
    service, refusal = _participant_service(request, slug)
    if refusal:
        return refusal
    held = selectors.qualifications_held(request.user)
    form = WeekForm(request.GET or None, codes=selectors.held_codes(held))
    first = form.first_day()
    last = first + timedelta(days=6)
    places = selectors.open_places_for(held, first, last, form.code())
    page = selectors.WeekPage(
        selectors.shifts_open_for(request.user, service, first, last, places),
        number=requested_page_number(request), per_page=OPEN_SHIFTS_PER_PAGE)
    week = request.GET.copy()
    week.pop("page", None)
    querystring = week.urlencode()
    week.pop("du", None)
    week = week.urlencode()
    return render(request, "rosters/open_shifts.html", {
        "service": service, "form": form, "page": page,
        "querystring": (querystring + "&") if querystring else "",
        "rows": selectors.open_shift_rows(request.user, service, page.object_list, places),
        "first": first, "last": last, "filters": (week + "&") if week else "",
        "previous": first - timedelta(days=7) if first > timezone.localdate() else None,
        "next": first + timedelta(days=7)}, status=400 if form.errors else 200)


@require_POST
def signup(request, pk):
    need = get_object_or_404(ShiftNeed.objects.select_related("shift__service"), pk=pk)
    service = permissions.access_roster_service(request.user, need.shift.service.slug)
    try:
        services.assignment_signup(actor=request.user, need=need)
        messages.success(request, _("C’est noté : vous êtes de garde « %(s)s ».")
                         % {"s": need.shift})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("rosters:open_shifts", service.slug)


@require_POST
def cancel(request, pk):
    assignment = get_object_or_404(Assignment.objects.select_related("shift__service"), pk=pk,
                                   user=request.user)
    try:
        services.assignment_cancel(actor=request.user, assignment=assignment,
                                   reason=request.POST.get("reason", "")[:200])
        messages.success(request, _("Votre désistement est enregistré."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("rosters:my_shifts")


def my_shifts(request):
    feed = calendar_feed_for(user=request.user)
    page, querystring = paginate(request, selectors.assignments_of(request.user))
    return render(request, "rosters/my_shifts.html", {
        "page": page, "querystring": querystring, "assignments": page.object_list,
        "callouts": selectors.callouts_open_for(request.user)[:10],
        "feed_url": request.build_absolute_uri(f"/gardes/calendrier/{feed.token}.ics"),
    })


def household(request, slug):
    service, refusal = _participant_service(request, slug)
    if refusal:
        return refusal
    mine = selectors.household_of(request.user, service)
    tally = selectors.household_quotas(service, timezone.localdate(), [mine])[0] if mine else None
    return render(request, "rosters/household.html", {"service": service, "tally": tally})


def callout_detail(request, pk):
    callout = get_object_or_404(CallOut.objects.select_related(
        "shift__service", "need__qualification_type"), pk=pk)
    service = callout.shift.service
    if not (permissions.participates(request.user, service)
            or permissions.reads_coverage(request.user, service)):
        raise Http404
    if request.method == "POST":
        try:
            services.callout_respond(actor=request.user, callout=callout,
                                     accept=request.POST.get("answer") == "accept")
            messages.success(request, _("Merci, votre réponse est enregistrée."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("rosters:callout_detail", pk)
    response = callout.responses.filter(user=request.user).first()
    return render(request, "rosters/callout_detail.html", {
        "callout": callout, "service": service, "response": response,
        "can_answer": permissions.participates(request.user, service)})
