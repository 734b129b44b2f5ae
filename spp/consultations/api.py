"""The consultations API router (mounted at /api/v1/consultations/): consultations and their
questionnaires, one's answer (drafts, then one submission), proposals with their comments,
supports and abuse reports. Thin: ``permissions`` fetches and authorizes (404 to whoever may
not read), ``services`` write and refuse, ``selectors`` read; the HTML pages do the same.

The services' refusals become problems: 403 with the reason when the person may not take part
(closed, not enrolled…), 409 for a second submission, 422 with the messages by field or by
question (``q<question id>``) for bad input."""

from typing import Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Header, Router
from ninja.errors import AuthenticationError, HttpError
from ninja.responses import Status

from spp.consultations import permissions, selectors, services
from spp.consultations.schemas import (
    AbuseReportIn,
    AbuseReportOut,
    AnswersIn,
    CommentIn,
    CommentOut,
    ConsultationDetailOut,
    ConsultationPage,
    MyResponseOut,
    ProblemOut,
    ProposalIn,
    ProposalOut,
    ProposalPage,
    SupportOut,
    abuse_report_out,
    comment_out,
    consultation_out,
    my_response_out,
    proposal_out,
    proposal_summary_out,
    question_out,
)
from spp.core.api_errors import problem_body, problem_response, validation_problem
from spp.core.idempotency import idempotent

router = Router(tags=["consultations"])
PROBLEMS = {code: ProblemOut for code in (401, 403, 404, 409, 422)}
MAX_PER_PAGE = 100


def _per_page(limit: int) -> int:
    return min(max(limit, 1), MAX_PER_PAGE)


def _consultation(request, slug: str, *, naming_owners: bool = False):
    """The consultation, if the person may read it (else 404); a visitor asking for one kept
    for signed-in people gets 401 (the HTML pages send them to the login page)."""
    try:
        return permissions.access_consultation(request.user, slug, naming_owners=naming_owners)
    except permissions.SignInFirst:
        message = _("Connectez-vous pour lire cette consultation.")
        raise AuthenticationError(message=message) from None


def _proposal(request, slug: str, pk: int):
    return permissions.access_proposal(request.user, _consultation(request, slug), pk)


def _refusals_as_problems(call):
    """``call()``; a refusal to take part answers 403, a second submission 409, each with the
    services' French reason."""
    try:
        return call()
    except ValidationError as error:
        code = getattr(error, "code", None)
        titles = {permissions.REFUSED: (403, _("Participation impossible")),
                  services.ALREADY_SUBMITTED: (409, _("Réponse déjà envoyée"))}
        if code not in titles:
            raise
        status, title = titles[code]
        return problem_response(problem_body(status, title, detail=" ".join(error.messages)))


def _once(request, key, scope: str, payload, create):
    """Run ``create`` once per Idempotency-Key (a retry gets the same answer)."""
    status, body = idempotent(request, key=key, scope=scope, payload=payload, create=create)
    return problem_response(body) if status >= 400 else Status(status, body)


def _response_out(response) -> dict:
    return my_response_out(response, answers=services.response_answers(response))


@router.get("/", response=ConsultationPage, auth=None,
            summary="Lister les consultations publiées")
def list_consultations(request, open_only: bool = False, page: int = 1, limit: int = 20):
    """Les consultations que la personne peut lire, les plus récentes d’abord ;
    ``open_only`` : seulement celles qui reçoivent des contributions maintenant."""
    read = selectors.consultation_list_open if open_only else selectors.consultation_list_visible
    result = selectors.OffsetPage(read(request.user), number=page, per_page=_per_page(limit))
    return {"items": [consultation_out(c) for c in result.object_list],
            "page": result.number, "has_next": result.has_next()}


@router.get("/{slug}", response={200: ConsultationDetailOut, **PROBLEMS}, auth=None,
            summary="Lire une consultation et son questionnaire")
def get_consultation(request, slug: str):
    """La consultation, ses parties et leurs questions (type, choix, réponse obligatoire),
    et ce que la personne peut y faire."""
    consultation = _consultation(request, slug, naming_owners=True)
    sections = [{"id": section.pk, "title": section.title, "description": section.description,
                 "questions": [question_out(q) for q in questions]}
                for section, questions in selectors.questions_with_sections(consultation)]
    return consultation_out(consultation) | {
        "context_html": consultation.context, "sections": sections,
        "abilities": permissions.abilities(request.user, consultation),
        "refusal": permissions.participation_refusal(request.user, consultation)}


@router.get("/{slug}/response", response={200: MyResponseOut, **PROBLEMS},
            summary="Lire ma réponse (brouillon ou envoyée)")
def get_my_response(request, slug: str):
    response = selectors.response_for(request.user, _consultation(request, slug))
    if response is None:
        raise HttpError(404, _("Vous n’avez pas encore répondu à cette consultation."))
    return _response_out(response)


@router.put("/{slug}/response", response={200: MyResponseOut, **PROBLEMS},
            summary="Enregistrer le brouillon de ma réponse")
def save_draft(request, slug: str, payload: AnswersIn):
    """Enregistre les réponses données (même incomplètes) ; les réponses valides sont
    gardées même quand d’autres sont refusées (422, message par question)."""
    consultation = _consultation(request, slug)
    return _refusals_as_problems(lambda: _response_out(services.response_save_draft(
        actor=request.user, consultation=consultation, values=payload.answers)))


@router.post("/{slug}/response/submit", response={200: MyResponseOut, **PROBLEMS},
             summary="Envoyer ma réponse (une seule fois)")
def submit(request, slug: str, payload: AnswersIn,
           idempotency_key: str | None = Header(None, alias="Idempotency-Key")):
    """Enregistre puis envoie la réponse. Une question obligatoire sans réponse : 422, et le
    brouillon reste enregistré. Déjà envoyée : 409. Même Idempotency-Key : même réponse."""
    consultation = _consultation(request, slug)

    def create():
        try:
            response = services.response_submit(actor=request.user, consultation=consultation,
                                                values=payload.answers)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                raise  # refused before anything was written
            return 422, validation_problem(error)  # committed: the valid answers stay saved
        return 200, _response_out(response)

    return _refusals_as_problems(lambda: _once(
        request, idempotency_key, f"consultations.submit:{consultation.pk}",
        payload.model_dump(), create))


@router.get("/{slug}/proposals", response={200: ProposalPage, **PROBLEMS}, auth=None,
            summary="Lister et rechercher les propositions")
def list_proposals(request, slug: str, sort: Literal["newest", "supported", "random"] = "newest",
                   q: str = "", page: int = 1, limit: int = 20, seed: int | None = None):
    """Les propositions publiées : les plus récentes, les plus soutenues, ou au hasard
    (``seed`` : sans elle, celle de la session d’une personne connectée, ou une nouvelle,
    renvoyée dans la réponse ; la repasser garde l’ordre de page en page)."""
    consultation = _consultation(request, slug)
    if sort == "random":
        seed = selectors.proposal_shuffle_seed(request, seed)
    result = selectors.proposal_page(consultation, sort=sort, query=q[:200], seed=seed or 0,
                                     number=page, per_page=_per_page(limit))
    supported = selectors.supported_ids(request.user, [row["id"] for row in result.object_list])
    items = [proposal_summary_out(row, supported=row["id"] in supported)
             for row in result.object_list]
    return {"items": items, "page": result.number, "has_next": result.has_next(), "sort": sort,
            "seed": seed if sort == "random" else None}


@router.post("/{slug}/proposals", response={201: ProposalOut, **PROBLEMS},
             summary="Déposer une proposition")
def create_proposal(request, slug: str, payload: ProposalIn,
                    idempotency_key: str | None = Header(None, alias="Idempotency-Key")):
    """Publiée aussitôt, ou en attente de modération (modération a priori)."""
    consultation = _consultation(request, slug)

    def create():
        proposal = services.proposal_create(
            actor=request.user, consultation=consultation, title=payload.title,
            body=payload.body)
        return 201, proposal_out(proposal, moderates=False, supported=False)

    return _refusals_as_problems(lambda: _once(
        request, idempotency_key, f"consultations.proposal:{consultation.pk}",
        payload.model_dump(), create))


@router.get("/{slug}/proposals/{pk}", response={200: ProposalOut, **PROBLEMS}, auth=None,
            summary="Lire une proposition et ses commentaires")
def get_proposal(request, slug: str, pk: int):
    """Un contenu masqué montre son motif public à la place du texte."""
    proposal = _proposal(request, slug, pk)
    moderates = permissions.manages_consultation(request.user, proposal.consultation)
    return proposal_out(
        proposal, moderates=moderates,
        supported=bool(selectors.supported_ids(request.user, [proposal.pk])),
        comments=selectors.comments_visible(request.user, proposal, can_moderate=moderates))


def _set_support(request, slug: str, pk: int, *, supported: bool):
    proposal = _proposal(request, slug, pk)
    change = services.support_add if supported else services.support_withdraw

    def call():
        change(actor=request.user, proposal=proposal)
        proposal.refresh_from_db(fields=["support_count"])
        return {"supported": supported, "support_count": proposal.support_count}

    return _refusals_as_problems(call)


@router.post("/{slug}/proposals/{pk}/support", response={200: SupportOut, **PROBLEMS},
             summary="Soutenir une proposition")
def support(request, slug: str, pk: int):
    """Un soutien par personne : le redemander ne change rien."""
    return _set_support(request, slug, pk, supported=True)


@router.delete("/{slug}/proposals/{pk}/support", response={200: SupportOut, **PROBLEMS},
               summary="Retirer mon soutien")
def withdraw_support(request, slug: str, pk: int):
    """Retirer un soutien déjà retiré ne change rien."""
    return _set_support(request, slug, pk, supported=False)


@router.post("/{slug}/proposals/{pk}/comments", response={201: CommentOut, **PROBLEMS},
             summary="Commenter une proposition")
def create_comment(request, slug: str, pk: int, payload: CommentIn,
                   idempotency_key: str | None = Header(None, alias="Idempotency-Key")):
    """Publié aussitôt, ou en attente de modération (modération a priori)."""
    proposal = _proposal(request, slug, pk)

    def create():
        comment = services.comment_create(actor=request.user, proposal=proposal,
                                          body=payload.body)
        return 201, comment_out(comment, moderates=False)

    return _refusals_as_problems(lambda: _once(
        request, idempotency_key, f"consultations.comment:{proposal.pk}", payload.model_dump(),
        create))


@router.post("/{slug}/proposals/{pk}/reports", response={201: AbuseReportOut, **PROBLEMS},
             summary="Signaler un contenu abusif à la modération")
def report_abuse(request, slug: str, pk: int, payload: AbuseReportIn,
                 idempotency_key: str | None = Header(None, alias="Idempotency-Key")):
    """La proposition, ou l’un de ses commentaires (``comment``) ; une fois par personne."""
    proposal = _proposal(request, slug, pk)
    comment = (permissions.access_comment(request.user, proposal, payload.comment)
               if payload.comment is not None else None)

    def create():
        report = services.abuse_report_create(
            actor=request.user, proposal=None if comment else proposal, comment=comment,
            reason=payload.reason)
        return 201, abuse_report_out(report)

    return _once(request, idempotency_key, f"consultations.report:{proposal.pk}",
                 payload.model_dump(), create)
