"""The back office's page of an authority's Open311 client applications: list, issue a key
(shown once), renew it (the old one is refused at once) and revoke it. For the authority's
admins only (404 for anyone else)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spp.core import form_tokens
from spp.open311 import permissions, selectors, services
from spp.open311.forms import ApiClientActionForm, ApiClientForm


def _list_url(organisation) -> str:
    return reverse("open311_clients:client_list", args=[organisation.slug])


def client_list(request, slug):
    """The organisation's clients, and the form issuing a new key."""
    organisation = permissions.access_organisation_for_client_admin(request.user, slug)
    form = ApiClientForm(request.POST or None, initial={"form_token": form_tokens.new_token()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        token, scope = data.pop("form_token"), f"open311-client:{request.user.pk}"
        if (done := form_tokens.previous_result(token, scope)) is not None:
            # The key was shown once, to the first submission: a second one lands on the list.
            return redirect(done)
        with transaction.atomic():
            client, raw = services.api_client_create(
                actor=request.user, organisation=organisation, **data
            )
            form_tokens.claim(token, scope, _list_url(organisation))
        return _key_page(request, organisation, client, raw)
    return render(
        request,
        "open311/clients.html",
        {
            "organisation": organisation,
            "clients": selectors.api_client_list_for_organisation(organisation),
            "form": form,
        },
    )


@require_POST
def client_action(request, slug, pk):
    """Renew (``rotate``) or revoke a client's key."""
    organisation, client = permissions.access_api_client(request.user, slug, pk)
    form = ApiClientActionForm(request.POST)
    if not form.is_valid():
        return redirect(_list_url(organisation))
    if form.cleaned_data["action"] == "revoke":
        services.api_client_revoke(actor=request.user, client=client)
        messages.success(request, _("La clé de « %(name)s » est révoquée.") % {"name": client.name})
        return redirect(_list_url(organisation))
    try:
        client, raw = services.api_client_rotate(actor=request.user, client=client)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_list_url(organisation))
    return _key_page(request, organisation, client, raw)


def _key_page(request, organisation, client, raw):
    """The only page that ever shows the raw key; never cached."""
    response = render(
        request,
        "open311/clients_key.html",
        {"organisation": organisation, "client": client, "raw_key": raw},
    )
    response["Cache-Control"] = "no-store"
    return response
