"""Reads of requests and proposals for the pages: the coordinators' queue, an expert's
proposals and accompaniments, a person's own requests. Each is one query (``select_related``),
none reads the personal fields but the detail page (audited by its view)."""

from django.db.models import QuerySet

from spp.peers.models import ExpertProfile, PeerRequest, PeerSession, Proposal, RequestEvent

# The queue never needs the encrypted fields: not reading them spares their decryption.
QUEUE_FIELDS = ("id", "status", "created_at", "preferred_language", "preferred_mode",
                "domain__name", "commune__name", "referred_by_id", "expert__user__first_name")


def requests_queue(service, *, status: str | None = None, limit: int = 100) -> list[dict]:
    """The service's requests, open first (new, then proposed, then matched), newest first;
    the ``peers_queue_idx`` index answers each status."""
    queryset = PeerRequest.objects.filter(service=service)
    if status:
        queryset = queryset.filter(status=status)
    else:
        queryset = queryset.filter(status__in=PeerRequest.OPEN)
    rows = list(queryset.order_by("-created_at", "-id").values(*QUEUE_FIELDS)[:limit])
    order = {"new": 0, "proposed": 1, "matched": 2, "closed": 3}
    labels = dict(PeerRequest.Status.choices)
    for row in rows:
        row["status_label"] = labels[row["status"]]
    return sorted(rows, key=lambda row: order[row["status"]])


def requests_of_requester(user) -> QuerySet[PeerRequest]:
    return (PeerRequest.objects.filter(requester=user)
            .select_related("service", "domain", "expert__user").defer(
                "first_name", "phone", "email", "availability").order_by("-created_at"))


def proposals_for_expert(user) -> QuerySet[Proposal]:
    return (Proposal.objects.filter(expert__user=user, status=Proposal.Status.PROPOSED)
            .select_related("request__service", "request__domain", "request__commune")
            .order_by("created_at"))


def accompaniments_of_expert(user) -> QuerySet[PeerRequest]:
    return (PeerRequest.objects.filter(expert__user=user, status=PeerRequest.Status.MATCHED)
            .select_related("service", "domain", "commune").defer(
                "first_name", "phone", "email", "availability").order_by("-created_at"))


def profiles_of_expert(user) -> QuerySet[ExpertProfile]:
    return ExpertProfile.objects.filter(user=user).select_related("service", "commune")


def request_history(request) -> dict:
    return {
        "events": list(RequestEvent.objects.filter(request=request).select_related("actor")),
        "proposals": list(Proposal.objects.filter(request=request)
                          .select_related("expert__user", "proposed_by")),
        "sessions": list(PeerSession.objects.filter(request=request)),
    }
