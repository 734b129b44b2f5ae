"""Pages for giving up a claim to the operator and for the yearly tax receipts: the waiver of
one claim (its claimant only), the operator admins' "Reçus fiscaux" page, a receipt's PDF
(its donor or the operator's admins) and a contributor's "Mes reçus fiscaux". Thin: the
forms parse, the services write, the selectors read; anyone else gets a 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from spp.core.form_errors import add_errors
from spp.core.pagination import paginate
from spp.expenses import permissions
from spp.expenses.cerfa import receipt_pdf
from spp.expenses.forms import WaiverForm, YearForm
from spp.expenses.models import TaxReceipt
from spp.expenses.selectors import waivers as selectors
from spp.expenses.services import waivers as services


@require_http_methods(["GET", "POST"])
def claim_waive(request, pk):
    claim = permissions.access_claim(request.user, pk)
    if not permissions.owns_claim(request.user, claim):
        raise Http404
    waiver = selectors.waiver_of_claim(claim)
    waivable, refusal = services.claim_waivable(claim)
    wording = services.waiver_wording(claim) if waiver is None and waivable else ""
    form = None
    if waiver is None and waivable:
        form = WaiverForm(
            initial={
                "signer_name": request.user.get_full_name(),
                "digest": services.wording_digest(wording),
            }
        )
        if request.method == "POST":
            form = WaiverForm(request.POST)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    services.claim_waive(
                        actor=request.user,
                        claim=claim,
                        signer_name=data["signer_name"],
                        signer_address=data["signer_address"],
                        digest=data["digest"],
                    )
                except ValidationError as error:
                    add_errors(form, error)
                    # The text may have changed: show the current one, to be read again.
                    form.data = form.data.copy()
                    form.data["digest"] = services.wording_digest(wording)
                else:
                    messages.success(
                        request,
                        _(
                            "Vous avez renoncé au remboursement de cette "
                            "demande : c’est un don à l’association. Vous "
                            "recevrez son reçu fiscal après la fin de "
                            "l’année."
                        ),
                    )
                    return redirect("expenses:claim_waive", claim.pk)
    elif request.method == "POST" and waiver is None:
        messages.error(request, refusal)
    return render(
        request,
        "expenses/waivers/claim_waive.html",
        {
            "claim": claim,
            "operator": claim.service.operator,
            "waiver": waiver,
            "waivable": waivable,
            "refusal": refusal,
            "wording": wording,
            "form": form,
        },
    )


def _year_asked(request, default: int) -> int:
    form = YearForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form.cleaned_data["annee"]
    return default


@require_http_methods(["GET", "POST"])
def tax_receipts(request, slug):
    operator = permissions.access_organisation_for_tax_receipts(request.user, slug)
    today = timezone.localdate()
    if request.method == "POST":
        year_form = YearForm(request.POST)
        if not year_form.is_valid():
            raise Http404
        year = year_form.cleaned_data["annee"]
        try:
            made = services.tax_receipts_issue(
                actor=request.user, operator=operator, year=year, today=today
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            if made:
                messages.success(
                    request,
                    _("%(n)s reçu(s) fiscal(aux) émis pour %(year)s ; chaque donateur est prévenu.")
                    % {"n": len(made), "year": year},
                )
            else:
                messages.info(
                    request, _("Aucun nouveau reçu à émettre pour %(year)s.") % {"year": year}
                )
        return redirect(reverse("expenses:tax_receipts", args=[slug]) + f"?annee={year}")
    year = _year_asked(request, today.year - 1)
    page, querystring = paginate(request, selectors.tax_receipts_of_operator(operator, year))
    years = selectors.tax_receipt_years(operator)
    years = sorted(set(years) | {today.year - 1}, reverse=True)
    return render(
        request,
        "expenses/waivers/tax_receipts.html",
        {
            "operator": operator,
            "year": year,
            "years": years,
            "preview": selectors.tax_receipt_preview(operator, year),
            "year_refusal": services.tax_receipt_year_refusal(year, today),
            "page": page,
            "querystring": querystring,
        },
    )


def tax_receipt_pdf(request, pk):
    receipt = get_object_or_404(TaxReceipt.objects.select_related("operator"), pk=pk)
    donor = request.user.is_authenticated and receipt.user_id == request.user.pk
    if not (donor or permissions.issues_tax_receipts(request.user, receipt.operator)):
        raise Http404
    response = HttpResponse(receipt_pdf(receipt), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="recu-fiscal-{receipt.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def my_tax_receipts(request):
    page, querystring = paginate(request, selectors.tax_receipts_of_user(request.user))
    return render(
        request, "expenses/waivers/my_tax_receipts.html", {"page": page, "querystring": querystring}
    )
