"""Every non-trivial read of the consultations app, one module per concern (see each
module's docstring)."""

from spp.consultations.selectors.cards import author_public_name, day_formatter, proposal_cards
from spp.consultations.selectors.consultations import (
    consultation_by_slug,
    consultation_list_for_service,
    consultation_list_open,
    consultation_list_visible,
    evaluation_summaries,
    moderation_queue,
    questions_with_sections,
    response_for,
    section_question_counts,
)
from spp.consultations.selectors.proposals import (
    EXCERPT,
    PAGE_SIZE,
    SHUFFLE_SEED_LIMIT,
    SORTS,
    OffsetPage,
    RandomPage,
    comments_visible,
    proposal_list,
    proposal_page,
    proposal_search,
    proposal_shuffle_seed,
    proposals_published,
    supported_ids,
)

__all__ = [
    "EXCERPT", "PAGE_SIZE", "SHUFFLE_SEED_LIMIT", "SORTS", "OffsetPage", "RandomPage",
    "author_public_name", "comments_visible", "consultation_by_slug",
    "consultation_list_for_service", "consultation_list_open", "consultation_list_visible",
    "day_formatter", "evaluation_summaries", "moderation_queue", "proposal_cards",
    "proposal_list", "proposal_page", "proposal_search", "proposal_shuffle_seed",
    "proposals_published", "questions_with_sections", "response_for",
    "section_question_counts", "supported_ids",
]
