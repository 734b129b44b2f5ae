"""A contributor's pages: "Mes frais" (claims and what can still be claimed), one claim to
fill in, send or withdraw, and its receipts. Thin: forms parse, services write, selectors
read; a refusal keeps the draft and shows the reason beside what to fix."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spp.catalog.models import Participation
from spp.core.form_errors import add_errors
from spp.core.pagination import paginate
from spp.expenses import permissions, selectors
from spp.expenses.forms import ClaimLineForm, DecisionForm
from spp.expenses.services import claims as claim_services
from spp.expenses.services.waivers import claim_waivable

CLAIMS_PER_PAGE = 20


def my_claims(request):
    claims = selectors.claims_of(request.user)
    page, querystring = paginate(request, claims.values(*selectors.CLAIM_FIELDS),
                                 CLAIMS_PER_PAGE, counted=claims)
    return render(request, "expenses/my_claims.html", {
        "page": page, "querystring": querystring, "claims": selectors.claim_rows(page.object_list),
        "claimable": selectors.claimable_participations(request.user),
    })


@require_POST
def claim_start(request, participation_id):
    participation = get_object_or_404(Participation, pk=participation_id, user=request.user)
    try:
        claim = claim_services.claim_start(actor=request.user, participation=participation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("expenses:my_claims")
    return redirect("expenses:claim_detail", claim.pk)


def _line_form(claim, data=None, files=None):
    return ClaimLineForm(data, files, categories=selectors.claimable_categories(claim.policy),
                         vehicle_classes=selectors.vehicle_choices(claim))


def render_claim_page(request, claim, *, line_form=None, decision_form=None, status=200):
    claim = selectors.claim_with_details(claim)
    can = permissions.claim_abilities(request.user, claim)
    can["own"] = permissions.owns_claim(request.user, claim)
    can["waive"] = can["own"] and not claim.waived and claim_waivable(claim)[0]
    if can["edit"] and line_form is None:
        line_form = _line_form(claim)
    return render(request, "expenses/claim_detail.html", {
        "claim": claim, "can": can, "line_form": line_form,
        "decision_form": decision_form or DecisionForm(),
        "deadline": claim_services.claim_deadline(claim.policy, claim.participation),
        "receipts_required": selectors.receipt_rules(claim.policy),
    }, status=status)


def claim_detail(request, pk):
    return render_claim_page(request, permissions.access_claim(request.user, pk))


@require_POST
def claim_line_add(request, pk):
    claim = permissions.access_claim(request.user, pk)
    form = _line_form(claim, request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            claim_services.claim_line_add(
                actor=request.user, claim=claim, category=data["category"],
                description=data["description"], amount=data["amount"],
                distance_km=data.get("distance_km"), vehicle_class=data.get("vehicle_class", ""),
                electric=data.get("electric", False), receipt=data["receipt"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Le frais est ajouté au brouillon."))
            return redirect("expenses:claim_detail", claim.pk)
    return render_claim_page(request, claim, line_form=form, status=400)


@require_POST
def claim_line_remove(request, pk, line_id):
    claim = permissions.access_claim(request.user, pk)
    try:
        claim_services.claim_line_remove(actor=request.user, claim=claim, line_id=line_id)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Le frais est retiré du brouillon."))
    return redirect("expenses:claim_detail", claim.pk)


def claim_line_receipt(request, pk, line_id):
    """The receipt, for those who may see the claim; served by Django so the check applies
    (receipts are never public files)."""
    claim = permissions.access_claim(request.user, pk)
    line = get_object_or_404(claim.lines.exclude(receipt=""), pk=line_id)
    name = line.receipt.name.rsplit("/", 1)[-1]
    return FileResponse(line.receipt.open("rb"), filename=name,
                        as_attachment=not name.endswith(".jpg"))


@require_POST
def claim_submit(request, pk):
    claim = permissions.access_claim(request.user, pk)
    try:
        claim_services.claim_submit(actor=request.user, claim=claim)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Votre demande est envoyée. Vous serez prévenu de la "
                                    "décision."))
    return redirect("expenses:claim_detail", claim.pk)


@require_POST
def claim_withdraw(request, pk):
    claim = permissions.access_claim(request.user, pk)
    if not permissions.owns_claim(request.user, claim):
        raise Http404
    try:
        claim_services.claim_withdraw(actor=request.user, claim=claim)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Votre demande est retirée."))
    return redirect("expenses:claim_detail", claim.pk)
