"""The reviewers' pages: a service's queue of submitted claims (oldest first, flags shown,
bulk approval where the policy allows it) and the decision on one claim."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from spp.core.form_errors import add_errors
from spp.core.pagination import paginate
from spp.expenses import permissions, selectors
from spp.expenses.forms import DecisionForm
from spp.expenses.services import claims as claim_services
from spp.expenses.views.claims import render_claim_page

QUEUE_PER_PAGE = 20


def review_queue(request, slug):
    service, policy = permissions.access_service_for_review(request.user, slug)
    claims = selectors.review_queue(service)
    page, querystring = paginate(request, claims.values(*selectors.REVIEW_FIELDS),
                                 QUEUE_PER_PAGE, counted=claims)
    return render(request, "expenses/review_queue.html", {
        "service": service, "policy": policy, "page": page, "querystring": querystring,
        "claims": selectors.review_rows(page.object_list),
        "can": permissions.service_abilities(request.user, service, policy),
    })


@require_POST
def claims_bulk_approve(request, slug):
    service, _policy = permissions.access_service_for_review(request.user, slug)
    ids = [int(value) for value in request.POST.getlist("claims") if value.isdigit()]
    if not ids:
        messages.error(request, _("Cochez les demandes à valider."))
        return redirect("expenses:review_queue", slug)
    try:
        approved, refused = claim_services.claims_bulk_approve(
            actor=request.user, service=service, claim_ids=ids)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("expenses:review_queue", slug)
    if approved:
        messages.success(request, ngettext("%(n)s demande validée.", "%(n)s demandes validées.",
                                           len(approved)) % {"n": len(approved)})
    for number, reason in refused.items():
        messages.error(request, _("Demande n° %(n)s non validée : %(reason)s")
                       % {"n": number, "reason": reason})
    return redirect("expenses:review_queue", slug)


@require_POST
def claim_decide(request, pk):
    claim = permissions.access_claim(request.user, pk)
    if not permissions.approves_claims(request.user, claim.policy):
        raise Http404
    form = DecisionForm(request.POST)
    decision = request.POST.get("decision")
    if decision not in ("approve", "reject"):
        form.add_error(None, _("Choisissez : valider ou refuser."))
    elif form.is_valid():
        try:
            if decision == "approve":
                claim_services.claim_approve(actor=request.user, claim=claim,
                                             note=form.cleaned_data["reason"])
                messages.success(request, _("Demande n° %(n)s validée.") % {"n": claim.pk})
            else:
                claim_services.claim_reject(actor=request.user, claim=claim,
                                            reason=form.cleaned_data["reason"])
                messages.success(request, _("Demande n° %(n)s refusée.") % {"n": claim.pk})
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect("expenses:review_queue", claim.service.slug)
    return render_claim_page(request, claim, decision_form=form, status=400)
