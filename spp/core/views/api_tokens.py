"""An organisation's API tokens, for its admins (``/gestion/organisations/<slug>/jetons-api/``):
the list, the form issuing a token (shown once, on the page that answers it) and the
revocation, confirmed on its own page. Anyone but the organisation's admins gets a 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from spp.core import form_tokens, permissions, selectors, services
from spp.core.forms import ApiTokenForm


def _list_url(organisation) -> str:
    return reverse("core:api_tokens", args=[organisation.slug])


def _breadcrumb(organisation, *more):
    return [(_("Gestion"), reverse("core:back_office")),
            (_("Jetons d’API"), _list_url(organisation) if more else ""), *more]


def api_tokens(request, slug):
    """The organisation's tokens and the form issuing one."""
    organisation = permissions.access_organisation_for_admin(request.user, slug)
    form = ApiTokenForm(request.POST or None, initial={"form_token": form_tokens.new_token()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        token, scope = data.pop("form_token"), f"api_token:{organisation.pk}:{request.user.pk}"
        if (done := form_tokens.previous_result(token, scope)) is not None:
            # The token was shown once, to the first submission: a second one lands on the list.
            return redirect(done)
        try:
            with transaction.atomic():
                api_token, raw = services.api_token_create(
                    actor=request.user, organisation=organisation, **data)
                form_tokens.claim(token, scope, _list_url(organisation))
        except ValidationError as error:
            for field, messages_ in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages_)
        else:
            return _shown_once(request, organisation, api_token, raw)
    return render(request, "core/api_tokens.html", {
        "organisation": organisation,
        "breadcrumb": _breadcrumb(organisation),
        "tokens": selectors.api_token_list_for_organisation(organisation),
        "form": form,
    })


def _shown_once(request, organisation, api_token, raw):
    """The only page that ever shows the clear token; never stored by a cache."""
    response = render(request, "core/api_token_created.html", {
        "organisation": organisation,
        "breadcrumb": _breadcrumb(organisation, (_("Nouveau jeton"), "")),
        "api_token": api_token,
        "raw_token": raw,
    })
    response["Cache-Control"] = "no-store"
    return response


def api_token_revoke(request, slug, pk):
    """GET: the confirmation page; POST: revoke, then back to the list."""
    organisation, api_token = permissions.access_api_token(request.user, slug, pk)
    if request.method == "POST":
        services.api_token_revoke(actor=request.user, token=api_token)
        messages.success(request, _("Le jeton « %(name)s » est révoqué : il est refusé dès "
                                    "maintenant.") % {"name": api_token.name})
        return redirect(_list_url(organisation))
    if not api_token.is_active():
        return redirect(_list_url(organisation))
    return render(request, "core/api_token_revoke.html", {
        "organisation": organisation,
        "breadcrumb": _breadcrumb(organisation, (_("Révoquer un jeton"), "")),
        "api_token": api_token,
    })
