"""One request: its page (the personal fields shown to the coordinators and the matched
expert, each read audited; the requester sees their own request and who will contact them),
the ranked experts with "Proposer", closing, and a person's list of their requests."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spp.core.links import link_for_pk
from spp.peers import permissions, selectors, services
from spp.peers.hds import health_data_host_required
from spp.peers.models import ExpertProfile, PeerRequest


@health_data_host_required
def my_requests(request):
    return render(request, "peers/my_requests.html", {
        "requests": selectors.requests_of_requester(request.user)})


@health_data_host_required
def request_detail(request, pk):
    peer_request = permissions.access_request(request.user, pk)
    can = permissions.request_abilities(request.user, peer_request)
    if can["read_personal"]:
        services.request_personal_read(actor=request.user, request=peer_request)
    return render(request, "peers/request_detail.html", {
        "req": peer_request, "can": can, **selectors.request_history(peer_request)})


def _request_to_coordinate(user, pk) -> PeerRequest:
    peer_request = permissions.access_request(user, pk)
    if not permissions.coordinates(user, peer_request.service):
        raise Http404
    return peer_request


@health_data_host_required
def request_experts(request, pk):
    """The eligible experts ranked, each part of their score in words (no personal field of
    the request is shown here)."""
    peer_request = permissions.access_request_to_coordinate(request.user, pk)
    can = permissions.request_abilities(request.user, peer_request)
    candidates = selectors.experts_ranked(peer_request) if can["rank"] else []
    return render(request, "peers/request_experts.html", {
        "req": peer_request, "can": can,
        "candidates": _with_card_texts(candidates, peer_request),
        "weights": selectors.WEIGHTS})


def _with_card_texts(candidates, peer_request):
    """Each card's title, button label and "Proposer" address, written once per ranking and
    filled per expert: translated and reversed once, not once per card by the template."""
    propose_url = link_for_pk("peers:proposal_make", peer_request.pk)
    title, propose = _("%(s)s / 100"), _("Proposer %(n)s")
    for candidate in candidates:
        candidate.title = title % {"s": candidate.score}
        candidate.propose_label = propose % {"n": candidate.name}
        candidate.propose_url = propose_url(candidate.profile_id)
    return candidates


@require_POST
@health_data_host_required
def proposal_make(request, pk, expert_pk):
    peer_request = _request_to_coordinate(request.user, pk)
    expert = get_object_or_404(ExpertProfile.objects.select_related("user", "commune"),
                               pk=expert_pk, service=peer_request.service)
    try:
        services.proposal_make(actor=request.user, request=peer_request, expert=expert)
    except ValidationError as error:
        messages.error(request, _("Proposition impossible : %(r)s") % {
            "r": " ".join(error.messages)})
        return redirect("peers:request_experts", pk=peer_request.pk)
    messages.success(request, _("Proposition envoyée à %(n)s.") % {
        "n": expert.user.public_name})
    return redirect("peers:service_manage", slug=peer_request.service.slug)


@require_POST
@health_data_host_required
def request_close(request, pk):
    peer_request = _request_to_coordinate(request.user, pk)
    try:
        services.request_close(actor=request.user, request=peer_request,
                               note=request.POST.get("note", "")[:255])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Demande clôturée."))
    return redirect("peers:service_manage", slug=peer_request.service.slug)
