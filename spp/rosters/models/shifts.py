"""Shifts, their staffing needs, the recurring patterns that generate them, and each
service's rostering rules and professional fallback."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ProfessionalFallback(models.Model):
    """The authority's professional team or on-call agent who takes a need that volunteers
    did not cover in time (continuity of the public service)."""

    service = models.ForeignKey("catalog.Service", on_delete=models.CASCADE,
                                related_name="roster_fallbacks")
    name = models.CharField(_("équipe ou agent d’astreinte"), max_length=200)
    contact = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("agent à prévenir"),
                                null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    email = models.EmailField(_("courriel"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("renfort professionnel")
        ordering = ["name"]

    def __str__(self):
        return self.name


class RosterPolicy(models.Model):
    """A service's rules for shifts; absent means the defaults below."""

    service = models.OneToOneField("catalog.Service", on_delete=models.CASCADE,
                                   related_name="roster_policy")
    cancel_notice_hours = models.PositiveIntegerField(
        _("délai d’annulation (heures)"), default=48,
        help_text=_("Un bénévole peut se désister jusqu’à ce délai avant le début."))
    min_rest_hours = models.PositiveIntegerField(_("repos minimal entre deux gardes (heures)"),
                                                 default=11)
    max_hours_per_week = models.PositiveIntegerField(_("heures maximales par semaine"),
                                                     default=48)
    escalation_hours = models.PositiveIntegerField(
        _("délai d’escalade (heures avant le début)"), default=6)
    fallback = models.ForeignKey(ProfessionalFallback, verbose_name=_("renfort professionnel"),
                                 null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")

    class Meta:
        verbose_name = _("règles de planning")
        constraints = [models.CheckConstraint(condition=Q(max_hours_per_week__gt=0),
                                              name="roster_policy_max_hours_positive")]

    def __str__(self):
        return f"{self.service}"


class ShiftPattern(models.Model):
    """A recurring shift (every weekday 7:30–12:30, every night…). Shifts are generated from
    it for a period, skipping French public holidays if asked and the listed exceptions."""

    service = models.ForeignKey("catalog.Service", on_delete=models.CASCADE,
                                related_name="shift_patterns")
    title = models.CharField(_("intitulé"), max_length=120)
    place = models.CharField(_("lieu"), max_length=200)
    weekdays = models.JSONField(_("jours"), default=list,
                                help_text=_("0 = lundi … 6 = dimanche"))
    start_time = models.TimeField(_("début"))
    end_time = models.TimeField(_("fin"), help_text=_("Avant le début : se termine le lendemain."))
    needs = models.JSONField(_("besoins"), default=list,
                             help_text=_("[{code, min, max}] par qualification"))
    valid_from = models.DateField(_("à partir du"))
    valid_until = models.DateField(_("jusqu’au"), null=True, blank=True)
    skip_public_holidays = models.BooleanField(_("sauf jours fériés"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("garde récurrente")
        ordering = ["service", "start_time"]
        constraints = [models.CheckConstraint(
            condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
            name="shift_pattern_period_ordered")]

    def __str__(self):
        return self.title


class ShiftPatternException(models.Model):
    """A day on which a pattern does not apply (closure, local holiday)."""

    pattern = models.ForeignKey(ShiftPattern, on_delete=models.CASCADE,
                                related_name="exceptions")
    day = models.DateField(_("jour"))
    reason = models.CharField(_("motif"), max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["pattern", "day"],
                                               name="shift_pattern_exception_unique")]

    def __str__(self):
        return f"{self.pattern} — {self.day:%d/%m/%Y}"


class Shift(models.Model):
    """One shift or duty ("garde", "permanence"): a time range, a place, staffing needs."""

    class Status(models.TextChoices):
        OPEN = "open", _("Ouverte")
        CANCELLED = "cancelled", _("Annulée")

    service = models.ForeignKey("catalog.Service", on_delete=models.CASCADE,
                                related_name="shifts")
    pattern = models.ForeignKey(ShiftPattern, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="shifts")
    title = models.CharField(_("intitulé"), max_length=120)
    place = models.CharField(_("lieu"), max_length=200)
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    status = models.CharField(_("état"), max_length=20, choices=Status.choices,
                              default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    # Qualified places missing to reach the minimums of the needs not handed to the
    # professional fallback (the sum of their ``ShiftNeed.gap``), kept by the writes on the
    # needs, their live places and escalations (services/common.py ``shift_missing_recount``)
    # so that the coverage month reads a column of the shifts instead of joining their needs.
    missing_count = models.PositiveIntegerField(_("places manquantes"), default=0,
                                                editable=False)

    class Meta:
        verbose_name = _("garde")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")),
                                   name="shift_ends_after_start"),
            models.UniqueConstraint(fields=["pattern", "starts_at"],
                                    condition=Q(pattern__isnull=False),
                                    name="shift_one_per_pattern_start"),
        ]
        indexes = [models.Index(fields=["service", "starts_at"], name="shift_service_start_idx")]

    def __str__(self):
        return self.describe(self.title, self.starts_at)

    @staticmethod
    def describe(title: str, starts_at) -> str:
        """How a shift is named on the pages ("Garde — 08/12/2026 08:00"), for a shift read
        as values."""
        return f"{title} — {timezone.localtime(starts_at):%d/%m/%Y %H:%M}"

    @staticmethod
    def hours_label(starts_at, ends_at) -> str:
        """Its hours in local time ("08:00–20:00"), as the lists show them beside its name."""
        return f"{timezone.localtime(starts_at):%H:%M}–{timezone.localtime(ends_at):%H:%M}"

    @property
    def hours(self) -> float:
        return (self.ends_at - self.starts_at).total_seconds() / 3600

    @property
    def is_night(self) -> bool:
        start, end = timezone.localtime(self.starts_at), timezone.localtime(self.ends_at)
        return start.hour >= 19 or end.date() > start.date()

    @property
    def is_weekend(self) -> bool:
        return timezone.localtime(self.starts_at).weekday() >= 5


class ShiftNeed(models.Model):
    """How many people holding ``qualification_type`` the shift needs (min) and accepts (max)."""

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="needs")
    qualification_type = models.ForeignKey("catalog.QualificationType",
                                           verbose_name=_("qualification"),
                                           null=True, blank=True, on_delete=models.PROTECT,
                                           related_name="+",
                                           help_text=_("Vide : toute personne inscrite."))
    min_count = models.PositiveIntegerField(_("minimum"), default=1)
    max_count = models.PositiveIntegerField(_("maximum"), default=1)
    # Live places (published or attended), kept by the assignment services inside their
    # transaction (services/common.py), so that the coverage and the open shifts read a
    # column instead of counting the assignments of every need on every page.
    assigned_count = models.PositiveIntegerField(_("places prises (qualifiées)"), default=0,
                                                 editable=False)
    trainee_count = models.PositiveIntegerField(_("places prises (en formation)"), default=0,
                                                editable=False)

    class Meta:
        verbose_name = _("besoin")
        ordering = ["shift", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(max_count__gte=F("min_count")) & Q(max_count__gt=0),
                                   name="shift_need_max_at_least_min"),
            models.UniqueConstraint(fields=["shift", "qualification_type"],
                                    name="shift_need_one_per_qualification"),
            models.CheckConstraint(
                condition=Q(max_count__gte=F("assigned_count") + F("trainee_count")),
                name="shift_need_places_within_max"),
        ]

    def __str__(self):
        return self.describe(self.qualification_type.name if self.qualification_type_id else "",
                             self.min_count, self.max_count)

    @staticmethod
    def describe(qualification_name: str, min_count: int, max_count: int) -> str:
        """How a need is named on the pages ("Équipier (2–3)"), for a need read as values."""
        return f"{qualification_name or _('Participant')} ({min_count}–{max_count})"

    @property
    def code(self) -> str:
        """The qualification code, '' when anyone enrolled may take the place."""
        return self.qualification_type.code if self.qualification_type_id else ""

    @property
    def gap(self) -> int:
        """Qualified places missing to reach the minimum."""
        return max(0, self.min_count - self.assigned_count)

    @property
    def is_full(self) -> bool:
        return self.assigned_count + self.trainee_count >= self.max_count
