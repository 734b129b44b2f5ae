"""The consultations app's part of a person's own data (``spp.core.personal_data``): their
responses (submitted or draft) with each question's text and their answer, their proposals and
comments with their moderation status, the proposals they supported and the abuse reports they
filed. Called through ``ConsultationsConfig.personal_data_export``; a bounded number of queries
whatever the count."""

from django.db.models import Prefetch

from spp.consultations.models import AbuseReport, Answer, Comment, Proposal, Response, Support


def _answer_value(answer: Answer):
    """The answer as the person gave it: their text, the label they chose, the number on the
    scale, or the labels they ticked (a ranking: in their order)."""
    kind = answer.question.Kind
    if answer.question.kind == kind.FREE_TEXT:
        return answer.text
    if answer.question.kind == kind.SINGLE:
        return answer.choice
    if answer.question.kind == kind.SCALE:
        return answer.number
    return list(answer.choices or [])


def personal_data_sections(user) -> dict:
    responses = (
        Response.objects.filter(user=user)
        .select_related("consultation")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.select_related("question__section").order_by(
                    "question__section__position", "question__position", "question_id"
                ),
            )
        )
        .order_by("created_at", "id")
    )
    return {
        "consultations_reponses": [
            {
                "consultation": response.consultation.title,
                "etat": response.get_status_display(),
                "etat_code": response.status,
                "commencee_le": response.created_at,
                "modifiee_le": response.updated_at,
                "envoyee_le": response.submitted_at,
                "reponses": [
                    {
                        "partie": answer.question.section.title,
                        "question": answer.question.label,
                        "type_de_question": answer.question.get_kind_display(),
                        "reponse": _answer_value(answer),
                    }
                    for answer in response.answers.all()
                ],
            }
            for response in responses
        ],
        "consultations_propositions": [
            {
                "consultation": proposal.consultation.title,
                "titre": proposal.title,
                "texte": proposal.body,
                "etat": proposal.get_status_display(),
                "etat_code": proposal.status,
                "motif_de_moderation": proposal.moderation_reason,
                "soutiens": proposal.support_count,
                "commentaires": proposal.comment_count,
                "deposee_le": proposal.created_at,
                "modifiee_le": proposal.edited_at,
            }
            for proposal in Proposal.objects.filter(author=user)
            .select_related("consultation")
            .order_by("created_at", "id")
        ],
        "consultations_commentaires": [
            {
                "consultation": comment.proposal.consultation.title,
                "proposition": comment.proposal.title,
                "texte": comment.body,
                "etat": comment.get_status_display(),
                "etat_code": comment.status,
                "motif_de_moderation": comment.moderation_reason,
                "depose_le": comment.created_at,
            }
            for comment in Comment.objects.filter(author=user)
            .select_related("proposal__consultation")
            .order_by("created_at", "id")
        ],
        "consultations_soutiens": [
            {
                "consultation": support.proposal.consultation.title,
                "proposition": support.proposal.title,
                "le": support.created_at,
            }
            for support in Support.objects.filter(user=user)
            .select_related("proposal__consultation")
            .order_by("created_at", "id")
        ],
        "consultations_signalements_d_abus": [
            {
                "proposition": (report.proposal or report.comment.proposal).title
                if (report.proposal_id or report.comment_id)
                else "",
                "commentaire": report.comment.body if report.comment_id else "",
                "motif": report.reason,
                "le": report.created_at,
                "traite_le": report.resolved_at,
            }
            for report in AbuseReport.objects.filter(reporter=user)
            .select_related("proposal", "comment__proposal")
            .order_by("created_at", "id")
        ],
    }
