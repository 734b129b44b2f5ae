"""Who may manage the Open311 client applications of an organisation: only the admins of a
public authority (an operator's admins issue no keys). Outsiders get a 404."""

from django.http import Http404

from spp.core import permissions as core_permissions
from spp.core.models import Organisation


def manages_api_clients(user, organisation) -> bool:
    """Only the admins of the organisation, when it is a public authority."""
    return organisation.kind == Organisation.Kind.AUTHORITY and core_permissions.is_admin_of(
        user, organisation.pk
    )


def abilities(user, organisation) -> dict[str, bool]:
    """What ``user`` may do with ``organisation``'s Open311 clients (docs/permissions.md)."""
    return {"manage_api_clients": manages_api_clients(user, organisation)}


def access_organisation_for_client_admin(user, slug: str):
    """The organisation, for the admins who manage its clients; 404 for anyone else."""
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None or not manages_api_clients(user, organisation):
        raise Http404
    return organisation


def access_api_client(user, slug: str, pk: int):
    """One client of the organisation, for its admins; 404 for anyone else (another
    organisation's client included)."""
    from spp.open311.models import ApiClient

    organisation = access_organisation_for_client_admin(user, slug)
    client = ApiClient.objects.filter(pk=pk, organisation=organisation).first()
    if client is None:
        raise Http404
    return organisation, client
