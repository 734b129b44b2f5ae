"""Proposals and comments (moderated content) and the supports given to proposals.

Invariants are enforced by the database: one support per person and proposal."""

import secrets

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spp.consultations.models.consultations import Consultation

USER = settings.AUTH_USER_MODEL



def random_shuffle_key() -> int:
    """A random position in the "random" sort, drawn once per proposal (see selectors)."""
    return secrets.randbelow(2**31)


class ModeratedContent(models.Model):
    """What proposals and comments share: an author, a moderation status and dates."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente de modération")
        PUBLISHED = "published", _("Publiée")
        HIDDEN = "hidden", _("Masquée par la modération")
        SPAM = "spam", _("Indésirable")
        MERGED = "merged", _("Fusionnée avec une autre proposition")  # proposals only

    author = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(_("texte"))
    status = models.CharField(_("état"), max_length=10, choices=Status.choices,
                              default=Status.PUBLISHED)
    moderation_reason = models.CharField(_("motif public de la modération"), max_length=300,
                                         blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True


class Proposal(ModeratedContent):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE,
                                     related_name="proposals")
    title = models.CharField(_("titre"), max_length=200)
    support_count = models.PositiveIntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)
    shuffle_key = models.IntegerField(default=random_shuffle_key)
    # When its author last changed its title or text (``services.proposal_update``, allowed for
    # a while after filing it: ``permissions.PROPOSAL_EDIT_MINUTES``); the audit log keeps
    # every earlier version.
    edited_at = models.DateTimeField(_("modifiée le"), null=True, blank=True)
    # A duplicate a moderator merged into another proposal (``services.proposal_merge``): its
    # supports moved there, its page links there, its comments stay readable.
    merged_into = models.ForeignKey("self", verbose_name=_("fusionnée avec"), null=True,
                                    blank=True, on_delete=models.SET_NULL,
                                    related_name="merged_from")
    # PostgreSQL only: the French full-text vector of title and body, kept by a trigger on
    # every insert and every change of title or body (migration 0003, GIN-indexed); NULL on
    # SQLite, where search is a substring match.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["consultation", "status", "-created_at", "-id"],
                         name="proposal_newest_idx"),
            models.Index(fields=["consultation", "status", "-support_count", "-id"],
                         name="proposal_supported_idx"),
            models.Index(fields=["consultation", "status", "shuffle_key", "id"],
                         name="proposal_random_idx"),
        ]

    # Every column but ``search_vector``, which only the database reads (selectors, ``only``).
    SHOWN_FIELDS = ("id", "consultation", "author", "title", "body", "status",
                    "moderation_reason", "created_at", "support_count", "comment_count",
                    "shuffle_key", "edited_at", "merged_into")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("consultations:proposal", args=[self.consultation.slug, self.pk])


class Comment(ModeratedContent):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["proposal", "status", "created_at"],
                                name="comment_proposal_idx")]

    def __str__(self):
        return self.body[:60]


class Support(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="support_one_per_person"),
        ]


    def __str__(self):
        return f"{self.user_id} → {self.proposal_id}"
