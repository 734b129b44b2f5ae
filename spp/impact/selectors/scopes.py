"""Which dashboards a person may open: the authorities they administer and the services
they coordinate (the same rules as ``permissions.sees_*``, read for a list in two queries)."""

from django.db.models import Q

from spp.catalog.models import Service
from spp.core.models import Membership, Organisation
from spp.core.permissions import roles_by_organisation

COORDINATING = {Membership.Role.ADMIN, Membership.Role.COORDINATOR}


def dashboard_scopes(user) -> dict:
    """{"authorities": [{name, slug}], "services": [{name, slug, authority__slug,
    authority__name}]}, each sorted by name."""
    roles = roles_by_organisation(user)
    admin_of = [org for org, role in roles.items() if role == Membership.Role.ADMIN]
    coordinating = [org for org, role in roles.items() if role in COORDINATING]
    authorities = list(Organisation.objects.filter(
        pk__in=admin_of, kind=Organisation.Kind.AUTHORITY).order_by("name")
        .values("name", "slug"))
    services = list(Service.objects.filter(
        Q(authority_id__in=coordinating) | Q(operator_id__in=coordinating))
        .order_by("name").values("name", "slug", "authority__slug", "authority__name"))
    return {"authorities": authorities, "services": services}
