"""Payment pages: a contributor's bank account for reimbursements ("Mon compte de
remboursement"), a service's payments page (what awaits payment, the export form, the past
exports) and the download of an export's file, for those who may export only (404 to others)."""

import os

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from spp.core import form_tokens
from spp.core.form_errors import add_errors
from spp.core.pagination import paginate
from spp.expenses import permissions
from spp.expenses.forms import ExportForm, PayoutAccountForm
from spp.expenses.models import PaymentExport
from spp.expenses.selectors.payments import (
    claims_blocked_without_account,
    payment_exports_for,
    payments_awaiting,
    payout_account_of,
)
from spp.expenses.services.payments import mask_iban, payment_export_create, payout_account_set

CONTENT_TYPES = {
    PaymentExport.Format.CSV: "text/csv; charset=utf-8",
    PaymentExport.Format.SEPA: "application/xml",
}


def payout_account(request):
    """The person's own account: the form, and the IBAN already given, masked."""
    account = payout_account_of(request.user)
    initial = {"holder_name": account.holder_name if account else request.user.get_full_name()}
    form = PayoutAccountForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            payout_account_set(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Votre compte de remboursement est enregistré."))
            return redirect("expenses:payout_account")
    return render(
        request,
        "expenses/payments/payout_account.html",
        {
            "form": form,
            "account": account,
            "masked_iban": mask_iban(account.iban) if account else "",
        },
    )


def service_payments(request, slug):
    """What awaits payment, the export form (with a confirmation) and the exports made."""
    service = permissions.access_service_for_payments(request.user, slug)
    form = ExportForm(request.POST or None, initial={"form_token": form_tokens.new_token()})
    if request.method == "POST" and form.is_valid():
        here = reverse("expenses:service_payments", args=[service.slug])
        token, scope = form.cleaned_data["form_token"], f"payment_export:{service.pk}"
        if form_tokens.previous_result(token, scope) is not None:
            return redirect(here)  # a second click: the first one did the export
        try:
            with transaction.atomic():
                export = payment_export_create(
                    actor=request.user, service=service, format=form.cleaned_data["format"]
                )
                form_tokens.claim(token, scope, here)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "%(count)s demande(s) mise(s) en paiement pour %(total)s €. Le fichier "
                    "%(reference)s est prêt à télécharger ci-dessous."
                )
                % {
                    "count": export.claim_count,
                    "total": number_format(export.total, 2),
                    "reference": export.message_id,
                },
            )
            return redirect(here)
    page, querystring = paginate(request, payment_exports_for(service))
    return render(
        request,
        "expenses/payments/service_payments.html",
        {
            "service": service,
            "form": form,
            "awaiting": payments_awaiting(service),
            "blocked": claims_blocked_without_account(service, limit=20),
            "page": page,
            "querystring": querystring,
        },
    )


def payment_export_download(request, pk):
    """The file as it was recorded, streamed from storage; 404 to anyone who may not export
    the service's payments."""
    export = get_object_or_404(
        PaymentExport.objects.select_related("service__authority", "service__operator"), pk=pk
    )
    if not permissions.exports_payments(request.user, export.service) or not export.file:
        raise Http404
    return FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=os.path.basename(export.file.name),
        content_type=CONTENT_TYPES[export.format],
    )
