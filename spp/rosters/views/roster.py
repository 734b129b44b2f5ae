"""Auto-roster pages: request a roster for a period, review the proposal, remove places,
publish. The form carries the roster's version: a stale page is told, never applied."""

from collections import defaultdict
from datetime import datetime, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from spp.core.form_errors import add_errors
from spp.core.formatting import date_formatter
from spp.rosters import permissions, services
from spp.rosters.forms import PeriodForm
from spp.rosters.models import Roster


def roster_request(request, slug):
    service = permissions.access_service_for_coordinator(request.user, slug)
    today = timezone.localdate()
    form = PeriodForm(request.POST or None, initial={
        "starts_on": today + timedelta(days=1), "ends_on": today + timedelta(days=14)})
    if request.method == "POST" and form.is_valid():
        try:
            roster = services.roster_request(actor=request.user, service=service,
                                             **form.cleaned_data)
            return redirect("rosters:roster_review", roster.pk)
        except ValidationError as error:
            add_errors(form, error)
    return render(request, "rosters/roster_request.html", {
        "service": service, "form": form,
        "rosters": Roster.objects.filter(service=service).select_related("created_by")[:20]})


def roster_review(request, pk):
    roster = get_object_or_404(Roster.objects.select_related("service"), pk=pk)
    if not permissions.manages_rosters(request.user, roster.service):
        raise Http404
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            version = int(request.POST.get("version", "0"))
        except ValueError:
            version = -1
        try:
            if action == "remove":
                services.roster_proposal_remove(
                    actor=request.user, roster=roster, version=version,
                    assignment_id=int(request.POST.get("assignment", "0") or 0))
                messages.success(request, _("Place retirée de la proposition."))
            elif action == "publish":
                _roster, skipped = services.roster_publish(actor=request.user, roster=roster,
                                                           version=version)
                messages.success(request, _("Planning publié."))
                if skipped:
                    messages.warning(request, _("%(n)s place(s) n’étaient plus possibles et "
                                                "n’ont pas été publiées.") % {"n": skipped})
            elif action == "discard":
                services.roster_discard(actor=request.user, roster=roster, version=version)
                messages.success(request, _("Proposition abandonnée."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("rosters:roster_review", pk)
    shifts = defaultdict(list)
    for assignment in (roster.assignments.exclude(status="cancelled")
                       .select_related("shift", "user", "need__qualification_type")
                       .order_by("shift__starts_at", "need_id")):
        shifts[assignment.shift].append(assignment)
    return render(request, "rosters/roster_review.html", {
        "roster": roster, "service": roster.service, "shifts": dict(shifts),
        "report": roster.solver_report, "gaps": _gaps_dated(roster.gaps)})


def _gaps_dated(gaps: list[dict]) -> list[dict]:
    """The roster's gaps, each dated and explained in the page's language and time zone (a
    roster stored before ``starts_at`` and ``cause`` were kept shows what it stored)."""
    when, tz = date_formatter("SHORT_DATETIME_FORMAT"), timezone.get_current_timezone()
    worded = []
    for gap in gaps or []:
        gap = {**gap, "reason": _gap_reason(gap)}
        if gap.get("starts_at"):
            gap["when"] = when(datetime.fromisoformat(gap["starts_at"]).astimezone(tz))
        worded.append(gap)
    return worded


def _gap_reason(gap: dict) -> str:
    """Why the solver left a need uncovered (``solver.types.diagnose``), in words."""
    cause, available = gap.get("cause"), gap.get("available", 0)
    if cause == "unqualified":
        return _("Aucun bénévole inscrit n’a cette qualification valide ce jour-là.")
    if cause == "unavailable":
        return ngettext("%(n)s bénévole qualifié, aucun disponible sur ce créneau.",
                        "%(n)s bénévoles qualifiés, aucun disponible sur ce créneau.",
                        gap["qualified"]) % {"n": gap["qualified"]}
    if cause == "too_few":
        return ngettext("Seulement %(n)s bénévole qualifié disponible pour %(places)s places.",
                        "Seulement %(n)s bénévoles qualifiés disponibles pour %(places)s "
                        "places.", available) % {"n": available, "places": gap["places"]}
    if cause == "taken":
        return _("Les bénévoles qualifiés disponibles sont déjà pris (autre garde, repos "
                 "minimal ou plafond d’heures hebdomadaires).")
    return gap.get("reason", "")
