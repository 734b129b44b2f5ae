"""A carpool line: stops in order along a corridor, like a bus line whose vehicles are
citizens' own cars, and the line's dated tariff (what passengers share per kilometre, what the
authority adds per passenger-trip and its monthly cap per driver).

Trips run in both directions: ``outbound`` visits the stops by increasing position, ``return``
by decreasing position. The travel time and distance from the previous stop are the same both
ways, so a line needs one row per stop."""

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

INSEE_CODE = RegexValidator(r"^(\d{5}|2[AB]\d{3})$",
                            _("Un code INSEE de commune a cinq caractères (ex. 38563)."))


class Direction(models.TextChoices):
    OUTBOUND = "outbound", _("Aller")
    RETURN = "return", _("Retour")


class Line(models.Model):
    service = models.ForeignKey("catalog.Service", on_delete=models.PROTECT,
                                related_name="carpool_lines")
    code = models.SlugField(_("code"), max_length=40,
                            help_text=_("Court et stable : il figure dans les exports."))
    name = models.CharField(_("nom"), max_length=120)
    description = models.TextField(_("présentation"), blank=True)
    is_active = models.BooleanField(_("en service"), default=True)
    operates_from = models.TimeField(_("premier départ"), default="06:00")
    operates_until = models.TimeField(_("dernier départ"), default="20:00")
    waiting_minutes = models.PositiveSmallIntegerField(
        _("attente garantie (minutes)"), default=20,
        help_text=_("Sans conducteur trouvé dans ce délai, la solution de secours est appelée "
                    "(trajet garanti)."))
    fallback_name = models.CharField(
        _("solution de secours"), max_length=200, blank=True,
        help_text=_("Ex. « Taxi Voironnais, contrat de transport à la demande »."))
    fallback_webhook_url = models.URLField(
        _("adresse d’appel de la solution de secours"), blank=True,
        help_text=_("Reçoit la demande en JSON (POST). Vide : pas de trajet garanti."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ligne de covoiturage")
        verbose_name_plural = _("lignes de covoiturage")
        ordering = ["service", "name"]
        constraints = [
            models.UniqueConstraint(fields=["service", "code"], name="carpool_line_code_unique"),
            models.CheckConstraint(condition=Q(operates_until__gt=F("operates_from")),
                                   name="carpool_line_hours_ordered"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("carpool:line_detail", args=[self.service.slug, self.code])


class Stop(models.Model):
    line = models.ForeignKey(Line, on_delete=models.CASCADE, related_name="stops")
    position = models.PositiveSmallIntegerField(_("rang"))
    name = models.CharField(_("nom"), max_length=120)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)
    insee_code = models.CharField(_("code INSEE de la commune"), max_length=5,
                                  validators=[INSEE_CODE])
    minutes_from_previous = models.PositiveSmallIntegerField(
        _("minutes depuis l’arrêt précédent"), default=0)
    km_from_previous = models.DecimalField(
        _("km depuis l’arrêt précédent"), max_digits=6, decimal_places=2, default=0,
        validators=[MinValueValidator(0)])
    parking_places = models.PositiveSmallIntegerField(_("places de stationnement"), default=0)
    lighting = models.BooleanField(_("éclairé"), default=False)

    class Meta:
        verbose_name = _("arrêt")
        ordering = ["line", "position"]
        constraints = [
            models.UniqueConstraint(fields=["line", "position"], name="carpool_stop_position"),
            models.CheckConstraint(condition=Q(latitude__gte=-90, latitude__lte=90)
                                   & Q(longitude__gte=-180, longitude__lte=180),
                                   name="carpool_stop_position_on_earth"),
            models.CheckConstraint(condition=Q(km_from_previous__gte=0),
                                   name="carpool_stop_distance_positive"),
        ]

    def __str__(self):
        return self.name


class LineTariff(models.Model):
    """The line's money rules from a date: a new row when they change, never an edit, so that
    every journey is priced with the rules of its day (and the export says which)."""

    line = models.ForeignKey(Line, on_delete=models.CASCADE, related_name="tariffs")
    valid_from = models.DateField(_("applicable à partir du"))
    passenger_share_per_km = models.DecimalField(
        _("participation des passagers (€ par km et par place)"), max_digits=5, decimal_places=3,
        validators=[MinValueValidator(0)],
        help_text=_("Un partage des frais, jamais un prix : plafonnée par le coût du trajet "
                    "(barème kilométrique du véhicule, péages et stationnement)."))
    incentive_per_passenger = models.DecimalField(
        _("aide de l’autorité par passager transporté (€)"), max_digits=6, decimal_places=2,
        default=0, validators=[MinValueValidator(0)])
    monthly_incentive_cap = models.DecimalField(
        _("plafond mensuel de l’aide par conducteur (€)"), max_digits=8, decimal_places=2,
        default=0, validators=[MinValueValidator(0)])
    decided_by = models.CharField(
        _("décision"), max_length=300, blank=True,
        help_text=_("La délibération ou la décision qui fixe ces montants."))

    class Meta:
        verbose_name = _("règles de partage des frais")
        verbose_name_plural = _("règles de partage des frais")
        ordering = ["line", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["line", "valid_from"],
                                    name="carpool_tariff_one_per_day"),
            models.CheckConstraint(
                condition=Q(passenger_share_per_km__gte=0) & Q(incentive_per_passenger__gte=0)
                & Q(monthly_incentive_cap__gte=0), name="carpool_tariff_amounts_positive"),
        ]

    def __str__(self):
        return f"{self.line} — {self.valid_from:%d/%m/%Y}"
