"""Moderation tables: citizens' abuse reports and the moderators' decisions (the event log).

Invariants are enforced by the database: one abuse report per person and content."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spp.consultations.models.consultations import Consultation
from spp.consultations.models.proposals import Comment, ModeratedContent, Proposal

USER = settings.AUTH_USER_MODEL


class AbuseReport(models.Model):
    """A citizen's report of an abusive proposal or comment (exactly one of the two)."""

    proposal = models.ForeignKey(Proposal, null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="abuse_reports")
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="abuse_reports")
    reporter = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("motif"), max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(proposal__isnull=False, comment__isnull=True)
                           | Q(proposal__isnull=True, comment__isnull=False)),
                name="abuse_report_one_target"),
            models.UniqueConstraint(fields=["reporter", "proposal"],
                                    condition=Q(proposal__isnull=False),
                                    name="abuse_report_once_per_proposal"),
            models.UniqueConstraint(fields=["reporter", "comment"],
                                    condition=Q(comment__isnull=False),
                                    name="abuse_report_once_per_comment"),
        ]


    def __str__(self):
        return self.reason[:60]

class ModerationDecision(models.Model):
    """The event log of moderation: every status change of a proposal or comment."""

    class Action(models.TextChoices):
        PUBLISH = "publish", _("Publier")
        HIDE = "hide", _("Masquer")
        RESTORE = "restore", _("Rétablir")
        SPAM = "spam", _("Indésirable")
        DISMISS = "dismiss", _("Signalement écarté")
        MERGE = "merge", _("Fusion avec une autre proposition")

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE,
                                     related_name="moderation_decisions")
    proposal = models.ForeignKey(Proposal, null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="decisions")
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="decisions")
    action = models.CharField(max_length=10, choices=Action.choices)
    from_status = models.CharField(max_length=10)
    to_status = models.CharField(max_length=10)
    public_reason = models.CharField(max_length=300, blank=True)
    moderator = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.action} {self.from_status}→{self.to_status}"

    @property
    def from_status_label(self) -> str:
        """The status before the decision, as people read it ("Publiée", not "published")."""
        return ModeratedContent.Status(self.from_status).label

    @property
    def to_status_label(self) -> str:
        return ModeratedContent.Status(self.to_status).label
