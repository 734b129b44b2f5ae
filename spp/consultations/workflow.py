"""Transition tables of the consultations app's stateful objects.

Moderation: proposals and comments move between pending, published, hidden and spam; each
move is one ``ModerationDecision`` row (the event log) and one audit entry."""

from spp.consultations.models import ModeratedContent, ModerationDecision, Response

S, A = ModeratedContent.Status, ModerationDecision.Action

MODERATION_TRANSITIONS: dict[tuple[str, str], str] = {
    (S.PENDING, A.PUBLISH): S.PUBLISHED,
    (S.PENDING, A.HIDE): S.HIDDEN,
    (S.PENDING, A.SPAM): S.SPAM,
    (S.PUBLISHED, A.HIDE): S.HIDDEN,
    (S.PUBLISHED, A.SPAM): S.SPAM,
    (S.HIDDEN, A.RESTORE): S.PUBLISHED,
    (S.SPAM, A.RESTORE): S.PUBLISHED,
}

# Hiding says why, publicly: the author and readers see the reason in place of the text.
ACTIONS_NEEDING_REASON = {A.HIDE}

RESPONSE_TRANSITIONS: dict[tuple[str, str], str] = {
    (Response.Status.DRAFT, "save"): Response.Status.DRAFT,
    (Response.Status.DRAFT, "submit"): Response.Status.SUBMITTED,
}


def moderation_target(status: str, action: str) -> str | None:
    """The status ``action`` leads to from ``status``, or None when it is not allowed."""
    return MODERATION_TRANSITIONS.get((status, action))


def moderation_actions(status: str) -> list[str]:
    return [action for (state, action) in MODERATION_TRANSITIONS if state == status]
