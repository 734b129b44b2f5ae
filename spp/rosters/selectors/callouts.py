"""Reads for call-outs and the coverage view's candidates: who is qualified and available."""

from spp.core.models import Membership, User
from spp.rosters.models import Assignment
from spp.rosters.selectors.available import able_and_available
from spp.rosters.selectors.shifts import LIVE


def callout_candidates(need) -> list[int]:
    """Ids of people enrolled (current charter), qualified on the shift's day, available for
    the whole shift and not already on it or on a clashing shift. Constant query count: the
    qualified and available ones are found as the coverage page counts them (bitmaps,
    ``available.able_and_available``), then those already busy then are left out."""
    shift = need.shift
    people = able_and_available(shift.service, need.code, shift.starts_at, shift.ends_at)
    busy = set(Assignment.objects.filter(
        user_id__in=people, status__in=LIVE, shift__starts_at__lt=shift.ends_at,
        shift__ends_at__gt=shift.starts_at).values_list("user_id", flat=True))
    return [uid for uid in people if uid not in busy]


def service_coordinators(service) -> list[User]:
    """The active coordinators and admins of the service's authority and of its operator: the
    people who manage its rosters (``permissions.manages_rosters``), told when no professional
    fallback takes an escalated need."""
    organisations = [service.authority_id] + ([service.operator_id]
                                              if service.operator_id else [])
    return list(User.objects.filter(
        memberships__organisation_id__in=organisations, is_active=True,
        memberships__role__in=[Membership.Role.COORDINATOR, Membership.Role.ADMIN])
        .distinct().order_by("pk"))
