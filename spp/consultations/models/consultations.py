"""Consultations: a questionnaire in sections, the citizens' responses (drafts, then one
submission), the tallies kept with them, and the invitations to an evaluation questionnaire.

Invariants are enforced by the database: one response per person and consultation."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

USER = settings.AUTH_USER_MODEL


class Consultation(models.Model):
    """A call for contributions, or a service's evaluation questionnaire (``kind``)."""

    class Kind(models.TextChoices):
        CONSULTATION = "consultation", _("Consultation")
        EVALUATION = "evaluation", _("Questionnaire d’évaluation")

    class Audience(models.TextChoices):
        ANYONE = "anyone", _("Tout le monde (lecture libre, participation avec un compte)")
        SIGNED_IN = "signed_in", _("Personnes connectées")
        ENROLLED = "enrolled", _("Contributeurs inscrits au service")
        INVITED = "invited", _("Personnes invitées (contributeurs et personnes servies)")

    class Moderation(models.TextChoices):
        BEFORE = "before", _("Avant publication (a priori)")
        AFTER = "after", _("Après publication (a posteriori)")

    authority = models.ForeignKey("core.Organisation", verbose_name=_("autorité"),
                                  on_delete=models.PROTECT, related_name="consultations")
    service = models.ForeignKey("catalog.Service", verbose_name=_("service"), null=True,
                                blank=True, on_delete=models.PROTECT,
                                related_name="consultations")
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices,
                            default=Kind.CONSULTATION)
    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    context = models.TextField(_("contexte"), blank=True,
                               help_text=_("Texte enrichi (gras, listes, liens) ; le reste est "
                                           "retiré."))
    opens_at = models.DateTimeField(_("ouverture"))
    closes_at = models.DateTimeField(_("clôture"))
    results_at = models.DateTimeField(
        _("publication des résultats"), null=True, blank=True,
        help_text=_("Laissez vide pour publier les résultats dès la clôture ; sinon, l’analyse "
                    "des contributions se tient entre la clôture et cette date."))
    audience = models.CharField(_("qui peut participer"), max_length=20,
                                choices=Audience.choices, default=Audience.SIGNED_IN)
    moderation = models.CharField(_("modération"), max_length=10, choices=Moderation.choices,
                                  default=Moderation.AFTER)
    accepts_proposals = models.BooleanField(_("propositions ouvertes"), default=True)
    is_published = models.BooleanField(_("publiée"), default=False)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("consultation")
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")),
                                   name="consultation_closes_after_opening"),
            models.CheckConstraint(
                condition=Q(results_at__isnull=True) | Q(results_at__gte=models.F("closes_at")),
                name="consultation_results_after_closing"),
        ]
        indexes = [models.Index(fields=["service", "kind", "-opens_at"],
                                name="consultation_service_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("consultations:detail", args=[self.slug])

    def is_open(self, at=None) -> bool:
        at = at or timezone.now()
        return self.is_published and self.opens_at <= at < self.closes_at

    @property
    def has_closed(self) -> bool:
        return timezone.now() >= self.closes_at

    @property
    def results_published(self) -> bool:
        """Whether the results are out: from ``results_at`` if set, else from closing."""
        return timezone.now() >= (self.results_at or self.closes_at)

    def clean(self):
        super().clean()
        if self.results_at and self.closes_at and self.results_at < self.closes_at:
            raise ValidationError({"results_at": _("Les résultats ne peuvent être publiés "
                                                   "qu’après la clôture.")})

    @cached_property
    def has_questions(self) -> bool:
        return self.questions.exists()


class Section(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE,
                                     related_name="sections")
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("présentation"), blank=True)
    position = models.PositiveIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.title


class Question(models.Model):
    """One question. ``choices`` (a list of labels) serve the choice and ranking kinds; the
    scale kind goes from ``scale_min`` to ``scale_max``."""

    class Kind(models.TextChoices):
        FREE_TEXT = "free_text", _("Texte libre")
        SINGLE = "single_choice", _("Choix unique")
        MULTIPLE = "multiple_choice", _("Choix multiple")
        SCALE = "scale", _("Échelle")
        RANKING = "ranking", _("Classement")

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE,
                                     related_name="questions")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    label = models.CharField(_("intitulé"), max_length=300)
    help_text = models.CharField(_("aide"), max_length=300, blank=True)
    required = models.BooleanField(_("réponse obligatoire"), default=False)
    choices = models.JSONField(_("choix"), default=list, blank=True)
    scale_min = models.SmallIntegerField(_("minimum de l’échelle"), default=1)
    scale_max = models.SmallIntegerField(_("maximum de l’échelle"), default=5)
    position = models.PositiveIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["section__position", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(scale_max__gt=models.F("scale_min")),
                                   name="question_scale_max_above_min"),
        ]

    def __str__(self):
        return self.label

    @property
    def has_choices(self) -> bool:
        return self.kind in {self.Kind.SINGLE, self.Kind.MULTIPLE, self.Kind.RANKING}


class Response(models.Model):
    """A person's response: a draft, saved as often as they like, then submitted once."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        SUBMITTED = "submitted", _("Envoyée")

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE,
                                     related_name="responses")
    user = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL,
                             related_name="consultation_responses")
    status = models.CharField(_("état"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["consultation", "user"],
                                    name="response_one_per_person"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="response_submitted_has_date"),
        ]
        indexes = [models.Index(fields=["consultation", "status"], name="response_status_idx")]

    def __str__(self):
        return f"{self.consultation} — {self.get_status_display()}"


class Answer(models.Model):
    """The answer to one question: ``text`` (free text), ``choice`` (single choice),
    ``number`` (scale) or ``choices`` (multiple choice; ranking, in order)."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(blank=True)
    choice = models.CharField(max_length=200, blank=True)
    number = models.SmallIntegerField(null=True, blank=True)
    choices = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"],
                                    name="answer_one_per_question"),
        ]
        # A free-text question's answers, newest first, page by page (results).
        indexes = [models.Index(fields=["question", "-id"], name="answer_question_idx")]


    def __str__(self):
        return f"{self.question_id}: {self.text or self.choice or self.number or self.choices}"


class AnswerTally(models.Model):
    """The live results of one question, kept by ``tallies.add_response`` in the transaction
    that submits a response: how many submitted answers gave ``value`` (a choice's label, or a
    scale's number as text) and, for a ranking, the sum of the ranks given to it. The row whose
    value is empty (``RESPONDENTS``) counts the question's respondents. Reading the results is
    then one small query, whatever the number of answers."""

    RESPONDENTS = ""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="tallies")
    value = models.TextField(blank=True)
    count = models.PositiveIntegerField(default=0)
    rank_sum = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "value"], name="answer_tally_unique"),
        ]

    def __str__(self):
        return f"{self.question_id}: {self.value or '(respondents)'} = {self.count}"

class ConsultationTally(models.Model):
    """Counts of a whole consultation kept by the services that change them (``tallies``):
    responses submitted (``response_submit``) and proposals filed (``proposal_create``), so
    the results page never counts hundreds of thousands of rows."""

    SUBMITTED = "responses_submitted"
    PROPOSALS = "proposals_filed"

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE,
                                     related_name="tallies")
    name = models.CharField(max_length=40)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["consultation", "name"],
                                    name="consultation_tally_unique"),
        ]

    def __str__(self):
        return f"{self.consultation_id}: {self.name} = {self.count}"


class Invitation(models.Model):
    """Who was asked to answer an evaluation questionnaire (audience "invited")."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE,
                                     related_name="invitations")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["consultation", "user"], name="invitation_unique"),
        ]


    def __str__(self):
        return f"{self.user_id} → {self.consultation_id}"
