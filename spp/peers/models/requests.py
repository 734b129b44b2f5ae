"""A request for accompaniment, its proposals to experts, the sessions held and its event log.

A request holds the least that works: a domain (never a diagnosis), preferences, and the
requester's contact details, ENCRYPTED at rest (``spp.peers.crypto``) and blanked by the
retention purge once the request has been closed long enough. The database refuses a request
without the requester's consent to share it with the matched expert."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from spp.peers.crypto import EncryptedTextField
from spp.peers.models.experts import Language, Mode

PERSONAL_FIELDS = ("first_name", "phone", "email", "availability")


class PeerRequest(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("Nouvelle")
        PROPOSED = "proposed", _("Proposée à un pair")
        MATCHED = "matched", _("Pair trouvé")
        CLOSED = "closed", _("Clôturée")

    OPEN = (Status.NEW, Status.PROPOSED, Status.MATCHED)

    service = models.ForeignKey("catalog.Service", on_delete=models.PROTECT,
                                related_name="peer_requests")
    requester = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="peer_requests")
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="peer_referrals")
    domain = models.ForeignKey("peers.Domain", verbose_name=_("domaine"),
                               on_delete=models.PROTECT, related_name="requests")
    preferred_language = models.CharField(_("langue souhaitée"), max_length=5,
                                          choices=Language.choices, default=Language.FRENCH)
    preferred_mode = models.CharField(_("rencontre souhaitée"), max_length=10,
                                      choices=Mode.choices, default=Mode.PHONE)
    commune = models.ForeignKey("core.Commune", verbose_name=_("commune"), null=True,
                                blank=True, on_delete=models.PROTECT, related_name="+")
    first_name = EncryptedTextField(_("prénom"), blank=True)
    phone = EncryptedTextField(_("téléphone"), blank=True)
    email = EncryptedTextField(_("courriel"), blank=True)
    availability = EncryptedTextField(_("disponibilités"), blank=True)
    consent_given_at = models.DateTimeField(_("consentement donné le"), null=True)
    status = models.CharField(_("état"), max_length=10, choices=Status.choices,
                              default=Status.NEW)
    expert = models.ForeignKey("peers.ExpertProfile", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="matched_requests")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    personal_purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("demande d’accompagnement")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(consent_given_at__isnull=False),
                                   name="peers_request_needs_consent"),
            models.CheckConstraint(
                condition=Q(status="matched", expert__isnull=False) | ~Q(status="matched"),
                name="peers_matched_request_has_expert"),
            models.CheckConstraint(condition=~Q(preferred_mode="in_person")
                                   | Q(commune__isnull=False),
                                   name="peers_in_person_request_needs_commune"),
        ]
        indexes = [
            models.Index(fields=["service", "status", "created_at"], name="peers_queue_idx"),
            models.Index(fields=["status", "closed_at"], name="peers_closed_idx"),
        ]

    def __str__(self):
        return f"Demande n° {self.pk} — {self.domain}"

    def get_absolute_url(self):
        return reverse("peers:request_detail", args=[self.pk])


class RequestEvent(models.Model):
    """One change of a request's status, by whom, with an optional note (never clinical)."""

    request = models.ForeignKey(PeerRequest, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    note = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.request_id}: {self.from_status} → {self.to_status}"


class Proposal(models.Model):
    """A coordinator's proposal of one expert for a request, with the score and its parts as
    the coordinator saw them. At most one is waiting per request (the database decides)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("En attente de réponse")
        ACCEPTED = "accepted", _("Acceptée")
        DECLINED = "declined", _("Déclinée")

    request = models.ForeignKey(PeerRequest, on_delete=models.CASCADE, related_name="proposals")
    expert = models.ForeignKey("peers.ExpertProfile", on_delete=models.CASCADE,
                               related_name="proposals")
    score = models.PositiveSmallIntegerField(_("score"))
    explanation = models.JSONField(_("détail du score"), default=list)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("proposition")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["request"],
                                               condition=Q(status="proposed"),
                                               name="peers_one_waiting_proposal")]
        indexes = [models.Index(fields=["expert", "status"], name="peers_proposal_expert_idx")]

    def __str__(self):
        return f"{self.request} → {self.expert}"


class PeerSession(models.Model):
    """A session held: when, how long, how. No clinical content, by design: no notes field."""

    request = models.ForeignKey(PeerRequest, on_delete=models.PROTECT, related_name="sessions")
    expert = models.ForeignKey("peers.ExpertProfile", on_delete=models.PROTECT,
                               related_name="sessions")
    held_on = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(_("durée (minutes)"))
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices)
    logged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("séance")
        ordering = ["-held_on", "-id"]
        constraints = [models.CheckConstraint(
            condition=Q(duration_minutes__gte=5, duration_minutes__lte=480),
            name="peers_session_duration_bounded")]

    def __str__(self):
        return f"{self.request} — {self.held_on:%d/%m/%Y}"
