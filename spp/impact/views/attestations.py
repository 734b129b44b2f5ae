"""A citizen's attestations of volunteer activity: their list and the form to ask for one
(``impact:attestations``, which also takes the holder's revocation), the PDF (its holder only,
404 for anyone else), and the public verification by code (``transparency:verify`` and
``transparency:verify_code``), which shows what the attestation says and nothing more about
the person. Thin: the forms parse, the services write, the selectors read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from spp.core import form_tokens
from spp.core.form_errors import add_errors
from spp.core.pagination import paginate
from spp.impact.attestation_pdf import attestation_pdf as render_pdf
from spp.impact.forms import AttestationForm, VerifyForm
from spp.impact.permissions import access_own_attestation
from spp.impact.selectors import attestations as selectors
from spp.impact.services import attestations as services


def _list_page(request, form, authorities):
    page, querystring = paginate(request, selectors.attestation_list_for_user(request.user))
    return render(request, "impact/attestation_list.html", {
        "form": form, "has_authorities": authorities.exists(), "page": page,
        "querystring": querystring,
    })


@require_http_methods(["GET", "POST"])
def attestation_list(request):
    """The person's attestations and the form to ask for a new one. A POST carrying
    ``revoke`` withdraws one of theirs instead."""
    if request.method == "POST" and "revoke" in request.POST:
        attestation = access_own_attestation(request.user, request.POST["revoke"])
        services.attestation_revoke(actor=request.user, attestation=attestation)
        messages.success(request, _("L’attestation %(code)s est révoquée : sa page de "
                                    "vérification le dit désormais.") % {"code": attestation.code})
        return redirect("impact:attestations")
    authorities = selectors.attestation_authorities_for_user(request.user)
    if request.method == "POST":
        form = AttestationForm(request.POST, authorities=authorities)
        if form.is_valid():
            data = form.cleaned_data
            token, scope = data["form_token"], f"attestation:{request.user.pk}"
            if (done := form_tokens.previous_result(token, scope)) is not None:
                return redirect(done)
            try:
                with transaction.atomic():
                    attestation = services.attestation_issue(
                        actor=request.user, authority=data["authority"],
                        starts_on=data["starts_on"], ends_on=data["ends_on"])
                    form_tokens.claim(token, scope, reverse("impact:attestations"))
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _(
                    "Votre attestation est prête : téléchargez-la ci-dessous. Son code de "
                    "vérification est %(code)s.") % {"code": attestation.code})
                return redirect("impact:attestations")
    else:
        today = timezone.localdate()
        form = AttestationForm(authorities=authorities,
                               initial={"starts_on": today.replace(month=1, day=1),
                                        "ends_on": today,
                                        "form_token": form_tokens.new_token()})
    return _list_page(request, form, authorities)


@require_GET
def attestation_pdf(request, code):
    attestation = access_own_attestation(request.user, code)
    verify_url = request.build_absolute_uri(
        reverse("transparency:verify_code", args=[attestation.code]))
    response = HttpResponse(render_pdf(attestation, verify_url=verify_url),
                            content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="attestation-benevolat-{attestation.code}.pdf"')
    response["Cache-Control"] = "private, no-store"
    return response


def _verify_page(request, form, *, status=200):
    response = render(request, "impact/attestation_verify.html", {"form": form}, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response


@login_not_required
@require_GET
def attestation_verify(request):
    """The form where anyone types the code printed on an attestation."""
    if "code" not in request.GET:
        return _verify_page(request, VerifyForm())
    form = VerifyForm(request.GET)
    if form.is_valid():
        attestation = selectors.attestation_by_code(form.cleaned_data["code"])
        if attestation is not None:
            return redirect("transparency:verify_code", code=attestation.code)
        form.add_error("code", _("Aucune attestation ne porte ce code. Vérifiez-le, "
                                 "caractère par caractère."))
    return _verify_page(request, form)


@login_not_required
@require_GET
def attestation_verify_code(request, code):
    """What the attestation with this code says: its holder's name, the authority, the period,
    the lines, the hours, its issue date and whether it still holds. Nothing else about the
    person (no email, no account)."""
    attestation = selectors.attestation_by_code(code)
    if attestation is None:
        form = VerifyForm({"code": code})
        form.is_valid()
        form.add_error("code", _("Aucune attestation ne porte ce code. Vérifiez-le, "
                                 "caractère par caractère."))
        return _verify_page(request, form, status=404)
    if attestation.code != code:
        return redirect("transparency:verify_code", code=attestation.code)
    response = render(request, "impact/attestation_detail.html", {
        "attestation": attestation,
        "lines": selectors.attestation_lines_display(attestation),
    })
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
