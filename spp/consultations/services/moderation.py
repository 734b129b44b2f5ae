"""Moderation decisions: publish (a priori), hide with a public reason, restore, flag as spam.

Each decision follows the transition table in workflow.py, locks the content row, appends one
ModerationDecision (the event log), writes the audit log, resolves open abuse reports, keeps
the proposal's comment counter right and tells the author why."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from spp.consultations import permissions, workflow
from spp.consultations.models import Comment, ModeratedContent, ModerationDecision, Proposal
from spp.core.services import audit_record, notification_send

Status = ModeratedContent.Status


def moderation_decide(*, actor, content: Proposal | Comment, action: str,
                      public_reason: str = "") -> ModerationDecision:
    """Apply ``action`` to a proposal or comment (the consultation's managers only)."""
    is_proposal = isinstance(content, Proposal)
    consultation = content.consultation if is_proposal else content.proposal.consultation
    if not permissions.manages_consultation(actor, consultation):
        raise PermissionDenied
    public_reason = public_reason.strip()
    if action in workflow.ACTIONS_NEEDING_REASON and not public_reason:
        raise ValidationError({"public_reason": _("Donnez le motif public du masquage : il "
                                                  "s’affiche à la place du texte.")})
    model = type(content)
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=content.pk)
        target = workflow.moderation_target(locked.status, action)
        if target is None:
            raise ValidationError(_("Cette décision n’est pas possible pour un contenu « "
                                    "%(status)s ».") % {"status": locked.get_status_display()})
        from_status = locked.status
        locked.status = target
        locked.moderation_reason = public_reason if target == Status.HIDDEN else ""
        locked.save(update_fields=["status", "moderation_reason"])
        decision = ModerationDecision.objects.create(
            consultation=consultation, proposal=locked if is_proposal else None,
            comment=None if is_proposal else locked, action=action, from_status=from_status,
            to_status=target, public_reason=public_reason, moderator=actor)
        audit_record(actor=actor, action=f"consultation.moderation.{action}", target=locked,
                     organisation=consultation.authority, reason=public_reason,
                     data={"from": from_status, "to": target})
        reports = locked.abuse_reports.filter(resolved_at__isnull=True)
        reports.update(resolved_at=timezone.now())
        if not is_proposal:
            _recount_comment(locked, from_status, target)
        if locked.author_id and action != ModerationDecision.Action.PUBLISH:
            _tell_author(locked, consultation, action, public_reason)
    content.status, content.moderation_reason = locked.status, locked.moderation_reason
    return decision


def _recount_comment(comment: Comment, from_status: str, to_status: str) -> None:
    """The proposal's comment counter counts published comments only."""
    delta = (to_status == Status.PUBLISHED) - (from_status == Status.PUBLISHED)
    if delta:
        Proposal.objects.filter(pk=comment.proposal_id).update(
            comment_count=F("comment_count") + delta)


def _tell_author(content, consultation, action: str, reason: str) -> None:
    labels = {ModerationDecision.Action.HIDE: _("masqué"),
              ModerationDecision.Action.SPAM: _("classé comme indésirable"),
              ModerationDecision.Action.RESTORE: _("rétabli")}
    url = (content.get_absolute_url() if isinstance(content, Proposal)
           else content.proposal.get_absolute_url())
    notification_send(
        recipient=content.author,
        title=_("Votre contribution a été %(what)s") % {"what": labels.get(action, action)},
        body=(_("Consultation « %(title)s ». Motif : %(reason)s")
              % {"title": consultation.title, "reason": reason or "—"}),
        url=url)
