"""Demo data of the consultations app, called by ``manage.py seed_demo``: the white paper's own
call for contributions (about 240 respondents, 300 proposals, supports, comments, one hidden
proposal and one open abuse report) and the crèche's evaluation questionnaire.

Idempotent: each consultation is built only when its slug is absent. The consultations,
questions, moderation and evaluation invitations go through the services; the mass of
answers, proposals and supports is bulk-inserted (with their ledger rows), so seeding stays
fast."""

from datetime import timedelta

from django.utils import timezone

from spp.consultations.demo import content as text
from spp.consultations.models import Consultation
from spp.consultations.services import (
    consultation_create,
    evaluation_send,
    question_save,
    section_create,
)

WHITE_PAPER_SLUG = "livre-blanc-spp"
CRECHE_EVALUATION_SLUG = "evaluation-creche-ptits-loups"
EXTRA_CONTRIBUTORS = 200


def _build(actor, service, slug, title, context, sections, **fields) -> Consultation:
    now = timezone.now()
    consultation = consultation_create(
        actor=actor, service=service, title=title, slug=slug, context=context,
        opens_at=fields.pop("opens_at", now - timedelta(days=30)),
        closes_at=fields.pop("closes_at", now + timedelta(days=30)), is_published=True, **fields)
    for position, (section_title, description, questions) in enumerate(sections, start=1):
        section = section_create(actor=actor, consultation=consultation, title=section_title,
                                 description=description, position=position)
        for kind, label, required, choices in questions:
            question_save(actor=actor, section=section, kind=kind, label=label,
                          required=required, choices=choices)
    return consultation


def _contributors(context) -> list:
    """The 40 demo citizens and 200 more accounts (bulk-created, sharing the demo password)."""
    from spp.core.demo import _demo_password_hash
    from spp.core.models import User

    emails = [f"contributeur{n:03d}@spp.demo" for n in range(1, EXTRA_CONTRIBUTORS + 1)]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    first, last = ["Alix", "Basile", "Céline", "Dorian", "Eva", "Fanny", "Gaël", "Hélène"], [
        "Arnaud", "Blanc", "Chevalier", "Faure", "Gauthier", "Mercier", "Perrin", "Roche"]
    User.objects.bulk_create([
        User(email=email, first_name=first[n % 8], last_name=last[(n * 3) % 8],
             password=_demo_password_hash())
        for n, email in enumerate(emails) if email not in existing])
    return [*context.citizens, *User.objects.filter(email__in=emails).order_by("email")]


def seed(context) -> None:
    if not Consultation.objects.filter(slug=WHITE_PAPER_SLUG).exists():
        from spp.consultations.demo.bulk import fill_white_paper

        consultation = _build(context.admin, context.services["consultation"], WHITE_PAPER_SLUG,
                              text.WHITE_PAPER_TITLE, text.WHITE_PAPER_CONTEXT,
                              text.WHITE_PAPER_SECTIONS, audience="anyone", moderation="after")
        fill_white_paper(context, consultation, _contributors(context))
    if not Consultation.objects.filter(slug=CRECHE_EVALUATION_SLUG).exists():
        _seed_creche_evaluation(context)


def _seed_creche_evaluation(context) -> None:
    from spp.catalog.models import Enrolment
    from spp.consultations.services import response_submit

    service = context.services["creche"]
    evaluation = _build(context.coordinator, service, CRECHE_EVALUATION_SLUG,
                        text.CRECHE_EVALUATION_TITLE, text.CRECHE_EVALUATION_CONTEXT,
                        [("Votre avis", "", text.CRECHE_QUESTIONS)], kind="evaluation",
                        audience="invited", moderation="after", accepts_proposals=False,
                        opens_at=timezone.now() - timedelta(days=10),
                        closes_at=timezone.now() + timedelta(days=20))
    evaluation_send(actor=context.coordinator, consultation=evaluation)
    questions = list(evaluation.questions.all())
    families = [e.user for e in Enrolment.objects.filter(service=service, status="active")
                .exclude(user=context.citizen).select_related("user").order_by("user_id")]
    for index, person in enumerate(families[:6]):
        response_submit(actor=person, consultation=evaluation, values={
            questions[0].pk: str([5, 4, 4, 3, 5, 2][index]),
            questions[1].pk: ["Oui", "Oui", "Plutôt oui", "Oui", "Plutôt oui", "Plutôt non"][index],
            questions[2].pk: ["", "Des permanences plus courtes le vendredi.", "",
                              "Un planning connu un mois à l’avance.", "", ""][index]})
