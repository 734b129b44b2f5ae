"""Answering a consultation: saving a draft (as often as one likes) and submitting it once.

A submission first saves the draft in its own transaction, then checks completeness and locks
the response to submit it: a refused submission never loses what was typed, and two concurrent
submissions cannot both succeed (row lock + the one-response-per-person constraint)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spp.catalog.models import Participation
from spp.catalog.services import participation_record
from spp.consultations import permissions, tallies
from spp.consultations.answer_rules import clean_answer, missing_required
from spp.consultations.models import (
    Answer,
    AnswerTally,
    Consultation,
    ConsultationTally,
    Response,
)

EMPTY_ANSWER = {"text": "", "choice": "", "number": None, "choices": []}
ALREADY_SUBMITTED = "already_submitted"  # the error code of a second submission (API: 409)


def _already_submitted(response: Response) -> ValidationError:
    return ValidationError(_("Vous avez déjà envoyé votre réponse le %(date)s ; une seule réponse "
                             "par personne est possible.")
                           % {"date": timezone.localtime(response.submitted_at)
                              .strftime("%d/%m/%Y à %H:%M")}, code=ALREADY_SUBMITTED)


def _response_for(actor, consultation: Consultation) -> Response:
    """The person's response, created on first use. The unique constraint makes a retry or a
    concurrent first save return the same row."""
    response = Response.objects.filter(consultation=consultation, user=actor).first()
    if response is not None:
        return response
    try:
        with transaction.atomic():
            return Response.objects.create(consultation=consultation, user=actor)
    except IntegrityError:
        return Response.objects.get(consultation=consultation, user=actor)


def _clean_values(consultation: Consultation, values: dict) -> tuple[dict, dict]:
    """({question: columns or None}, {"q<id>": messages}) for the questions in ``values``."""
    cleaned, errors = {}, {}
    questions = list(consultation.questions.all())
    for unknown in values.keys() - {question.pk for question in questions}:
        errors[f"q{unknown}"] = [_("Cette question n’existe pas dans cette consultation.")]
    for question in questions:
        if question.pk not in values:
            continue
        try:
            cleaned[question] = clean_answer(question, values[question.pk])
        except ValidationError as error:
            errors[f"q{question.pk}"] = error.messages
    return cleaned, errors


def _save(actor, consultation: Consultation, values: dict) -> tuple[Response, dict]:
    """Save the valid answers in their own transaction; return the response and the errors."""
    permissions.require_participant(actor, consultation)
    response = _response_for(actor, consultation)
    cleaned, errors = _clean_values(consultation, values)
    with transaction.atomic():
        response = Response.objects.select_for_update().get(pk=response.pk)
        if response.status == Response.Status.SUBMITTED:
            raise _already_submitted(response)
        _store(response, cleaned)
        response.updated_at = timezone.now()
        response.save(update_fields=["updated_at"])
    return response, errors


def _store(response: Response, cleaned: dict) -> None:
    """Write the answers in at most three statements (insert, update, delete), whatever the
    number of questions: saving a draft stays cheap at national scale."""
    existing = {answer.question_id: answer for answer in response.answers.all()}
    created, updated, removed = [], [], []
    for question, columns in cleaned.items():
        answer = existing.get(question.pk)
        if columns is None:
            if answer is not None:
                removed.append(answer.pk)
            continue
        if answer is None:
            created.append(Answer(response=response, question=question,
                                  **{**EMPTY_ANSWER, **columns}))
        else:
            for name, value in {**EMPTY_ANSWER, **columns}.items():
                setattr(answer, name, value)
            updated.append(answer)
    if created:
        Answer.objects.bulk_create(created)
    if updated:
        Answer.objects.bulk_update(updated, list(EMPTY_ANSWER))
    if removed:
        Answer.objects.filter(pk__in=removed).delete()


def response_save_draft(*, actor, consultation: Consultation, values: dict) -> Response:
    """Save the answers given so far (``values``: {question id: raw input}). The valid ones
    are kept even when others do not fit their question (those are reported)."""
    response, errors = _save(actor, consultation, values)
    if errors:
        raise ValidationError(errors)
    return response


def response_submit(*, actor, consultation: Consultation, values: dict) -> Response:
    """Save then submit the response: every required question answered, every answer valid.
    Writes one "contribution" row to the ledger (for a service's consultation); the ledger,
    not the audit log, records it (millions of answers would drown the agents' decisions).
    The results' counters are added to in the same transaction (``tallies.add_response``)."""
    response, errors = _save(actor, consultation, values)
    with transaction.atomic():
        response = Response.objects.select_for_update().get(pk=response.pk)
        if response.status == Response.Status.SUBMITTED:
            raise _already_submitted(response)
        answered = set(response.answers.values_list("question_id", flat=True))
        errors = {**missing_required(consultation.questions.all(), answered), **errors}
        if errors:
            raise ValidationError(errors)
        now = timezone.now()
        response.status, response.submitted_at, response.updated_at = (
            Response.Status.SUBMITTED, now, now)
        response.save(update_fields=["status", "submitted_at", "updated_at"])
        if consultation.service_id:
            participation_record(
                user=actor, service=consultation.service, kind=Participation.Kind.CONTRIBUTION,
                quantity=1, unit=Participation.Unit.COUNT, occurred_at=now,
                source_key=f"consultations.response:{response.pk}",
                description=_("Réponse à « %(title)s »") % {"title": consultation.title})
        # Last, so the results' shared counters stay locked as briefly as possible.
        tallies.add_response(response)
    return response


def response_answers(response: Response | None) -> dict[int, Answer]:
    """{question id: answer} of a response (to resume a draft or show a submitted one)."""
    if response is None:
        return {}
    return {answer.question_id: answer for answer in response.answers.all()}


def results_recount(*, consultation: Consultation) -> int:
    """Rebuild the results' counters of ``consultation`` from its answers, for data loaded in
    bulk without ``response_submit`` (scale data, demo). Not for a consultation taking answers:
    a submission between the recount and the rewrite would be lost."""
    with transaction.atomic():
        tallies.consultation_rebuild(consultation, tally_model=ConsultationTally)
        return tallies.rebuild(consultation.questions.values_list("pk", flat=True),
                               answer_model=Answer, tally_model=AnswerTally)
