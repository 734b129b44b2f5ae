"""Every write of the consultations app, one module per concern (see each module's docstring)."""

from spp.consultations.services.authoring import (
    consultation_create,
    consultation_update,
    evaluation_send,
    question_save,
    section_create,
)
from spp.consultations.services.moderation import (
    abuse_report_dismiss,
    moderation_decide,
    proposal_merge,
)
from spp.consultations.services.proposals import (
    abuse_report_create,
    comment_create,
    proposal_create,
    proposal_update,
    support_add,
    support_withdraw,
)
from spp.consultations.services.responses import (
    ALREADY_SUBMITTED,
    response_answers,
    response_save_draft,
    response_submit,
    results_recount,
)

__all__ = [
    "ALREADY_SUBMITTED", "abuse_report_create", "abuse_report_dismiss", "comment_create",
    "consultation_create", "consultation_update", "evaluation_send", "moderation_decide",
    "proposal_create", "proposal_merge", "proposal_update", "question_save", "response_answers",
    "response_save_draft", "response_submit", "results_recount", "section_create",
    "support_add", "support_withdraw",
]
