"""Citizen reports: categories (routed to an organisation and team), reports, their photos,
supporters, confirmations and the event log that holds public updates and internal notes."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud on the phone


def new_reference() -> str:
    """A public reference such as ``SIG-7K4Q-9XZ2``: short, unguessable, unambiguous."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"SIG-{chars[:4]}-{chars[4:]}"


class Category(models.Model):
    """A kind of anomaly in a service (pothole, faded marking…). It routes reports to the
    organisation and team that handle them, and is an Open311 "service" (``code``)."""

    service = models.ForeignKey("catalog.Service", on_delete=models.CASCADE,
                                related_name="report_categories")
    code = models.SlugField(_("code"), max_length=60, unique=True,
                            help_text=_("Identifiant public (service_code Open311)."))
    name = models.CharField(_("nom"), max_length=120)
    description = models.CharField(_("description"), max_length=300, blank=True)
    group = models.CharField(_("groupe"), max_length=80, blank=True)
    keywords = models.CharField(_("mots-clés"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "core.Organisation", verbose_name=_("organisation responsable"), on_delete=models.PROTECT,
        related_name="report_categories")
    team = models.CharField(_("équipe"), max_length=120, blank=True)
    target_days = models.PositiveSmallIntegerField(_("délai cible de résolution (jours)"),
                                                   default=15)
    attributes = models.JSONField(
        _("attributs (Open311)"), default=list, blank=True,
        help_text=_("Liste d’attributs : code, datatype, required, description, order, values."))
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("catégorie de signalement")
        verbose_name_plural = _("catégories de signalement")
        ordering = ["service", "order", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        """Reports go to the service's authority or to its operator: nobody else can reach the
        service's back-office."""
        from django.core.exceptions import ValidationError

        if self.service_id and self.organisation_id and self.organisation_id not in {
                self.service.authority_id, self.service.operator_id}:
            raise ValidationError({"organisation": _(
                "Choisissez l’autorité du service ou son opérateur délégataire.")})
        from spp.reports.attributes import DATATYPES

        for attribute in self.attributes or []:
            if not isinstance(attribute, dict) or not attribute.get("code") or (
                    attribute.get("datatype", "string") not in DATATYPES):
                raise ValidationError({"attributes": _(
                    "Chaque attribut a un code et un type parmi : %(types)s.")
                    % {"types": ", ".join(sorted(DATATYPES))}})


class Report(models.Model):
    """One anomaly reported by a citizen (signed in, or with an email address only)."""

    class Status(models.TextChoices):
        NEW = "new", _("Nouveau")
        ACKNOWLEDGED = "acknowledged", _("Pris en compte")
        IN_PROGRESS = "in_progress", _("En cours de traitement")
        RESOLVED = "resolved", _("Résolu")
        REJECTED = "rejected", _("Rejeté")
        DUPLICATE = "duplicate", _("Doublon")

    class Source(models.TextChoices):
        WEB = "web", _("Site")
        OPEN311 = "open311", _("Open311")
        DEMO = "demo", _("Démonstration")

    reference = models.CharField(_("référence"), max_length=20, unique=True,
                                 default=new_reference, editable=False)
    service = models.ForeignKey("catalog.Service", on_delete=models.PROTECT,
                                related_name="reports")
    category = models.ForeignKey(Category, verbose_name=_("catégorie"), on_delete=models.PROTECT,
                                 related_name="reports")
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    address = models.CharField(_("adresse ou repère"), max_length=255, blank=True)
    description = models.TextField(_("description"), max_length=2000)
    attribute_values = models.JSONField(default=dict, blank=True)
    status = models.CharField(_("état"), max_length=20, choices=Status.choices,
                              default=Status.NEW)
    duplicate_of = models.ForeignKey("self", verbose_name=_("doublon de"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="duplicates")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="reports")
    reporter_email = models.EmailField(_("courriel du déclarant"), blank=True)
    # Set when the person who filed it is erased: the report stays, for the public, without
    # its author (spp/reports/erasure.py).
    reporter_erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.WEB)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("agent chargé"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="assigned_reports",
        help_text=_("Un membre de l’organisation de la catégorie ou de l’autorité du service ; "
                    "vide : toute l’équipe."))
    target_date = models.DateField(_("date cible"), null=True, blank=True)
    status_note = models.TextField(
        _("message du dernier changement d’état"), blank=True, default="", db_default="",
        help_text=_("Public (Open311 status_notes) ; copie du dernier message pour lire une "
                    "liste sans parcourir le journal."))
    support_count = models.PositiveIntegerField(_("appuis"), default=0)
    resolution_round = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(_("déposé le"), default=timezone.now)
    updated_at = models.DateTimeField(_("mis à jour le"), default=timezone.now)
    resolved_at = models.DateTimeField(_("résolu le"), null=True, blank=True)

    class Meta:
        verbose_name = _("signalement")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(latitude__gte=-90, latitude__lte=90)
                                   & Q(longitude__gte=-180, longitude__lte=180),
                                   name="report_coordinates_valid"),
            models.CheckConstraint(condition=~Q(status="duplicate") | Q(duplicate_of__isnull=False),
                                   name="report_duplicate_has_original"),
            # Web reports need a person to follow up with (until that person is erased);
            # Open311 clients may send none.
            models.CheckConstraint(condition=Q(reporter__isnull=False) | ~Q(reporter_email="")
                                   | ~Q(source="web") | Q(reporter_erased_at__isnull=False),
                                   name="report_has_reporter"),
        ]
        indexes = [
            # Duplicate detection: same category, latitude range, then longitude in the index.
            models.Index(fields=["category", "latitude", "longitude"], name="report_dup_idx"),
            # Map viewport: a small bounding box over every category…
            models.Index(fields=["latitude", "longitude"], name="report_bbox_idx"),
            # …or a wide one: a service's reports newest first, each entry with its
            # coordinates, so that the reports outside the box are skipped in the index.
            models.Index(fields=["service", "-id"], include=["latitude", "longitude"],
                         name="report_map_walk_idx"),
            # Agents' queue (open reports, oldest or newest first) and Open311 date windows.
            models.Index(fields=["service", "created_at"], name="report_open_queue_idx",
                         condition=Q(status__in=["new", "acknowledged", "in_progress"])),
            models.Index(fields=["service", "status", "created_at"], name="report_queue_idx"),
            # A service's requests newest first whatever their status: Open311 searches (a
            # client polling up to now), the public list and the queue's "all" filter.
            models.Index(fields=["service", "-created_at", "-id"],
                         name="report_service_recent_idx"),
            models.Index(fields=["created_at"], name="report_created_idx"),
        ]

    def __str__(self):
        return f"{self.reference} — {self.category}"

    def get_absolute_url(self):
        return reverse("reports:report_detail", args=[self.reference])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


OPEN_STATUSES = (Report.Status.NEW, Report.Status.ACKNOWLEDGED, Report.Status.IN_PROGRESS)


def photo_path(instance, filename):
    return f"reports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.jpg"


class Photo(models.Model):
    """A photo of a report, re-encoded by the platform (no metadata survives: see photos.py)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to=photo_path, width_field="width", height_field="height")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.image.name


class Supporter(models.Model):
    """A person who says "me too" on a report: counted once (the database decides)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="supporters")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.CASCADE, related_name="report_supports")
    email = models.EmailField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "user"], condition=Q(user__isnull=False),
                                    name="supporter_one_per_user"),
            models.UniqueConstraint(fields=["report", "email"], condition=~Q(email=""),
                                    name="supporter_one_per_email"),
            models.CheckConstraint(condition=Q(user__isnull=False) | ~Q(email=""),
                                   name="supporter_identified"),
        ]

    def __str__(self):
        return f"{self.report_id}: {self.user_id or self.email}"


class Confirmation(models.Model):
    """A citizen's word after resolution: fixed, or still there (which reopens the report)."""

    class Outcome(models.TextChoices):
        FIXED = "fixed", _("C’est réparé")
        STILL_THERE = "still_there", _("Le problème est toujours là")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="confirmations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="report_confirmations")
    resolution_round = models.PositiveSmallIntegerField()
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "user", "resolution_round"],
                                    name="confirmation_once_per_resolution"),
        ]

    def __str__(self):
        return f"{self.report_id}: {self.outcome}"


class ReportEvent(models.Model):
    """The event log of a report: status changes, public updates, internal notes, supports,
    confirmations. ``public`` events show on the follow-up page; the others only to agents."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Signalement déposé")
        STATUS = "status", _("Changement d’état")
        UPDATE = "update", _("Information publique")
        NOTE = "note", _("Note interne")
        TARGET = "target", _("Date cible")
        SUPPORT = "support", _("Appui")
        CONFIRMATION = "confirmation", _("Confirmation")
        CATEGORY = "category", _("Changement de catégorie")
        ASSIGNMENT = "assignment", _("Attribution")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    body = models.TextField(blank=True)
    public = models.BooleanField(default=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["report", "created_at"], name="report_event_idx")]

    def __str__(self):
        return f"{self.report_id}: {self.kind}"

    def to_status_label(self) -> str:
        return Report.Status(self.to_status).label if self.to_status else ""


class ServiceSettings(models.Model):
    """A service's report settings, set by its coordinators (absent: the defaults)."""

    service = models.OneToOneField("catalog.Service", on_delete=models.CASCADE,
                                   related_name="report_settings")
    confirm_visitor_reports = models.BooleanField(
        _("confirmer par courriel les signalements des visiteurs"), default=False,
        help_text=_("Un visiteur sans compte reçoit un lien : son signalement n’est enregistré, "
                    "visible et transmis qu’une fois ce lien ouvert."))

    class Meta:
        verbose_name = _("réglages des signalements d’un service")

    def __str__(self):
        return str(self.service_id)


class PendingReport(models.Model):
    """A visitor's report waiting for its email confirmation. It is not a Report: nothing
    public (pages, map, Open311, queue) can show it. Confirming files it through
    services.report_create; an unconfirmed one expires with its held photos (24 h)."""

    service = models.ForeignKey("catalog.Service", on_delete=models.CASCADE,
                                related_name="pending_reports")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")
    latitude = models.FloatField()
    longitude = models.FloatField()
    address = models.CharField(max_length=255, blank=True)
    description = models.TextField(max_length=2000)
    attribute_values = models.JSONField(default=dict, blank=True)
    email = models.EmailField()
    held_photos = models.TextField(blank=True, help_text="photos.hold's signed token")
    report = models.OneToOneField(Report, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.email} ({self.created_at:%Y-%m-%d})"
