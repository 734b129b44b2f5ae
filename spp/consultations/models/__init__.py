"""Tables of the consultations app, one module per concern; imported here for Django."""

from spp.consultations.models.consultations import (
    Answer,
    AnswerTally,
    Consultation,
    ConsultationTally,
    Invitation,
    Question,
    Response,
    Section,
)
from spp.consultations.models.moderation import AbuseReport, ModerationDecision
from spp.consultations.models.proposals import (
    Comment,
    ModeratedContent,
    Proposal,
    Support,
    random_shuffle_key,  # named by migration 0001 as spp.consultations.models.random_shuffle_key
)

__all__ = [
    "AbuseReport", "Answer", "AnswerTally", "Comment", "Consultation", "ConsultationTally",
    "Invitation", "ModeratedContent", "ModerationDecision", "Proposal", "Question", "Response",
    "Section", "Support", "random_shuffle_key",
]
