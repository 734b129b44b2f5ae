"""Moderation decisions: publish (a priori), hide with a public reason, restore, flag as spam;
dismissing abuse reports (the content stays as it is); merging a duplicate proposal into
another.

Each decision follows the transition table in workflow.py, locks the content row, appends one
ModerationDecision (the event log), writes the audit log, resolves open abuse reports, keeps
the proposal's comment counter right and tells the author why."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from spp.consultations import permissions, workflow
from spp.consultations.models import (
    AbuseReport,
    Comment,
    ModeratedContent,
    ModerationDecision,
    Proposal,
    Support,
)
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


def abuse_report_dismiss(*, actor, content: Proposal | Comment,
                         report: AbuseReport | None = None) -> int:
    """Dismiss one abuse report of ``content`` (``report``), or all its open ones: the
    content stays as it is (published stays published) and leaves the moderation queue. One
    ModerationDecision ("Signalement écarté", the status unchanged) and one audit entry
    (``consultation.moderation.dismiss``) record it. Returns how many reports were dismissed."""
    is_proposal = isinstance(content, Proposal)
    consultation = content.consultation if is_proposal else content.proposal.consultation
    if not permissions.manages_consultation(actor, consultation):
        raise PermissionDenied
    with transaction.atomic():
        locked = type(content).objects.select_for_update().get(pk=content.pk)
        reports = locked.abuse_reports.filter(resolved_at__isnull=True)
        if report is not None:
            reports = reports.filter(pk=report.pk)
        report_ids = sorted(reports.values_list("pk", flat=True))
        if not report_ids:
            raise ValidationError(_("Ce signalement a déjà été traité."))
        AbuseReport.objects.filter(pk__in=report_ids).update(resolved_at=timezone.now())
        ModerationDecision.objects.create(
            consultation=consultation, proposal=locked if is_proposal else None,
            comment=None if is_proposal else locked,
            action=ModerationDecision.Action.DISMISS, from_status=locked.status,
            to_status=locked.status, moderator=actor)
        audit_record(actor=actor, action="consultation.moderation.dismiss", target=locked,
                     organisation=consultation.authority,
                     data={"reports": report_ids, "status": locked.status})
    return len(report_ids)


def proposal_merge(*, actor, duplicate: Proposal, into: Proposal) -> ModerationDecision:
    """Merge ``duplicate`` into ``into`` (same consultation, the consultation's managers
    only): the duplicate becomes "merged", linking to the proposal kept; its supports move
    there, except a person's who already supports it or wrote it (one support per person and
    proposal: the database's constraint holds); its comments stay on it, readable; its open
    abuse reports are resolved. One ModerationDecision, one audit entry
    (``consultation.moderation.merge``), and its author is told."""
    consultation = duplicate.consultation
    if not permissions.manages_consultation(actor, consultation):
        raise PermissionDenied
    if into.consultation_id != consultation.pk or into.pk == duplicate.pk:
        raise ValidationError(_("Choisissez une autre proposition de la même consultation."))
    with transaction.atomic():
        locked = {p.pk: p for p in Proposal.objects.select_for_update().only(
            *Proposal.SHOWN_FIELDS).filter(pk__in=[duplicate.pk, into.pk]).order_by("pk")}
        source, target = locked[duplicate.pk], locked[into.pk]
        if target.status != Status.PUBLISHED:
            raise ValidationError(_("La proposition gardée doit être publiée."))
        if source.status not in {Status.PUBLISHED, Status.PENDING}:
            raise ValidationError(_("Cette proposition ne peut pas être fusionnée : elle est « "
                                    "%(status)s ».") % {"status": source.get_status_display()})
        already = Support.objects.filter(proposal=target).values("user_id")
        supports = Support.objects.filter(proposal=source)
        moved = (supports.exclude(user_id__in=already).exclude(user_id=target.author_id)
                 .update(proposal=target))
        dropped, _detail = supports.delete()
        from_status = source.status
        source.status, source.merged_into, source.support_count = Status.MERGED, target, 0
        source.moderation_reason = ""
        source.save(update_fields=["status", "merged_into", "support_count",
                                   "moderation_reason"])
        target.support_count = Support.objects.filter(proposal=target).count()
        target.save(update_fields=["support_count"])
        decision = ModerationDecision.objects.create(
            consultation=consultation, proposal=source, action=ModerationDecision.Action.MERGE,
            from_status=from_status, to_status=Status.MERGED, moderator=actor)
        audit_record(actor=actor, action="consultation.moderation.merge", target=source,
                     organisation=consultation.authority,
                     data={"from": from_status, "into": target.pk, "supports_moved": moved,
                           "supports_dropped": dropped})
        source.abuse_reports.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())
        if source.author_id:
            notification_send(
                recipient=source.author,
                title=_("Votre proposition a été fusionnée avec une autre"),
                body=(_("Consultation « %(title)s » : votre proposition « %(yours)s » rejoint "
                        "« %(kept)s », qui en reprend les soutiens.")
                      % {"title": consultation.title, "yours": source.title,
                         "kept": target.title}),
                url=target.get_absolute_url())
    duplicate.status, duplicate.merged_into_id = source.status, target.pk
    into.support_count = target.support_count
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
