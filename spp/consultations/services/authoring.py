"""Agents build consultations: the consultation itself, its sections and questions, and, for
an evaluation questionnaire, the invitations sent to contributors and to the people served.

The context's rich text is sanitised here (nh3), once, on every save."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from spp.catalog import permissions as catalog_permissions
from spp.catalog.models import Enrolment
from spp.consultations import permissions
from spp.consultations.models import Consultation, Invitation, Question, Section
from spp.consultations.richtext import sanitise
from spp.core import permissions as core_permissions
from spp.core.services import audit_record, notification_send

CONSULTATION_FIELDS = ["title", "slug", "context", "opens_at", "closes_at", "results_at",
                       "audience",
                       "moderation", "accepts_proposals", "is_published", "kind"]


def _check_scope(actor, *, authority, service) -> None:
    if actor is None:
        return
    allowed = (catalog_permissions.manages_service(actor, service) if service is not None
               else core_permissions.is_member_of(actor, authority.pk))
    if not allowed:
        raise PermissionDenied


def consultation_create(*, actor, authority=None, service=None, **fields) -> Consultation:
    """Create a consultation for ``service`` (its managers) or for ``authority`` (its members).
    ``actor=None`` is for setup scripts (the demo)."""
    authority = service.authority if service is not None else authority
    _check_scope(actor, authority=authority, service=service)
    consultation = Consultation(authority=authority, service=service, created_by=actor,
                                **{k: v for k, v in fields.items() if k in CONSULTATION_FIELDS})
    consultation.context = sanitise(consultation.context)
    if consultation.audience == Consultation.Audience.ENROLLED and service is None:
        raise ValidationError({"audience": _("Seule la consultation d’un service peut être "
                                             "réservée à ses contributeurs.")})
    consultation.full_clean(exclude=["created_by"])
    with transaction.atomic():
        consultation.save()
        audit_record(actor=actor, action="consultation.create", target=consultation,
                     organisation=authority)
    return consultation


def consultation_update(*, actor, consultation: Consultation, **fields) -> Consultation:
    if actor is not None and not permissions.manages_consultation(actor, consultation):
        raise PermissionDenied
    changed = [name for name in CONSULTATION_FIELDS if name in fields]
    for name in changed:
        setattr(consultation, name, fields[name])
    consultation.context = sanitise(consultation.context)
    consultation.full_clean(exclude=["created_by"])
    with transaction.atomic():
        consultation.save(update_fields=changed)
        audit_record(actor=actor, action="consultation.update", target=consultation,
                     organisation=consultation.authority, data={"fields": changed})
    return consultation


def section_create(*, actor, consultation: Consultation, title: str, description: str = "",
                   position: int | None = None) -> Section:
    if actor is not None and not permissions.manages_consultation(actor, consultation):
        raise PermissionDenied
    if position is None:
        position = consultation.sections.count() + 1
    section = Section(consultation=consultation, title=title, description=description,
                      position=position)
    section.full_clean()
    section.save()
    return section


def _clean_choices(kind: str, choices) -> list[str]:
    cleaned = [str(choice).strip() for choice in (choices or []) if str(choice).strip()]
    if kind in {Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.RANKING}:
        if len(cleaned) < 2:
            raise ValidationError({"choices": _("Indiquez au moins deux choix, un par ligne.")})
        if len(set(cleaned)) != len(cleaned):
            raise ValidationError({"choices": _("Chaque choix doit être différent.")})
        if any(len(choice) > 200 for choice in cleaned):
            raise ValidationError({"choices": _("Un choix compte au plus 200 caractères.")})
        return cleaned
    return []


def question_save(*, actor, section: Section, kind: str, label: str, required: bool = False,
                  help_text: str = "", choices=None, scale_min: int = 1, scale_max: int = 5,
                  position: int | None = None, question: Question | None = None) -> Question:
    """Create (or, given ``question``, change) a question of ``section``. Changing the choices
    of a question already answered would corrupt the results: it is refused."""
    consultation = section.consultation
    if actor is not None and not permissions.manages_consultation(actor, consultation):
        raise PermissionDenied
    choices = _clean_choices(kind, choices)
    if question is None:
        question = Question(consultation=consultation, section=section)
        question.position = position or consultation.questions.count() + 1
    elif question.answers.exists() and (question.kind != kind or question.choices != choices):
        raise ValidationError(_("Des personnes ont déjà répondu : le type et les choix de cette "
                                "question ne peuvent plus changer."))
    question.kind, question.label, question.required = kind, label, required
    question.help_text, question.choices = help_text, choices
    question.scale_min, question.scale_max = scale_min, scale_max
    if position is not None:
        question.position = position
    question.full_clean()
    question.save()
    return question


def evaluation_send(*, actor, consultation: Consultation, served_people=()) -> int:
    """Invite the service's active contributors and the people it served to answer an
    evaluation questionnaire; each is notified once. Returns the number of new invitations."""
    if consultation.kind != Consultation.Kind.EVALUATION or consultation.service_id is None:
        raise ValidationError(_("Seul un questionnaire d’évaluation d’un service s’envoie ainsi."))
    if actor is not None and not permissions.manages_consultation(actor, consultation):
        raise PermissionDenied
    contributors = [e.user for e in consultation.service.enrolments
                    .filter(status=Enrolment.Status.ACTIVE).select_related("user")]
    people = {person.pk: person for person in [*contributors, *served_people]}
    already = set(consultation.invitations.values_list("user_id", flat=True))
    created = 0
    with transaction.atomic():
        for person in people.values():
            if person.pk in already:
                continue
            Invitation.objects.create(consultation=consultation, user=person)
            notification_send(
                recipient=person,
                title=_("Votre avis sur « %(service)s »") % {"service": consultation.service.name},
                body=_("Quelques questions pour améliorer le service : « %(title)s ».")
                % {"title": consultation.title},
                url=consultation.get_absolute_url())
            created += 1
        audit_record(actor=actor, action="consultation.evaluation_send", target=consultation,
                     organisation=consultation.authority, data={"invited": created})
    return created
