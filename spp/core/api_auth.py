"""How the API knows who is calling: a person's session (the default of the whole API,
CSRF-checked on writes) or an organisation's API token (``Authorization: Bearer spp_…``),
accepted only by the endpoints that declare ``auth=organisation_auth``.

A token acts for its organisation, within its scope: a *read* token may only read (GET,
HEAD, OPTIONS: anything else is a 403), a *write* token may also write where the endpoint
lets an organisation write. An unknown, revoked or expired token is a 401 (problem+json),
never a fallback to the session. A Bearer request needs no CSRF token: a browser never adds
the header by itself, so another site cannot forge it."""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer, django_auth

from spp.core import permissions
from spp.core.models import ApiToken, Organisation
from spp.core.services.api_tokens import api_token_authenticate

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class ApiTokenAuth(HttpBearer):
    """An organisation's API token in ``Authorization: Bearer``."""

    def authenticate(self, request, token: str) -> ApiToken:
        api_token = api_token_authenticate(token.strip())
        if api_token is None:
            raise AuthenticationError(message=_("Jeton d’API inconnu, révoqué ou expiré."))
        if request.method not in READ_METHODS and not api_token.can_write:
            raise HttpError(403, _("Ce jeton d’API ne permet que la lecture."))
        return api_token


api_token_auth = ApiTokenAuth()
# The endpoints an integration may call: the token first (a Bearer header is never ignored),
# then the session of a signed-in person.
organisation_auth = [api_token_auth, django_auth]


def calling_token(request) -> ApiToken | None:
    """The API token the request was authenticated with, or None for a person's session."""
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, ApiToken) else None


def organisation_for(request, slug: str, *, may=permissions.is_member_of) -> Organisation:
    """The organisation ``slug`` names, for whoever calls for it: a token of that very
    organisation, or a person for whom ``may(user, organisation id)`` holds (by default its
    members). Anyone else gets a 404, another organisation's token included: it learns nothing
    of what exists."""
    token = calling_token(request)
    if token is not None:
        if token.organisation.slug != slug:
            raise Http404
        return token.organisation
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None or not may(request.user, organisation.pk):
        raise Http404
    return organisation
