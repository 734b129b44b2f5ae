"""API shapes of the consultations app (spp/consultations/api.py).

Citizens' texts (proposals, comments, answers) are sent back exactly as typed: a JSON string
is data, and a client shows it as text (escaped), as the HTML pages do. The consultation's
context is the agents' rich text, sanitised with nh3 when saved (``context_html``)."""

from datetime import datetime
from typing import Any

from ninja import Field, Schema

from spp.consultations import permissions
from spp.consultations.models import Question
from spp.consultations.selectors import author_public_name

# One answer: a text (free text, single choice), a number (scale), a list of choices
# (multiple choice; ranking, in order), or null to clear it.
AnswerValue = int | str | list[str] | None


class ProblemOut(Schema):
    """An error, as problem+json (RFC 9457); ``errors`` gives the messages by field or by
    question (``q<question id>``)."""

    type: str
    title: str
    status: int
    detail: str | None = None
    errors: dict[str, list[str]] | None = None


def author_name(content) -> str | None:
    """The author's public name (first name or a stable pseudonym): never an email."""
    return content.author.public_name if content.author_id else None


def answer_value(answer) -> AnswerValue:
    """An answer as the API takes it back: the one column its question kind fills."""
    if answer.text or answer.choice:
        return answer.text or answer.choice
    return answer.number if answer.number is not None else list(answer.choices)


class ConsultationOut(Schema):
    slug: str
    title: str
    kind: str
    audience: str
    service: str | None
    authority: str
    opens_at: datetime
    closes_at: datetime
    is_open: bool
    accepts_proposals: bool


class ConsultationPage(Schema):
    items: list[ConsultationOut]
    page: int
    has_next: bool


class QuestionOut(Schema):
    id: int
    kind: str
    label: str
    help_text: str
    required: bool
    options: list[str] = Field(description="Les choix proposés (choix unique, multiple, "
                                           "classement) ; vide sinon.")
    scale_min: int | None
    scale_max: int | None


class SectionOut(Schema):
    id: int
    title: str
    description: str
    questions: list[QuestionOut]


class ConsultationDetailOut(ConsultationOut):
    context_html: str = Field(description="Texte enrichi assaini (nh3) à l’enregistrement.")
    sections: list[SectionOut]
    abilities: dict[str, bool] = Field(description="Ce que la personne peut faire (comme les "
                                                   "pages HTML).")
    refusal: str | None = Field(description="Pourquoi la personne ne peut pas participer, "
                                            "ou null.")


class AnswersIn(Schema):
    # Any: each question's kind decides what fits (answers.clean_answer, as for the form).
    answers: dict[int, Any] = Field(
        default_factory=dict,
        description="Par identifiant de question : un texte (texte libre, choix unique), un "
                    "nombre (échelle), une liste (choix multiple ; classement, dans l’ordre) "
                    "ou null pour effacer. Les questions absentes gardent leur réponse "
                    "enregistrée.")


class MyResponseOut(Schema):
    status: str
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None
    answers: dict[int, AnswerValue]


class ProposalIn(Schema):
    title: str
    body: str = Field(max_length=10_000)


class ProposalSummaryOut(Schema):
    id: int
    title: str
    excerpt: str = Field(description="Les 240 premiers caractères du texte.")
    author: str | None
    created_at: datetime
    support_count: int
    comment_count: int
    supported: bool


class ProposalPage(Schema):
    items: list[ProposalSummaryOut]
    page: int
    has_next: bool
    sort: str
    seed: int | None = Field(description="La graine de l’ordre aléatoire : la renvoyer garde "
                                         "le même ordre de page en page.")


class ModeratedOut(Schema):
    id: int
    body: str = Field(description="Vide quand le contenu est masqué (sauf pour la modération).")
    status: str
    moderation_reason: str
    author: str | None
    created_at: datetime


class CommentOut(ModeratedOut):
    pass


class ProposalOut(ModeratedOut):
    title: str = Field(description="Vide quand la proposition est masquée (sauf pour la "
                                   "modération).")
    support_count: int
    comment_count: int
    supported: bool
    comments: list[CommentOut]


class CommentIn(Schema):
    body: str = Field(max_length=3000)


class AbuseReportIn(Schema):
    reason: str = Field(max_length=300)
    comment: int | None = Field(None, description="Le commentaire signalé ; absent : la "
                                                  "proposition elle-même.")


class AbuseReportOut(Schema):
    id: int
    proposal: int | None
    comment: int | None
    created_at: datetime


class SupportOut(Schema):
    supported: bool
    support_count: int


# What the API sends, built from the models (plain dicts: an Idempotency-Key stores them as
# they were sent).

def consultation_out(consultation) -> dict:
    return {"slug": consultation.slug, "title": consultation.title, "kind": consultation.kind,
            "audience": consultation.audience,
            "service": consultation.service.slug if consultation.service_id else None,
            "authority": consultation.authority.name, "opens_at": consultation.opens_at,
            "closes_at": consultation.closes_at, "is_open": consultation.is_open(),
            "accepts_proposals": consultation.accepts_proposals}


def question_out(question) -> dict:
    scale = question.kind == Question.Kind.SCALE
    return {"id": question.pk, "kind": question.kind, "label": question.label,
            "help_text": question.help_text, "required": question.required,
            "options": list(question.choices) if question.has_choices else [],
            "scale_min": question.scale_min if scale else None,
            "scale_max": question.scale_max if scale else None}


def proposal_summary_out(row, *, supported: bool) -> dict:
    """A row of ``selectors.proposals_published`` as the API lists it."""
    return {"id": row["id"], "title": row["title"], "excerpt": row["excerpt"],
            "author": author_public_name(row["author_id"], row["author__first_name"]),
            "created_at": row["created_at"], "support_count": row["support_count"],
            "comment_count": row["comment_count"], "supported": supported}


def abuse_report_out(report) -> dict:
    return AbuseReportOut(id=report.pk, proposal=report.proposal_id, comment=report.comment_id,
                          created_at=report.created_at).model_dump(mode="json")


def my_response_out(response, *, answers: dict) -> dict:
    """``answers``: {question id: Answer} (``services.response_answers``)."""
    return MyResponseOut(
        status=response.status, created_at=response.created_at, updated_at=response.updated_at,
        submitted_at=response.submitted_at,
        answers={pk: answer_value(answer) for pk, answer in answers.items()},
    ).model_dump(mode="json")


def _moderated(content, *, moderates: bool) -> dict:
    return {"id": content.pk, "status": content.status, "created_at": content.created_at,
            "body": content.body if permissions.shows_text(content, moderates=moderates) else "",
            "moderation_reason": content.moderation_reason, "author": author_name(content)}


def comment_out(comment, *, moderates: bool) -> dict:
    return CommentOut(**_moderated(comment, moderates=moderates)).model_dump(mode="json")


def proposal_out(proposal, *, moderates: bool, supported: bool, comments=()) -> dict:
    shown = permissions.shows_text(proposal, moderates=moderates)
    return ProposalOut(
        **_moderated(proposal, moderates=moderates), title=proposal.title if shown else "",
        support_count=proposal.support_count, comment_count=proposal.comment_count,
        supported=supported, comments=[_moderated(c, moderates=moderates) for c in comments],
    ).model_dump(mode="json")
