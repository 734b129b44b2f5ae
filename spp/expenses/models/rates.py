"""Legal rate tables, as data: each table has the dates it is valid for and names the text it
comes from, so that a change of the law is a new row an admin adds, never a code change.

Three kinds are known: the public agents' mileage allowances (régie), the tax mileage scale
(an association's "abandon de frais") and the volunteer firefighters' hourly allowances."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class RateTable(models.Model):
    class Kind(models.TextChoices):
        AGENT_MILEAGE = "agent_mileage", _("Indemnités kilométriques des agents publics")
        TAX_MILEAGE = "tax_mileage", _("Barème kilométrique fiscal")
        SPV_HOURLY = "spv_hourly", _("Indemnités horaires des sapeurs-pompiers volontaires")

    class Method(models.TextChoices):
        PER_BAND = "per_band", _("Chaque kilomètre au taux de sa tranche de distance annuelle")
        WHOLE_DISTANCE = "whole_distance", _(
            "Distance annuelle × taux de sa tranche + montant fixe")
        HOURLY = "hourly", _("Taux horaire par grade, majorations non cumulables")

    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("nom"), max_length=200)
    method = models.CharField(_("mode de calcul"), max_length=20, choices=Method.choices)
    source = models.CharField(_("texte de référence"), max_length=300)
    source_url = models.URLField(_("adresse du texte"), blank=True)
    valid_from = models.DateField(_("valable à partir du"))
    valid_until = models.DateField(_("valable jusqu’au"), null=True, blank=True)
    electric_increase_percent = models.DecimalField(
        _("majoration des véhicules électriques (%)"), max_digits=5, decimal_places=2, default=0)
    sunday_holiday_increase_percent = models.DecimalField(
        _("majoration des dimanches et jours fériés (%)"), max_digits=5, decimal_places=2,
        default=0)
    night_increase_percent = models.DecimalField(
        _("majoration de nuit (%)"), max_digits=5, decimal_places=2, default=0)
    night_starts = models.TimeField(_("début de la nuit"), null=True, blank=True)
    night_ends = models.TimeField(_("fin de la nuit"), null=True, blank=True)

    class Meta:
        verbose_name = _("barème")
        ordering = ["kind", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "valid_from"], name="rate_table_one_per_start"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="rate_table_dates_ordered"),
        ]

    def __str__(self):
        return f"{self.name} ({self.valid_from:%d/%m/%Y})"


class MileageBracket(models.Model):
    """One vehicle class's rate over one band of the distance travelled in the year.
    ``distance_to_km`` empty means "and beyond"."""

    table = models.ForeignKey(RateTable, on_delete=models.CASCADE, related_name="brackets")
    vehicle_class = models.CharField(_("catégorie de véhicule"), max_length=20)
    vehicle_label = models.CharField(_("libellé du véhicule"), max_length=100)
    distance_from_km = models.PositiveIntegerField(_("de (km par an)"))
    distance_to_km = models.PositiveIntegerField(_("à (km par an)"), null=True, blank=True)
    rate_per_km = models.DecimalField(_("taux par km (€)"), max_digits=6, decimal_places=3)
    fixed_amount = models.DecimalField(_("montant fixe (€)"), max_digits=8, decimal_places=2,
                                       default=0)

    class Meta:
        verbose_name = _("tranche kilométrique")
        ordering = ["table", "vehicle_class", "distance_from_km"]
        constraints = [
            models.UniqueConstraint(fields=["table", "vehicle_class", "distance_from_km"],
                                    name="mileage_bracket_unique_start"),
            models.CheckConstraint(
                condition=Q(distance_to_km__isnull=True)
                | Q(distance_to_km__gt=F("distance_from_km")),
                name="mileage_bracket_ordered"),
        ]

    def __str__(self):
        return f"{self.vehicle_label} {self.distance_from_km}–{self.distance_to_km or '∞'} km"


class HourlyRate(models.Model):
    """A grade's hourly allowance. ``qualification_code`` links the grade to the qualification
    type that proves it (the catalog's ``QualificationType.code``)."""

    table = models.ForeignKey(RateTable, on_delete=models.CASCADE, related_name="hourly_rates")
    grade = models.CharField(_("grade"), max_length=100)
    qualification_code = models.CharField(_("code de la qualification"), max_length=50)
    rate = models.DecimalField(_("taux horaire (€)"), max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = _("taux horaire")
        ordering = ["table", "-rate"]
        constraints = [models.UniqueConstraint(fields=["table", "qualification_code"],
                                               name="hourly_rate_one_per_grade")]

    def __str__(self):
        return f"{self.grade} — {self.rate} €/h"
