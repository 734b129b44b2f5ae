"""The dashboards' and the public pages' figures, one row per scope and period.

The ledger holds one row per act (ten million at the full scale): summing it on every page
view would make each dashboard as slow as the ledger is long. A scheduled task
(``spp.impact.services.refresh``) computes the figures instead, for each authority and each
of its services, per month, quarter and year, and replaces the rows of the years it
recomputed; pages read a few dozen rows and show when they were computed
(``FiguresRefresh``). Distinct counts (contributors) cannot be added up from months to a
year, which is why quarters and years are rows of their own."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PeriodFigures(models.Model):
    class Period(models.TextChoices):
        MONTH = "month", _("mois")
        QUARTER = "quarter", _("trimestre")
        YEAR = "year", _("année")

    authority = models.ForeignKey("core.Organisation", on_delete=models.CASCADE,
                                  related_name="impact_figures")
    # None: the whole authority (each distinct count counted once across its services).
    service = models.ForeignKey("catalog.Service", null=True, blank=True,
                                on_delete=models.CASCADE, related_name="impact_figures")
    period = models.CharField(max_length=10, choices=Period.choices)
    starts_on = models.DateField()
    ends_on = models.DateField()  # the period's last day

    contributors = models.PositiveIntegerField(default=0)
    acts = models.IntegerField(default=0)
    hours = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    shifts_held = models.IntegerField(default=0)
    call_outs = models.IntegerField(default=0)
    shifts_planned = models.PositiveIntegerField(default=0)
    shifts_fully_staffed = models.PositiveIntegerField(default=0)
    reports_filed = models.PositiveIntegerField(default=0)
    reports_resolved = models.PositiveIntegerField(default=0)
    resolution_hours_median = models.DecimalField(max_digits=10, decimal_places=1, null=True,
                                                  blank=True)
    journeys = models.IntegerField(default=0)
    km_shared = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    km_avoided = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    co2_kg_avoided = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    peer_sessions = models.IntegerField(default=0)
    peer_hours = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    consultation_contributions = models.IntegerField(default=0)
    consultation_participants = models.PositiveIntegerField(default=0)
    indemnities_paid = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    indemnity_budget = models.DecimalField(max_digits=14, decimal_places=2, null=True,
                                           blank=True)
    value_estimate = models.DecimalField(max_digits=16, decimal_places=2, default=0)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["authority", "service", "period", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "service", "period", "starts_on"],
                                    name="impact_figures_one_row_per_service_period"),
            models.UniqueConstraint(fields=["authority", "period", "starts_on"],
                                    condition=Q(service__isnull=True),
                                    name="impact_figures_one_row_per_authority_period"),
        ]
        indexes = [models.Index(fields=["service", "period", "starts_on"],
                                name="impact_figures_service_idx")]

    def __str__(self):
        return f"{self.authority_id}/{self.service_id or '*'} {self.period} {self.starts_on}"


class FiguresRefresh(models.Model):
    """One run of the refresh task: the pages show the last finished run's time, so a reader
    knows how fresh the figures are."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    years = models.CharField(max_length=200, blank=True)
    rows_written = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["-finished_at"], name="impact_refresh_finished_idx")]

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M} ({self.years})"


class EmissionFactor(models.Model):
    """The kg of CO2 equivalent a car emits per km, dated and sourced like every figure the
    platform computes with (an admin adds a row when the reference changes)."""

    kg_co2e_per_km = models.DecimalField(_("kg CO₂e par km"), max_digits=6, decimal_places=4)
    source = models.CharField(_("source"), max_length=300)
    valid_from = models.DateField(_("valable à partir du"))

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("facteur d’émission")
        verbose_name_plural = _("facteurs d’émission")
        constraints = [
            models.UniqueConstraint(fields=["valid_from"], name="emission_factor_one_per_day"),
            models.CheckConstraint(condition=Q(kg_co2e_per_km__gt=0),
                                   name="emission_factor_positive"),
        ]

    def __str__(self):
        return f"{self.kg_co2e_per_km} kg CO₂e/km ({self.valid_from})"
