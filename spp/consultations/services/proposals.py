"""Proposals, comments, supports and abuse reports: every write citizens make besides answers.

Texts are stored as typed (plain text) and always escaped when shown, so HTML or script in a
proposal is displayed, never executed. Supports are one per person (a unique constraint) and
the proposal's ``support_count`` moves with them in the same transaction (for the sort)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from spp.catalog.models import Participation
from spp.catalog.services import participation_record
from spp.consultations import permissions, tallies
from spp.consultations.models import (
    AbuseReport,
    Comment,
    Consultation,
    ModeratedContent,
    Proposal,
    Support,
)
from spp.core.services import audit_record

Status = ModeratedContent.Status


def _initial_status(consultation: Consultation) -> str:
    """A priori moderation keeps new content pending until a moderator publishes it."""
    if consultation.moderation == Consultation.Moderation.BEFORE:
        return Status.PENDING
    return Status.PUBLISHED


def proposal_create(*, actor, consultation: Consultation, title: str, body: str) -> Proposal:
    """File a proposal; writes one "proposal" row to the ledger (for a service's consultation)."""
    permissions.require_participant(actor, consultation)
    if not consultation.accepts_proposals:
        raise ValidationError(_("Cette consultation ne reçoit pas de propositions."))
    proposal = Proposal(consultation=consultation, author=actor, title=title.strip(),
                        body=body.strip(), status=_initial_status(consultation))
    proposal.full_clean(exclude=["author", "consultation"])
    with transaction.atomic():
        proposal.save()
        tallies.consultation_add(consultation.pk, tallies.PROPOSALS_NAME)
        if consultation.service_id:
            participation_record(
                user=actor, service=consultation.service, kind=Participation.Kind.PROPOSAL,
                quantity=1, unit=Participation.Unit.COUNT, occurred_at=proposal.created_at,
                source_key=f"consultations.proposal:{proposal.pk}",
                description=_("Proposition « %(title)s »") % {"title": proposal.title[:150]})
    return proposal


def proposal_update(*, actor, proposal: Proposal, title: str, body: str) -> Proposal:
    """The author corrects their proposal's title and text, within the set time after filing
    it (``permissions.proposal_edit_refusal``). The proposal's ``edited_at`` is set and the
    audit log (``consultation.proposal.edit``) keeps the version it replaces."""
    consultation = proposal.consultation
    with transaction.atomic():
        locked = (Proposal.objects.select_for_update().only(*Proposal.SHOWN_FIELDS)
                  .get(pk=proposal.pk))
        refusal = permissions.proposal_edit_refusal(actor, locked, consultation)
        if refusal is not None:
            if not actor.is_authenticated:
                raise PermissionDenied(refusal)
            raise ValidationError(refusal, code=permissions.REFUSED)
        before = {"title": locked.title, "body": locked.body}
        locked.title, locked.body = title.strip(), body.strip()
        locked.full_clean(exclude=["author", "consultation", "search_vector"])
        if before == {"title": locked.title, "body": locked.body}:
            return locked
        locked.edited_at = timezone.now()
        locked.save(update_fields=["title", "body", "edited_at"])
        audit_record(actor=actor, action="consultation.proposal.edit", target=locked,
                     organisation=consultation.authority, data={"before": before})
    proposal.title, proposal.body, proposal.edited_at = locked.title, locked.body, locked.edited_at
    return proposal


def comment_create(*, actor, proposal: Proposal, body: str) -> Comment:
    """Comment on a published proposal."""
    consultation = proposal.consultation
    permissions.require_participant(actor, consultation)
    if proposal.status != Status.PUBLISHED:
        raise ValidationError(_("On ne peut commenter qu’une proposition publiée."))
    comment = Comment(proposal=proposal, author=actor, body=body.strip(),
                      status=_initial_status(consultation))
    comment.full_clean(exclude=["author", "proposal"])
    with transaction.atomic():
        comment.save()
        if comment.status == Status.PUBLISHED:
            Proposal.objects.filter(pk=proposal.pk).update(comment_count=F("comment_count") + 1)
    return comment


def support_add(*, actor, proposal: Proposal) -> bool:
    """Support a published proposal. True if counted now, False if it was already supported
    (a retry or a double click changes nothing)."""
    permissions.require_participant(actor, proposal.consultation)
    if proposal.status != Status.PUBLISHED:
        raise ValidationError(_("On ne peut soutenir qu’une proposition publiée."))
    if proposal.author_id == actor.pk:
        raise ValidationError(_("Vous ne pouvez pas soutenir votre propre proposition."))
    try:
        with transaction.atomic():
            Support.objects.create(proposal=proposal, user=actor)
            # Counted only if still published once its row is locked: a proposal merged or
            # hidden meanwhile keeps no support (the insert above is rolled back).
            if not Proposal.objects.filter(pk=proposal.pk, status=Status.PUBLISHED).update(
                    support_count=F("support_count") + 1):
                raise ValidationError(_("On ne peut soutenir qu’une proposition publiée."))
    except IntegrityError:
        return False
    return True


def support_withdraw(*, actor, proposal: Proposal) -> bool:
    """Withdraw one's support (allowed while the consultation is open). True if withdrawn."""
    permissions.require_participant(actor, proposal.consultation)
    with transaction.atomic():
        deleted, _detail = Support.objects.filter(proposal=proposal, user=actor).delete()
        if deleted:
            Proposal.objects.filter(pk=proposal.pk).update(support_count=F("support_count") - 1)
    return bool(deleted)


def abuse_report_create(*, actor, proposal: Proposal | None = None,
                        comment: Comment | None = None, reason: str) -> AbuseReport:
    """Report a proposal or a comment to the moderators (once per person and content)."""
    if not actor.is_authenticated:
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Dites en quelques mots ce qui pose problème.")})
    report = AbuseReport(proposal=proposal, comment=comment, reporter=actor, reason=reason[:300])
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        raise ValidationError(_("Vous avez déjà signalé ce contenu ; les modérateurs vont "
                                "l’examiner.")) from None
    return report
