"""Who may do what in the rosters of a service.

Coordinators and admins of the service's authority or operator manage shifts, rosters and
call-outs; any member of those organisations may read the coverage; enrolled contributors
with a current enrolment (active, current charter accepted) declare availability, sign up,
answer call-outs."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from spp.catalog import permissions as catalog_permissions
from spp.catalog.models import Pattern, Service
from spp.rosters.selectors import is_participant


def manages_rosters(user, service) -> bool:
    """Admins and coordinators of the service's authority or operator."""
    return catalog_permissions.coordinates_service(user, service)


def reads_coverage(user, service) -> bool:
    """Any member (admin, coordinator, agent) of the service's authority or operator."""
    return catalog_permissions.manages_service(user, service)


def participates(user, service) -> bool:
    """Contributors whose enrolment is active with the current charter accepted (one
    query)."""
    return is_participant(user, service)


def owns_assignment(user, assignment) -> bool:
    """The person assigned."""
    return user.is_authenticated and assignment.user_id == user.pk


def abilities(user, service) -> dict[str, bool]:
    """What ``user`` may do with the rosters of ``service`` (views, API, templates read this)."""
    manage = manages_rosters(user, service)
    return {
        "manage": manage,
        "read_coverage": manage or reads_coverage(user, service),
        "participate": participates(user, service),
        "confirm_attendance": manage,
        "call_out": manage,
    }


def access_roster_service(user, slug: str) -> Service:
    """A published service with the roster pattern, or a member's service; else 404."""
    service = get_object_or_404(Service.objects.select_related("authority", "operator"),
                                slug=slug)
    if Pattern.ROSTER not in service.patterns:
        raise Http404
    if not service.is_published and not reads_coverage(user, service):
        raise Http404
    return service


def access_service_for_coordinator(user, slug: str) -> Service:
    """The service if ``user`` manages its rosters; 404 otherwise (nothing revealed)."""
    service = access_roster_service(user, slug)
    if not manages_rosters(user, service):
        raise Http404
    return service


def access_service_for_reader(user, slug: str) -> Service:
    service = access_roster_service(user, slug)
    if not reads_coverage(user, service):
        raise Http404
    return service


def require_coverage_reader(user, service) -> None:
    """The checks of ``access_service_for_reader`` on a service already read (the coverage
    page's columns kept with its cached copy): 404 unless it has the roster pattern and
    ``user`` may read its coverage (which also covers an unpublished service)."""
    if Pattern.ROSTER not in service.patterns or not reads_coverage(user, service):
        raise Http404
