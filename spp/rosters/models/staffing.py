"""Who holds which place: roster proposals, assignments (with their event log), call-outs and
their responses, escalations to the professional fallback, and personal calendar feeds."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Roster(models.Model):
    """An auto-roster for a period: a proposal the coordinator reviews, then publishes.
    ``version`` grows on every change so that a second coordinator's stale edit is refused."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Proposition")
        PUBLISHED = "published", _("Publié")
        DISCARDED = "discarded", _("Abandonné")

    service = models.ForeignKey("catalog.Service", on_delete=models.CASCADE,
                                related_name="rosters")
    starts_on = models.DateField(_("du"))
    ends_on = models.DateField(_("au"))
    status = models.CharField(_("état"), max_length=20, choices=Status.choices,
                              default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1)
    solver_report = models.JSONField(default=dict, blank=True)
    gaps = models.JSONField(_("besoins non couverts"), default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("planning")
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")),
                                              name="roster_period_ordered")]

    def __str__(self):
        return f"{self.service} — {self.starts_on:%d/%m} → {self.ends_on:%d/%m/%Y}"


class Assignment(models.Model):
    """A person on a shift, for one need. Proposed ones belong to a draft roster and change
    nothing until it is published; the database allows one live place per person and shift."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposée")
        PUBLISHED = "published", _("Confirmée")
        CANCELLED = "cancelled", _("Annulée")
        ATTENDED = "attended", _("Effectuée")

    class Source(models.TextChoices):
        SIGNUP = "signup", _("Inscription")
        ROSTER = "roster", _("Planning automatique")
        CALL_OUT = "call_out", _("Alerte")
        COORDINATOR = "coordinator", _("Coordination")

    shift = models.ForeignKey("rosters.Shift", on_delete=models.CASCADE,
                              related_name="assignments")
    need = models.ForeignKey("rosters.ShiftNeed", on_delete=models.CASCADE,
                             related_name="assignments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="roster_assignments")
    roster = models.ForeignKey(Roster, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="assignments")
    status = models.CharField(_("état"), max_length=20, choices=Status.choices)
    source = models.CharField(_("origine"), max_length=20, choices=Source.choices)
    trainee = models.BooleanField(_("en formation"), default=False)
    attended_hours = models.DecimalField(_("heures effectuées"), max_digits=5, decimal_places=2,
                                         null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("affectation")
        ordering = ["shift__starts_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["shift", "user"],
                                    condition=Q(status__in=["published", "attended"]),
                                    name="assignment_one_live_per_shift"),
            models.UniqueConstraint(fields=["roster", "shift", "user"],
                                    condition=Q(status="proposed"),
                                    name="assignment_one_proposal_per_shift"),
            models.CheckConstraint(condition=~Q(status="proposed") | Q(roster__isnull=False),
                                   name="assignment_proposed_in_roster"),
        ]
        indexes = [models.Index(fields=["user", "status"], name="assignment_user_status_idx"),
                   models.Index(fields=["shift", "status"], name="assignment_shift_status_idx")]

    def __str__(self):
        return f"{self.user} — {self.shift}"


class AssignmentEvent(models.Model):
    """Event log of an assignment's transitions (see workflow.py)."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                              related_name="+")
    reason = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.from_status} → {self.to_status}"


class CallOut(models.Model):
    """An alert for an uncovered need: the first ``places`` volunteers to accept get them.
    ``accepted_count`` is checked by the database, so it can never exceed ``places``."""

    class Status(models.TextChoices):
        OPEN = "open", _("Ouverte")
        FILLED = "filled", _("Pourvue")
        ESCALATED = "escalated", _("Transmise au renfort professionnel")
        CANCELLED = "cancelled", _("Annulée")

    shift = models.ForeignKey("rosters.Shift", on_delete=models.CASCADE, related_name="callouts")
    need = models.ForeignKey("rosters.ShiftNeed", on_delete=models.CASCADE,
                             related_name="callouts")
    places = models.PositiveIntegerField(_("places"))
    accepted_count = models.PositiveIntegerField(default=0)
    status = models.CharField(_("état"), max_length=20, choices=Status.choices,
                              default=Status.OPEN)
    message = models.CharField(_("message"), max_length=300, blank=True)
    notified_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("alerte")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(accepted_count__lte=F("places")) & Q(places__gt=0),
                                   name="callout_never_more_than_places"),
        ]

    def __str__(self):
        return f"{_('Alerte')} — {self.shift}"

    @property
    def remaining(self) -> int:
        return self.places - self.accepted_count


class CallOutResponse(models.Model):
    class Answer(models.TextChoices):
        ACCEPTED = "accepted", _("Acceptée")
        DECLINED = "declined", _("Déclinée")

    callout = models.ForeignKey(CallOut, on_delete=models.CASCADE, related_name="responses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    answer = models.CharField(max_length=20, choices=Answer.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["callout", "user"],
                                               name="callout_one_response_per_person")]

    def __str__(self):
        return f"{self.user} — {self.answer}"


class Escalation(models.Model):
    """A need still uncovered shortly before its start, handed to the professional fallback."""

    need = models.OneToOneField("rosters.ShiftNeed", on_delete=models.CASCADE,
                                related_name="escalation")
    fallback = models.ForeignKey("rosters.ProfessionalFallback", null=True,
                                 on_delete=models.SET_NULL, related_name="escalations")
    missing = models.PositiveIntegerField(_("places manquantes"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("renfort professionnel sollicité")

    def __str__(self):
        return f"{self.need} — {self.missing}"


def _new_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """The secret of a person's iCalendar feed; revoking replaces it (the old URL dies)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="roster_calendar")
    token = models.CharField(max_length=64, unique=True, default=_new_token)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.user}"
