"""Pages of replacements between volunteers: ask to be replaced on one's shift, read a
request (and take it over, or withdraw it). Thin: the form parses, services write."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from spp.core import form_tokens
from spp.rosters import permissions, selectors
from spp.rosters.models import Assignment, ReplacementRequest
from spp.rosters.selectors.replacements import replacement_open
from spp.rosters.services.assignments import qualification_missing, within_notice
from spp.rosters.services.replacements import (
    replacement_cancel,
    replacement_request,
    replacement_take,
)
from spp.rosters.views.participant import _when


class ReplacementForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Message à vos collègues (facultatif)"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    form_token = forms.UUIDField(widget=forms.HiddenInput)


def replacement_ask(request, pk):
    """Ask for a replacement on one's own place (GET shows the form; its POST asks, once
    per form token). A request already open leads to its page."""
    assignment = get_object_or_404(
        Assignment.objects.select_related("shift__service", "need__qualification_type"),
        pk=pk,
        user=request.user,
        status=Assignment.Status.PUBLISHED,
    )
    open_request = assignment.replacement_requests.filter(
        status=ReplacementRequest.Status.OPEN
    ).first()
    if open_request is not None:
        return redirect("rosters:replacement_detail", open_request.pk)
    shift, service = assignment.shift, assignment.shift.service
    form = ReplacementForm(request.POST or None, initial={"form_token": form_tokens.new_token()})
    if request.method == "POST" and form.is_valid():
        token, scope = form.cleaned_data["form_token"], f"replacement:{request.user.pk}"
        if (done := form_tokens.previous_result(token, scope)) is not None:
            return redirect(done)
        try:
            with transaction.atomic():
                replacement = replacement_request(
                    actor=request.user, assignment=assignment, message=form.cleaned_data["message"]
                )
                url = reverse("rosters:replacement_detail", args=[replacement.pk])
                form_tokens.claim(token, scope, url)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _(
                    "Votre demande de remplacement est publiée : vous restez "
                    "de garde tant qu’un collègue ne l’a pas reprise."
                ),
            )
            return redirect(url)
    notice = selectors.policy_for(service).cancel_notice_hours
    return render(
        request,
        "rosters/replacement_ask.html",
        {
            "assignment": assignment,
            "shift": shift,
            "service": service,
            "form": form,
            "when": _when(shift),
            "late": within_notice(shift, notice),
            "notice": notice,
        },
    )


def replacement_detail(request, pk):
    """A request, for its requester, its taker, the service's volunteers and coordination;
    a colleague who may take it over sees the button, one lacking the need's qualification
    is told why not."""
    replacement = get_object_or_404(
        ReplacementRequest.objects.select_related(
            "assignment__shift__service",
            "assignment__need__qualification_type",
            "requested_by",
            "taken_by",
        ),
        pk=pk,
    )
    shift = replacement.assignment.shift
    service, user = shift.service, request.user
    mine = user.pk == replacement.requested_by_id
    participates = permissions.participates(user, service)
    if not (
        mine
        or participates
        or user.pk == replacement.taken_by_id
        or permissions.reads_coverage(user, service)
    ):
        raise Http404
    live = replacement_open().filter(pk=replacement.pk).exists()
    can_take = live and participates and not mine
    already_on = (
        can_take
        and Assignment.objects.filter(shift=shift, user=user, status__in=selectors.LIVE).exists()
    )
    unqualified = (
        qualification_missing(user, replacement.assignment.need)
        if can_take and not already_on
        else None
    )
    return render(
        request,
        "rosters/replacement_detail.html",
        {
            "replacement": replacement,
            "shift": shift,
            "service": service,
            "when": _when(shift),
            "mine": mine,
            "live": live,
            "can_take": can_take,
            "already_on": already_on,
            "unqualified": unqualified,
            "manages": permissions.manages_rosters(user, service),
        },
    )


@require_POST
def replacement_take_view(request, pk):
    replacement = get_object_or_404(
        ReplacementRequest.objects.select_related("assignment__shift__service"), pk=pk
    )
    shift = replacement.assignment.shift
    try:
        replacement_take(actor=request.user, replacement=replacement)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("rosters:replacement_detail", pk)
    messages.success(
        request,
        _(
            "C’est noté : vous reprenez la garde « %(s)s », %(when)s. "
            "Votre collègue et la coordination sont prévenus."
        )
        % {"s": shift.title, "when": _when(shift)},
    )
    return redirect("rosters:my_shifts")


@require_POST
def replacement_cancel_view(request, pk):
    replacement = get_object_or_404(ReplacementRequest, pk=pk, requested_by=request.user)
    try:
        replacement_cancel(actor=request.user, replacement=replacement)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("rosters:replacement_detail", pk)
    messages.success(
        request, _("Votre demande de remplacement est retirée : vous restez de garde.")
    )
    return redirect("rosters:my_shifts")
