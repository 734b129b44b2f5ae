"""Auto-roster pages: request a roster for a period, review the proposal, remove places,
publish. The form carries the roster's version: a stale page is told, never applied."""

from collections import defaultdict
from datetime import datetime, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from spp.core import form_tokens
from spp.core.form_errors import add_errors
from spp.core.formatting import date_formatter
from spp.core.models import User
from spp.rosters import permissions, selectors, services
from spp.rosters.forms import RosterRequestForm
from spp.rosters.models import Assignment, Roster, RosterRequest, Shift
from spp.rosters.services import rosters as roster_services


def roster_request(request, slug):
    """The period form; sent once (form token, and the database allows one waiting or running
    request per service and period), it queues the solve and leads to its progress page."""
    service = permissions.access_service_for_coordinator(request.user, slug)
    today = timezone.localdate()
    form = RosterRequestForm(request.POST or None, initial={
        "starts_on": today + timedelta(days=1), "ends_on": today + timedelta(days=14),
        "form_token": form_tokens.new_token()})
    if request.method == "POST" and form.is_valid():
        token, scope = form.cleaned_data.pop("form_token"), f"roster:{service.pk}:{request.user.pk}"
        if (done := form_tokens.previous_result(token, scope)) is not None:
            return redirect(done)
        try:
            with transaction.atomic():
                row, created = roster_services.roster_request_submit(
                    actor=request.user, service=service, **form.cleaned_data)
                url = reverse("rosters:roster_progress", args=[row.pk])
                form_tokens.claim(token, scope, url)
        except ValidationError as error:
            add_errors(form, error)
        else:
            if not created:
                messages.info(request, _("Un calcul est déjà en cours pour cette période : "
                                         "voici son avancement."))
            return redirect(url)
    return render(request, "rosters/roster_request.html", {
        "service": service, "form": form,
        "requests": RosterRequest.objects.filter(service=service, state__in=[
            RosterRequest.State.PENDING, RosterRequest.State.RUNNING,
            RosterRequest.State.FAILED])[:5],
        "rosters": Roster.objects.filter(service=service).select_related("created_by")[:20]},
        status=400 if form.errors else 200)


STAGE_LABELS = {"coverage": _lazy("Couverture des besoins"),
                "fairness": _lazy("Équité (quotas, charge, nuits et week-ends)"),
                "preferences": _lazy("Préférences déclarées")}


def roster_progress(request, pk):
    """A roster request's state: refreshes itself while waiting or running, leads to the
    proposal once ready, says why when it failed."""
    row = get_object_or_404(RosterRequest.objects.select_related("service"), pk=pk)
    if not permissions.manages_rosters(request.user, row.service):
        raise Http404
    if row.state == RosterRequest.State.READY and row.roster_id:
        return redirect("rosters:roster_review", row.roster_id)
    stages = [{**stage, "label": STAGE_LABELS.get(stage.get("stage"), stage.get("stage")),
               "percent": round(stage["gap"] * 100, 1) if "gap" in stage else None}
              for stage in row.progress or []]
    return render(request, "rosters/roster_progress.html", {
        "row": row, "service": row.service, "stages": stages,
        "refresh": 2 if row.active else None})


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
            if action in ("add", "swap"):
                _roster, warnings = _manual_change(request, roster, version, action)
                messages.success(request, _("Personne ajoutée à la proposition.")
                                 if action == "add" else _("Les deux personnes sont échangées."))
                for warning in warnings:
                    messages.warning(request, warning)
            elif action == "remove":
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
    for assignment in _proposed(roster):
        shifts[assignment.shift].append(assignment)
    return render(request, "rosters/roster_review.html", {
        "roster": roster, "service": roster.service, "shifts": dict(shifts),
        "report": roster.solver_report, "gaps": _gaps_dated(roster.gaps),
        "stages": [{"label": STAGE_LABELS.get(name, name), **figures,
                    "percent": round(figures.get("gap", 0) * 100, 1)}
                   for name, figures in (roster.solver_report or {}).get("stages", {}).items()]})


def _proposed(roster):
    return (roster.assignments.exclude(status="cancelled")
            .select_related("shift", "user", "need__qualification_type")
            .order_by("shift__starts_at", "need_id", "pk"))


def _number(request, name: str) -> int:
    try:
        return int(request.POST.get(name, "0") or 0)
    except ValueError:
        return 0


def _manual_change(request, roster, version, action):
    if action == "add":
        return roster_services.roster_proposal_add(
            actor=request.user, roster=roster, version=version, need_id=_number(request, "need"),
            user_id=_number(request, "person"))
    return roster_services.roster_proposal_swap(
        actor=request.user, roster=roster, version=version,
        first_id=_number(request, "assignment"), second_id=_number(request, "other"))


def _draft_for_manager(request, pk):
    roster = get_object_or_404(Roster.objects.select_related("service"), pk=pk)
    if not permissions.manages_rosters(request.user, roster.service):
        raise Http404
    if roster.status != Roster.Status.DRAFT:
        raise Http404
    return roster


def roster_place(request, pk, assignment):
    """One proposed place: swap its person with the person of another proposed place (the
    form posts to the review page, which checks and applies it)."""
    roster = _draft_for_manager(request, pk)
    place = get_object_or_404(roster.assignments.select_related("shift", "user", "need"),
                              pk=assignment, status="proposed")
    others = [a for a in _proposed(roster).filter(status="proposed").exclude(pk=place.pk)
              if a.user_id != place.user_id]
    return render(request, "rosters/roster_place.html", {
        "roster": roster, "service": roster.service, "place": place, "others": others})


def roster_shift(request, pk, shift):
    """One shift of a proposed roster: add a person to one of its needs."""
    roster = _draft_for_manager(request, pk)
    shift = get_object_or_404(Shift, pk=shift, service=roster.service)
    on_shift = Assignment.objects.filter(
        Q(status__in=selectors.LIVE) | Q(roster=roster, status="proposed"), shift=shift)
    people = User.objects.filter(pk__in=selectors.participants(roster.service)).exclude(
        pk__in=on_shift.values("user_id"))
    return render(request, "rosters/roster_shift.html", {
        "roster": roster, "service": roster.service, "shift": shift,
        "needs": shift.needs.select_related("qualification_type"), "people": people})


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
    if cause == "manual":
        return _("Place laissée libre après un changement à la main ; des bénévoles qualifiés "
                 "et disponibles existent.")
    if cause == "taken":
        return _("Les bénévoles qualifiés disponibles sont déjà pris (autre garde, repos "
                 "minimal ou plafond d’heures hebdomadaires).")
    return gap.get("reason", "")
