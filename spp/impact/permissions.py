"""Who may see which figures, and whose attestations are whose.

- An authority's dashboard (every service together, and each service's): the authority's
  admins. The authority stays in control: its figures are its own to read first.
- A service's dashboard: the coordinators and admins of the service's authority or of its
  operator (``catalog.permissions.coordinates_service``); agents see the service's own pages,
  not its figures.
- The public transparency page and open data: anyone, for an authority with at least one
  published service; nothing is shown there that the disclosure rules would withhold.
- An attestation: its holder downloads it; anyone holding its code may check it.

Fetching goes through the ``access_*`` helpers, which answer 404 to whoever may not see the
object, never telling what exists."""

from django.http import Http404

from spp.catalog import permissions as catalog_permissions
from spp.core import permissions as core_permissions


def sees_authority_figures(user, authority) -> bool:
    """The admins of the authority."""
    return core_permissions.is_admin_of(user, authority.pk)


def sees_service_figures(user, service) -> bool:
    """The coordinators and admins of the service's authority or operator."""
    return catalog_permissions.coordinates_service(user, service)


def abilities(user, service) -> dict[str, bool]:
    """What the user may read of a service's figures and of its authority's (the table of
    docs/permissions.md, walked by the tests)."""
    return {"read_service_figures": sees_service_figures(user, service),
            "read_authority_figures": sees_authority_figures(user, service.authority)}


def owns_attestation(user, attestation) -> bool:
    """The person the attestation was issued to."""
    return user.is_authenticated and attestation.user_id == user.pk


def access_authority_for_figures(user, slug: str):
    """The authority whose every figure the user may read; 404 otherwise."""
    from spp.core.models import Organisation

    authority = Organisation.objects.filter(slug=slug, kind="authority").first()
    if authority is None or not sees_authority_figures(user, authority):
        raise Http404
    return authority


def access_service_for_figures(user, authority_slug: str, service_slug: str):
    """The service (with its authority) whose figures the user may read; 404 otherwise."""
    from spp.catalog.models import Service

    service = (Service.objects.select_related("authority", "operator")
               .filter(slug=service_slug, authority__slug=authority_slug).first())
    if service is None or not sees_service_figures(user, service):
        raise Http404
    return service


def access_public_authority(slug: str):
    """An authority with at least one published service: its transparency page exists. Any
    other slug (an operator, an authority with nothing published) answers 404."""
    from spp.core.models import Organisation

    authority = Organisation.objects.filter(
        slug=slug, kind="authority", services__is_published=True).distinct().first()
    if authority is None:
        raise Http404
    return authority


def access_own_attestation(user, code: str):
    """The user's own attestation with this code; 404 for anyone else's or an unknown one."""
    from spp.impact.models import Attestation

    attestation = Attestation.objects.select_related("authority").filter(code=code).first()
    if attestation is None or not owns_attestation(user, attestation):
        raise Http404
    return attestation
