"""Who may do what with peer support. Confidentiality first: a request is seen by the
service's coordinators and admins (of its authority or operator) and by the expert who
accepted it, nobody else (404, never 403). The requester sees their own request, its status and
who will contact them. An expert sees the proposals made to them (the domain and preferences,
not the personal fields) until they accept. Professionals who refer a patient are the members
(any role) of the service's organisations: a hospital's nurses get an agent membership.
docs/permissions.md's peers table is ``service_abilities``."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from spp.catalog import permissions as catalog_permissions
from spp.catalog.models import Service
from spp.peers.models import PeerRequest, Proposal


def coordinates(user, service) -> bool:
    """Coordinators and admins of the service's authority or operator."""
    return catalog_permissions.coordinates_service(user, service)


def refers(user, service) -> bool:
    """Members (any role) of the service's organisations: the professionals who refer."""
    return catalog_permissions.manages_service(user, service)


def service_abilities(user, service) -> dict[str, bool]:
    """What ``user`` may do in a peer-support service (docs/permissions.md's table)."""
    return {"ask": user.is_authenticated and service.is_published,
            "refer": refers(user, service), "coordinate": coordinates(user, service)}


def is_matched_expert(user, request) -> bool:
    """The status is tested before the expert is read: the ranking page reads its request
    without the expert's row (``access_request_to_coordinate``), which only a matched request
    needs here."""
    return (user.is_authenticated and request.expert_id is not None
            and request.status in (PeerRequest.Status.MATCHED, PeerRequest.Status.CLOSED)
            and request.expert.user_id == user.pk)


def is_requester(user, request) -> bool:
    return user.is_authenticated and request.requester_id == user.pk


def request_abilities(user, request) -> dict[str, bool]:
    coordinator = coordinates(user, request.service)
    expert = is_matched_expert(user, request)
    live = request.status != PeerRequest.Status.CLOSED
    return {
        "read_personal": coordinator or expert,
        "rank": coordinator and request.status == PeerRequest.Status.NEW,
        "close": coordinator and live,
        "log_session": expert and request.status == PeerRequest.Status.MATCHED,
        "own": is_requester(user, request),
    }


def access_service(user, slug: str) -> Service:
    """A peer-support service the person may see."""
    service = get_object_or_404(Service.objects.select_related("authority", "operator"),
                                slug=slug)
    if "peers" not in service.patterns or not catalog_permissions.can_view_service(user,
                                                                                    service):
        raise Http404
    return service


def access_service_to_coordinate(user, slug: str) -> Service:
    service = access_service(user, slug)
    if not coordinates(user, service):
        raise Http404
    return service


def access_service_to_refer(user, slug: str) -> Service:
    service = access_service(user, slug)
    if not refers(user, service):
        raise Http404
    return service


def access_request(user, pk: int) -> PeerRequest:
    """A request for its coordinators, its matched expert and its requester; 404 otherwise."""
    request = get_object_or_404(PeerRequest.objects.select_related(
        "service__authority", "service__operator", "domain", "commune", "expert__user",
        "expert__commune", "requester"), pk=pk)
    can = request_abilities(user, request)
    if not (can["read_personal"] or can["own"]):
        raise Http404
    return request


PERSONAL_FIELDS = ("first_name", "phone", "email", "availability")


def access_request_to_coordinate(user, pk: int) -> PeerRequest:
    """A request for its service's coordinators only (404 otherwise), as the pages that rank
    and propose experts read it: without its personal fields (encrypted, never shown there,
    so neither read nor decrypted) and without the matched expert's or requester's rows (a
    request to rank has no expert yet; ``is_matched_expert`` reads one only once matched).
    The service's organisations are not joined (the coordinator test reads their ids, the
    page neither), nor the commune's outline: fewer tables to plan and columns to decode."""
    request = get_object_or_404(PeerRequest.objects.select_related("service", "domain", "commune")
                                .defer(*PERSONAL_FIELDS, "commune__boundary"), pk=pk)
    if not coordinates(user, request.service):
        raise Http404
    return request


def access_proposal_for_expert(user, pk: int) -> Proposal:
    proposal = get_object_or_404(Proposal.objects.select_related(
        "request__service", "request__domain", "request__commune", "expert__user",
        "proposed_by"), pk=pk)
    if not user.is_authenticated or proposal.expert.user_id != user.pk:
        raise Http404
    return proposal
