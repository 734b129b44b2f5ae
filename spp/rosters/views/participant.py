"""Pages for volunteers: the service's roster home, availability in a few taps, shifts they
can take, their own shifts, their household's quota, and call-outs. Thin: forms parse,
services write, selectors read."""

from collections import defaultdict
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from spp.catalog.selectors import charter_current, enrolment_for
from spp.core.form_errors import add_errors
from spp.core.links import link_for_pk
from spp.core.pagination import paginate, requested_page_number
from spp.rosters import forms, permissions, selectors, services
from spp.rosters.forms import ExceptionForm, ShapeWeekForm, WeekForm, WindowForm
from spp.rosters.models import (
    Assignment,
    AvailabilityWindow,
    CallOut,
    Shift,
    ShiftNeed,
    ShiftPattern,
)
from spp.rosters.models.availability import WEEKDAYS, minutes_label
from spp.rosters.selectors.replacements import replacements_open_for
from spp.rosters.services.assignments import (
    qualification_missing,
    withdrawal_deadline,
    within_notice,
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
            mine=selectors.upcoming_places(request.user, service, 10),
            callouts=selectors.callouts_open_for(request.user, service, limit=5),
            open_count=open_count, open_count_capped=open_count > OPEN_COUNT_CAP,
            open_count_cap=OPEN_COUNT_CAP, household=selectors.in_household(request.user, service))
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
    """The week as the service's own shifts to tick (saving changes only what was ticked or
    unticked), the person's windows each removable, a free range, exceptions, preferences."""
    service, refusal = _participant_service(request, slug)
    if refusal:
        return refusal
    windows = AvailabilityWindow.objects.filter(user=request.user, service=service)
    shapes = selectors.availability_shapes(service, timezone.localdate())
    week = selectors.availability_week(request.user, service)
    grid = ShapeWeekForm(shapes=shapes, week=week)
    window_form, exception_form = WindowForm(prefix="window"), ExceptionForm(prefix="exc")
    action = request.POST.get("action")
    try:
        if action == "grid":
            grid = ShapeWeekForm(request.POST, shapes=shapes, week=week)
            if grid.is_valid():
                add, remove = grid.changes()
                services.availability_week_change(actor=request.user, service=service,
                                                  add=add, remove=remove)
                messages.success(request, _("Vos disponibilités de la semaine sont enregistrées."))
                return redirect("rosters:availability", slug)
        elif action == "window":
            window_form = WindowForm(request.POST, prefix="window")
            if window_form.is_valid():
                weekday, start, end = window_form.minutes()
                services.availability_window_add(actor=request.user, service=service,
                                                 weekday=weekday, start_minute=start,
                                                 end_minute=end)
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
        "days": _grid_rows(grid, week)})


def _grid_rows(grid, week):
    """Per weekday: its shapes' checkboxes and the person's windows of that day matching no
    shape exactly (shown so that nobody thinks them gone)."""
    shaped = {part for shape in grid.shapes for part in shape.parts}
    return [{"label": label,
             "cells": [grid[shape.key] for shape in grid.shapes if shape.weekday == day],
             "others": [f"{minutes_label(s)}–{minutes_label(e)}" for s, e in week[day]
                        if (day, s, e) not in shaped]}
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
        selectors.shifts_open_for(request.user, service, first, last, places), places,
        number=requested_page_number(request), per_page=OPEN_SHIFTS_PER_PAGE)
    week = request.GET.copy()
    week.pop("page", None)
    querystring = week.urlencode()
    week.pop("du", None)
    week = week.urlencode()
    rows = selectors.open_shift_rows(request.user, service, page.object_list)
    notice = selectors.cancel_notices([service.pk])[service.pk]
    signup_url = link_for_pk("rosters:signup")
    take = _("Je prends : %(need)s")  # translated once for the page, not once a button
    for row in rows:  # no withdrawal possible once taken: the sign-up asks to confirm first
        shift = row["shift"]
        row["late"] = within_notice(shift, notice)
        # its name and hours formatted here, once, rather than by the template's filters
        row["label"] = str(shift)
        row["hours"] = Shift.hours_label(shift.starts_at, shift.ends_at)
        row["signups"] = [{"text": take % {"need": need}, "url": signup_url(need.pk)}
                          for need in row["needs"]]
    return render(request, "rosters/open_shifts.html", {
        "service": service, "form": form, "page": page, "notice": notice,
        "querystring": (querystring + "&") if querystring else "",
        "rows": rows, "replacements": replacements_open_for(request.user, service, held=held),
        "first": first, "last": last, "filters": (week + "&") if week else "",
        "previous": first - timedelta(days=7) if first > timezone.localdate() else None,
        "next": first + timedelta(days=7)}, status=400 if form.errors else 200)


def _when(shift) -> str:
    """"lundi 8 décembre, 08:00–12:00": the day's name in the page's language."""
    starts, ends = timezone.localtime(shift.starts_at), timezone.localtime(shift.ends_at)
    return _("%(day)s, %(start)s–%(end)s") % {
        "day": date_format(starts, "l j F"), "start": date_format(starts, "H:i"),
        "end": date_format(ends, "H:i")}


def _deadline_text(shift, notice: int) -> str:
    return date_format(timezone.localtime(withdrawal_deadline(shift, notice)), "l j F, H:i")


def signup(request, pk):
    """Take a place. A shift starting within the service's notice cannot be given up
    afterwards: the person first sees that, on a page of its own, and ticks that they know
    (a plain "Je prends" posted for such a shift leads to that page). GET never writes."""
    need = get_object_or_404(ShiftNeed.objects.select_related(
        "shift__service", "qualification_type"), pk=pk)
    service, refusal = _participant_service(request, need.shift.service.slug)
    if refusal:
        return refusal
    notice = selectors.policy_for(service).cancel_notice_hours
    late = within_notice(need.shift, notice)
    # bound only when posted from the confirmation page (its hidden ``confirm``)
    form = forms.LateSignupForm(request.POST if "confirm" in request.POST else None)
    if request.method == "POST" and (not late or form.is_valid()):
        try:
            services.assignment_signup(actor=request.user, need=need,
                                       late_acknowledged=not late or form.is_valid())
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            commitment = (_("Vous ne pourrez plus vous en désister vous-même : en cas "
                            "d’empêchement, prévenez la coordination (ses coordonnées sont "
                            "dans « Mes gardes »).") if late else
                          _("Vous pouvez vous en désister jusqu’au %(d)s.")
                          % {"d": _deadline_text(need.shift, notice)})
            messages.success(request, _("C’est noté : vous êtes de garde « %(s)s », %(when)s "
                                        "(%(need)s).") % {"s": need.shift.title,
                                                          "when": _when(need.shift),
                                                          "need": need} + " " + commitment)
        return redirect("rosters:open_shifts", service.slug)
    return render(request, "rosters/signup_confirm.html", {
        "service": service, "need": need, "shift": need.shift, "late": late, "notice": notice,
        "form": form, "when": _when(need.shift),
        "contacts": selectors.coordination_contacts([service])[service.pk] if late else []})


def cancel(request, pk):
    """Withdraw from a shift, after a confirmation page (GET shows it; only its POST
    withdraws). Within the notice, the page gives the coordination's contact instead."""
    assignment = get_object_or_404(
        Assignment.objects.select_related("shift__service", "need__qualification_type"),
        pk=pk, user=request.user, status=Assignment.Status.PUBLISHED)
    shift, service = assignment.shift, assignment.shift.service
    notice = selectors.policy_for(service).cancel_notice_hours
    form = forms.WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_cancel(actor=request.user, assignment=assignment,
                                       reason=form.cleaned_data["reason"])
            messages.success(request, _("Votre désistement de la garde « %(s)s », %(when)s, est "
                                        "enregistré.") % {"s": shift.title, "when": _when(shift)})
            return redirect("rosters:my_shifts")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    late = within_notice(shift, notice)
    return render(request, "rosters/withdraw_confirm.html", {
        "assignment": assignment, "shift": shift, "service": service, "form": form,
        "late": late, "notice": notice, "when": _when(shift),
        "contacts": selectors.coordination_contacts([service])[service.pk] if late else []})


def _mark_withdrawable(assignments) -> None:
    """Give each place (read with its ``notice``: ``with_notice``) ``started``, ``locked``
    (within its service's notice), ``deadline`` (and, when the page says it,
    ``deadline_label``), ``day_label`` (its day, formatted once rather than by each of the
    three filters showing it), ``hours``, its ``cancel_url`` and
    ``replacement_url`` and, when locked, its service's ``contacts`` (two queries at most,
    for the whole page)."""
    assignments = list(assignments)
    now = timezone.now()
    cancel_url = link_for_pk("rosters:cancel")
    replacement_url = link_for_pk("rosters:replacement_ask")
    for a in assignments:
        a.cancel_url, a.replacement_url = cancel_url(a.pk), replacement_url(a.pk)
        a.started = a.shift.starts_at <= now
        notice = a.notice
        a.locked = (not a.started and a.status == Assignment.Status.PUBLISHED
                    and within_notice(a.shift, notice))
        a.deadline = timezone.localtime(withdrawal_deadline(a.shift, notice))
        starts = timezone.localtime(a.shift.starts_at)
        a.day_label = date_format(starts, "l j F")  # shown 3×
        # formatted here once rather than by three template filters a place
        a.hours = Shift.hours_label(a.shift.starts_at, a.shift.ends_at)
        if not (a.started or a.locked or a.status == Assignment.Status.ATTENDED):
            a.deadline_label = date_format(a.deadline, "l j F, H:i")  # the date it says
    locked = {a.shift.service_id: a.shift.service for a in assignments if a.locked}
    contacts = selectors.coordination_contacts(locked.values()) if locked else {}
    for a in assignments:
        a.contacts = contacts.get(a.shift.service_id, [])


def my_shifts(request):
    """The person's shifts: a list of those to come (paginated), or a week (from Monday) or
    a month of them, each day named, with links to the previous and next one."""
    feed = calendar_feed_for(user=request.user)
    form = forms.ShiftCalendarForm(request.GET or None)
    view, day = form.view(), form.day()
    context = {"form": form, "view": view,
               "callouts": selectors.callouts_open_for(request.user, limit=10),
               "feed_url": request.build_absolute_uri(f"/gardes/calendrier/{feed.token}.ics")}
    if view == "liste":
        page, querystring = paginate(request, selectors.assignments_of(request.user,
                                                                       with_notice=True))
        _mark_withdrawable(page.object_list)
        context.update(page=page, querystring=querystring, assignments=page.object_list)
    else:
        if view == "semaine":
            first = day - timedelta(days=day.weekday())
            last = first + timedelta(days=6)
            previous, following = first - timedelta(days=7), first + timedelta(days=7)
        else:
            first, last = selectors.month_bounds(day)
            previous = (first - timedelta(days=1)).replace(day=1)
            following = last + timedelta(days=1)
        assignments = list(selectors.assignments_in_period(request.user, first, last))
        _mark_withdrawable(assignments)
        by_day = defaultdict(list)
        for a in assignments:
            by_day[timezone.localtime(a.shift.starts_at).date()].append(a)
        days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        context.update(first=first, last=last, previous=previous, following=following,
                       today=timezone.localdate(), count=len(assignments),
                       days=[{"day": d, "assignments": by_day.get(d, [])} for d in days])
        if view == "mois":
            start = first - timedelta(days=first.weekday())
            end = last + timedelta(days=6 - last.weekday())
            grid = [{"day": start + timedelta(days=n), "in_month": first <= start + timedelta(
                days=n) <= last, "count": len(by_day.get(start + timedelta(days=n), []))}
                for n in range((end - start).days + 1)]
            context["weeks"] = [grid[i:i + 7] for i in range(0, len(grid), 7)]
    return render(request, "rosters/my_shifts.html", context,
                  status=400 if form.errors else 200)


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
    can_answer = permissions.participates(request.user, service)
    return render(request, "rosters/callout_detail.html", {
        "callout": callout, "service": service, "response": response, "can_answer": can_answer,
        "manages": permissions.manages_rosters(request.user, service),
        # the qualification the person lacks: no "J’accepte" then (the service refuses too)
        "unqualified": qualification_missing(request.user, callout.need) if can_answer else None})
