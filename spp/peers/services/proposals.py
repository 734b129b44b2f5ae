"""A coordinator proposes an expert for a request; the expert accepts or declines. Each step
checks again what the page showed (the expert may have lost their certification or filled
their capacity since), tells the other side, and writes the audit log."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from spp.core.services import audit_record, notification_send
from spp.peers import permissions
from spp.peers.models import ExpertProfile, PeerRequest, Proposal
from spp.peers.selectors.matching import expert_candidate, expert_ineligibility
from spp.peers.workflow import request_transition


def proposal_make(*, actor, request: PeerRequest, expert: ExpertProfile,
                  day=None) -> Proposal:
    """Propose ``expert``; refused with the reasons when they are not eligible."""
    if not permissions.coordinates(actor, request.service):
        raise PermissionDenied
    with transaction.atomic():
        request = (PeerRequest.objects.select_for_update(of=("self",))
                   .select_related("service", "domain", "commune").get(pk=request.pk))
        if request.status != PeerRequest.Status.NEW:
            raise ValidationError(_("Cette demande a déjà une proposition en cours ou un "
                                    "pair : rechargez la page."))
        expert = (ExpertProfile.objects.select_for_update(of=("self",))
                  .select_related("user", "commune").get(pk=expert.pk))  # its load now
        reasons = expert_ineligibility(request, expert, day=day)
        if reasons:
            raise ValidationError(reasons)
        candidate = expert_candidate(request, expert)
        proposal = Proposal.objects.create(request=request, expert=expert,
                                           score=candidate.score,
                                           explanation=candidate.parts, proposed_by=actor)
        request_transition(request, PeerRequest.Status.PROPOSED, actor=actor)
        audit_record(actor=actor, action="peers.proposal.make", target=proposal,
                     organisation=request.service.authority,
                     data={"expert_profile": expert.pk, "score": candidate.score})
        notification_send(
            recipient=expert.user, title=_("Une personne à accompagner vous est proposée"),
            body=_("Domaine : %(d)s. Acceptez ou déclinez depuis vos accompagnements.") % {
                "d": request.domain.name}, url=reverse("peers:my_accompaniments"))
    return proposal


def _lock_waiting(proposal: Proposal, actor) -> Proposal:
    proposal = (Proposal.objects.select_for_update(of=("self",))
                .select_related("request__service", "request__domain", "expert__user",
                                "proposed_by").get(pk=proposal.pk))
    if proposal.expert.user_id != getattr(actor, "pk", None):
        raise PermissionDenied
    if proposal.status != Proposal.Status.PROPOSED:
        raise ValidationError(_("Vous avez déjà répondu à cette proposition."))
    return proposal


def proposal_accept(*, actor, proposal: Proposal, now=None) -> Proposal:
    """The expert accepts: the request is theirs, their load goes up (the database refuses
    beyond the capacity), the requester and the coordinator are told."""
    now = now or timezone.now()
    with transaction.atomic():
        proposal = _lock_waiting(proposal, actor)
        request = PeerRequest.objects.select_for_update().get(pk=proposal.request_id)
        expert = ExpertProfile.objects.select_for_update().get(pk=proposal.expert_id)
        if expert.load >= expert.weekly_capacity:
            raise ValidationError(_("Vous accompagnez déjà %(n)s personne(s), votre capacité : "
                                    "déclinez, ou augmentez-la dans votre profil.") % {
                                        "n": expert.load})
        try:
            with transaction.atomic():
                ExpertProfile.objects.filter(pk=expert.pk).update(load=F("load") + 1)
        except IntegrityError as error:
            raise ValidationError(_("Votre capacité est atteinte.")) from error
        proposal.status, proposal.decided_at = Proposal.Status.ACCEPTED, now
        proposal.save(update_fields=["status", "decided_at"])
        request.expert = expert
        request_transition(request, PeerRequest.Status.MATCHED, actor=actor,
                           extra_fields=("expert",))
        audit_record(actor=actor, action="peers.proposal.accept", target=proposal,
                     organisation=request.service.authority)
        name = expert.user.public_name
        url = reverse("peers:request_detail", args=[request.pk])
        if request.requester_id:
            notification_send(recipient=request.requester,
                              title=_("%(n)s va vous contacter") % {"n": name},
                              body=_("Un pair certifié a accepté de vous accompagner (%(d)s).")
                              % {"d": proposal.request.domain.name}, url=url)
        for person in {request.referred_by, proposal.proposed_by} - {None}:
            notification_send(recipient=person, title=_("Demande n° %(p)s : pair trouvé") % {
                "p": request.pk}, body=_("%(n)s a accepté d’accompagner la personne.") % {
                    "n": name}, url=url)
    return proposal


def proposal_decline(*, actor, proposal: Proposal, now=None) -> Proposal:
    """The expert declines: the request is new again, for another proposal (the ranking no
    longer shows this expert for it); the coordinator is told."""
    now = now or timezone.now()
    with transaction.atomic():
        proposal = _lock_waiting(proposal, actor)
        request = PeerRequest.objects.select_for_update().get(pk=proposal.request_id)
        proposal.status, proposal.decided_at = Proposal.Status.DECLINED, now
        proposal.save(update_fields=["status", "decided_at"])
        request_transition(request, PeerRequest.Status.NEW, actor=actor,
                           note=_("Proposition déclinée par le pair"))
        audit_record(actor=actor, action="peers.proposal.decline", target=proposal,
                     organisation=proposal.request.service.authority)
        if proposal.proposed_by:
            notification_send(
                recipient=proposal.proposed_by,
                title=_("Demande n° %(p)s : proposition déclinée") % {"p": request.pk},
                body=_("Le pair a décliné : proposez-en un autre."),
                url=reverse("peers:request_experts", args=[request.pk]))
    return proposal
