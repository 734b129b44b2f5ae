"""What a service offers for peer support: its domains of expertise, its retention setting,
and the experts' profiles (where, how and how often each can accompany someone).

An expert's position is the one of their home commune, copied on the profile with an index on
``(service, latitude, longitude)``: ranking in-person experts starts with a bounding box on
those columns, so the database hands over only the experts near the request, whatever their
number (``selectors/matching.py``). Modes are three boolean columns, not a list, for the same
reason: the SQL filters on them."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

# The largest radius an expert may give: the bounding box of a search is this wide at most.
MAX_RADIUS_KM = 100
DEFAULT_RETENTION_DAYS = 365


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("En personne")
    PHONE = "phone", _("Par téléphone")
    VIDEO = "video", _("En visioconférence")


class Language(models.TextChoices):
    FRENCH = "fr", _("Français")
    ENGLISH = "en", _("Anglais")
    ARABIC = "ar", _("Arabe")
    SPANISH = "es", _("Espagnol")
    PORTUGUESE = "pt", _("Portugais")
    ITALIAN = "it", _("Italien")
    TURKISH = "tr", _("Turc")
    SIGN = "lsf", _("Langue des signes française")


def languages_column(codes) -> str:
    """The ``languages`` column for a list of codes."""
    return "," + ",".join(dict.fromkeys(codes)) + "," if codes else ""


class Domain(models.Model):
    """A domain of expertise the service defines ("Diabète de type 2"): a request names one,
    never a diagnosis."""

    service = models.ForeignKey("catalog.Service", on_delete=models.CASCADE,
                                related_name="peer_domains")
    name = models.CharField(_("domaine"), max_length=120)
    is_active = models.BooleanField(_("proposé"), default=True)

    class Meta:
        verbose_name = _("domaine d’expertise")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["service", "name"],
                                               name="peers_domain_unique_per_service")]

    def __str__(self):
        return self.name


class PeerSettings(models.Model):
    """A service's peer-support settings: how long the personal fields of a closed request
    are kept (``manage.py peers_purge``). Without a row, DEFAULT_RETENTION_DAYS."""

    service = models.OneToOneField("catalog.Service", on_delete=models.CASCADE,
                                   related_name="peer_settings")
    retention_days = models.PositiveIntegerField(
        _("conservation après clôture (jours)"), default=DEFAULT_RETENTION_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(3650)])

    class Meta:
        verbose_name = _("réglages de l’accompagnement par les pairs")

    def __str__(self):
        return f"{self.service} — {self.retention_days} j"


class ExpertProfile(models.Model):
    """A certified peer's offer in one service. ``load`` (requests they accepted and that are
    still open) is kept by the services in the same transaction as the acceptance and the
    closing, and the database holds it within ``0..weekly_capacity``."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="peer_profiles")
    service = models.ForeignKey("catalog.Service", on_delete=models.CASCADE,
                                related_name="peer_experts")
    domains = models.ManyToManyField(Domain, verbose_name=_("domaines"), related_name="experts")
    # Codes between commas (",fr,ar,"): "speaks ar" is a LIKE '%,ar,%' on any database.
    languages = models.CharField(_("langues"), max_length=60, default=",fr,")
    in_person = models.BooleanField(_("en personne"), default=True)
    by_phone = models.BooleanField(_("par téléphone"), default=True)
    by_video = models.BooleanField(_("en visioconférence"), default=False)
    commune = models.ForeignKey("core.Commune", verbose_name=_("commune"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    radius_km = models.PositiveSmallIntegerField(
        _("distance maximale (km)"), default=20,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_RADIUS_KM)])
    latitude = models.FloatField(null=True, blank=True, editable=False)
    longitude = models.FloatField(null=True, blank=True, editable=False)
    weekly_capacity = models.PositiveSmallIntegerField(
        _("personnes accompagnées à la fois"), default=2,
        validators=[MinValueValidator(1), MaxValueValidator(20)])
    load = models.PositiveSmallIntegerField(default=0, editable=False)
    # The share of the capacity still free, in percent, computed by the database at each
    # write: the ranking walks the ``peers_expert_room_idx`` index best-first and stops early.
    room_share = models.GeneratedField(
        expression=(F("weekly_capacity") - F("load")) * 100 / F("weekly_capacity"),
        output_field=models.PositiveSmallIntegerField(), db_persist=True)
    is_active = models.BooleanField(_("disponible"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("profil de pair")
        constraints = [
            models.UniqueConstraint(fields=["user", "service"], name="peers_one_profile"),
            models.CheckConstraint(condition=Q(load__lte=F("weekly_capacity")),
                                   name="peers_load_within_capacity"),
            models.CheckConstraint(condition=Q(in_person=False) | Q(commune__isnull=False),
                                   name="peers_in_person_needs_commune"),
        ]
        indexes = [models.Index(fields=["service", "latitude", "longitude"],
                                name="peers_expert_position_idx"),
                   models.Index(fields=["service", "-room_share", "id"],
                                name="peers_expert_room_idx")]

    def __str__(self):
        return f"{self.user} — {self.service}"

    def save(self, *args, **kwargs):
        """The position follows the commune (the bounding box reads these columns)."""
        if self.commune_id:
            self.latitude, self.longitude = self.commune.latitude, self.commune.longitude
        else:
            self.latitude = self.longitude = None
        super().save(*args, **kwargs)

    @property
    def language_codes(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]

    @property
    def modes(self) -> list[str]:
        offered = ((Mode.IN_PERSON, self.in_person), (Mode.PHONE, self.by_phone),
                   (Mode.VIDEO, self.by_video))
        return [mode.value for mode, on in offered if on]

    def offers(self, mode: str) -> bool:
        return mode in self.modes

    @property
    def remaining(self) -> int:
        return max(self.weekly_capacity - self.load, 0)
