"""Back-office pages of a service's rosters: overview, shifts and patterns, coverage,
call-outs, attendance and households. Coordinators only (404 to others)."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from spp.core import form_tokens
from spp.core.form_errors import add_errors
from spp.core.links import link_for_pk
from spp.core.pagination import paginate
from spp.rosters import permissions, selectors, services
from spp.rosters.forms import (
    CallOutForm,
    DayForm,
    HoursForm,
    HouseholdForm,
    MonthForm,
    PatternForm,
    ShiftForm,
)
from spp.rosters.models import Assignment, Roster, Shift, ShiftNeed, ShiftPattern
from spp.rosters.selectors import callout_candidates
from spp.rosters.services.callouts import need_missing
from spp.rosters.services.shifts import unmet_needs


def service_manage(request, slug):
    service = permissions.access_service_for_reader(request.user, slug)
    now = timezone.now()
    return render(request, "rosters/manage.html", {
        "service": service, "can": permissions.abilities(request.user, service),
        "patterns": ShiftPattern.objects.filter(service=service),
        "rosters": Roster.objects.filter(service=service)[:10],
        "upcoming": service.shifts.filter(starts_at__gte=now, status="open").count(),
        "policy": selectors.policy_for(service)})


def shift_create(request, slug):
    service = permissions.access_service_for_coordinator(request.user, slug)
    form = ShiftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            shift = services.shift_create(actor=request.user, service=service,
                                          title=data["title"], place=data["place"],
                                          starts_at=data["starts_at"], ends_at=data["ends_at"],
                                          needs=form.needs())
            messages.success(request, _("Garde créée."))
            for warning in shift.warnings:
                messages.warning(request, warning)
            return redirect("rosters:service_manage", slug)
        except ValidationError as error:
            add_errors(form, error)
    return render(request, "rosters/form_page.html", {
        "service": service, "form": form, "title": _("Nouvelle garde")})


def pattern_create(request, slug):
    service = permissions.access_service_for_coordinator(request.user, slug)
    form = PatternForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            pattern = services.pattern_create(
                actor=request.user, service=service, title=data["title"], place=data["place"],
                weekdays=data["weekdays"], start_time=data["start_time"],
                end_time=data["end_time"], needs=form.needs(), valid_from=data["valid_from"],
                skip_public_holidays=data["skip_public_holidays"])
            created = services.pattern_generate(actor=request.user, pattern=pattern,
                                                first=data["valid_from"],
                                                last=data["valid_until"])
            messages.success(request, _("%(n)s gardes créées.") % {"n": created})
            first = pattern.shifts.order_by("starts_at").first()
            for warning in unmet_needs(service, first) if first else []:
                messages.warning(request, warning)
            return redirect("rosters:service_manage", slug)
        except ValidationError as error:
            add_errors(form, error)
    return render(request, "rosters/form_page.html", {
        "service": service, "form": form, "title": _("Nouvelle garde récurrente")})


# A day's shifts shown a page at a time, each with its needs (about 25 lines a page): a busy
# day has seventy, too many to read on a phone; the hour-by-hour table sums them all.
COVERAGE_SHIFTS_PER_PAGE = 10


def coverage(request, slug):
    """Coverage of a month, a line per day from the places missing kept on the shifts; or of
    one day (``?jour=``): each shift and need with who is qualified and available, 10 shifts
    a page, then hour by hour. Computed on every request; a bad month or day answers 400
    with the form's error."""
    service = permissions.access_service_for_reader(request.user, slug)
    if "jour" in request.GET:
        return _coverage_day(request, service)
    month = MonthForm(request.GET or None)
    first, last = selectors.month_bounds(month.first_day())
    days = selectors.coverage_month(service, first, last) if not month.errors else []
    for row in days:  # each day's link and name, formatted here once rather than by filters
        row["iso"], row["label"] = row["day"].isoformat(), date_format(row["day"], "D j")
    return render(request, "rosters/coverage.html", {
        "service": service, "month_form": month, "first": first,
        "previous": (first - timedelta(days=1)).strftime("%Y-%m"),
        "next": (last + timedelta(days=1)).strftime("%Y-%m"), "days": days},
        status=400 if month.errors else 200)


def _coverage_day(request, service):
    form = DayForm(request.GET)
    if not form.is_valid():
        return render(request, "rosters/coverage.html", {
            "service": service, "day_form": form, "month_form": MonthForm()}, status=400)
    day = form.cleaned_data["jour"]
    coverage = selectors.coverage_day(service, day)
    page, querystring = paginate(request, coverage["rows"], per_page=COVERAGE_SHIFTS_PER_PAGE)
    alert_url = link_for_pk("rosters:callout_create")
    for row in page.object_list:
        row["hours"] = Shift.hours_label(row["shift"].starts_at, row["shift"].ends_at)
        for need in row["needs"]:
            need["alert_url"] = alert_url(need["need"].pk)
    return render(request, "rosters/coverage.html", {
        "service": service, "day": day, "coverage": coverage, "page": page,
        "querystring": querystring,
        "can_call_out": permissions.manages_rosters(request.user, service)})


def callout_create(request, pk):
    """The coordinator's call-out for a need: a page with the places, an optional message
    and how many people it will alert (the coverage's "Alerter" button, posted without the
    form's token, opens it too); its form, sent once (form token), alerts them and leads to
    the call-out's page, which says how many were alerted."""
    need = get_object_or_404(ShiftNeed.objects.select_related(
        "shift__service", "qualification_type"), pk=pk)
    service = permissions.access_service_for_coordinator(request.user, need.shift.service.slug)
    submitted = request.method == "POST" and "form_token" in request.POST
    missing, free = need_missing(need)
    form = CallOutForm(request.POST if submitted else None, initial={
        "form_token": form_tokens.new_token(), "places": min(missing or 1, max(free, 1))})
    if submitted and form.is_valid():
        token, scope = form.cleaned_data["form_token"], f"callout:{need.pk}:{request.user.pk}"
        if (done := form_tokens.previous_result(token, scope)) is not None:
            return redirect(done)
        try:
            with transaction.atomic():
                callout = services.callout_create(actor=request.user, need=need,
                                                  places=form.cleaned_data["places"],
                                                  message=form.cleaned_data["message"])
                url = reverse("rosters:callout_detail", args=[callout.pk])
                form_tokens.claim(token, scope, url)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, ngettext(
                "Alerte envoyée à %(n)s bénévole qualifié et disponible.",
                "Alerte envoyée à %(n)s bénévoles qualifiés et disponibles.",
                callout.notified_count) % {"n": callout.notified_count})
            return redirect(url)
    return render(request, "rosters/callout_form.html", {
        "service": service, "need": need, "shift": need.shift, "form": form, "free": free,
        "candidates": len(callout_candidates(need))}, status=400 if form.errors else 200)


def attendance(request, slug):
    service = permissions.access_service_for_coordinator(request.user, slug)
    pending = selectors.assignments_awaiting_attendance(service)
    return render(request, "rosters/attendance.html", {"service": service, "pending": pending,
                                                       "form": HoursForm()})


@require_POST
def attend(request, pk):
    assignment = get_object_or_404(Assignment.objects.select_related("shift__service"), pk=pk)
    service = permissions.access_service_for_coordinator(request.user,
                                                         assignment.shift.service.slug)
    form = HoursForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Nombre d’heures invalide."))
        services.assignment_attend(actor=request.user, assignment=assignment,
                                   hours=form.cleaned_data.get("hours"))
        messages.success(request, _("Présence confirmée."))
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    return redirect("rosters:attendance", service.slug)


def households(request, slug):
    service = permissions.access_service_for_reader(request.user, slug)
    can = permissions.abilities(request.user, service)
    form = HouseholdForm(request.POST or None, service=service) if can["manage"] else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.household_create(actor=request.user, service=service,
                                      **form.cleaned_data)
            messages.success(request, _("Foyer créé."))
            return redirect("rosters:households", slug)
        except ValidationError as error:
            add_errors(form, error)
    month = MonthForm(request.GET or None)
    services.households_read(actor=request.user, service=service, month=month.first_day())
    return render(request, "rosters/households.html", {
        "service": service, "month_form": month, "first": month.first_day(), "form": form,
        "tallies": selectors.household_quotas(service, month.first_day())},
        status=400 if month.errors else 200)
