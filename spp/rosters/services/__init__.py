"""Every write of the rosters app, one module per concern (see each module's docstring)."""

from spp.rosters.services.assignments import (
    assignment_attend,
    assignment_cancel,
    assignment_signup,
)
from spp.rosters.services.availability import (
    availability_exception_add,
    availability_week_change,
    availability_week_set,
    availability_window_add,
    availability_window_remove,
    preferences_set,
)
from spp.rosters.services.callouts import (
    callout_cancel,
    callout_create,
    callout_respond,
    escalation_check,
)
from spp.rosters.services.counts import availability_count, availability_count_ahead
from spp.rosters.services.households import (
    calendar_feed_for,
    calendar_feed_revoke,
    household_create,
    households_read,
)
from spp.rosters.services.rosters import (
    roster_discard,
    roster_proposal_remove,
    roster_publish,
    roster_request,
)
from spp.rosters.services.shifts import (
    pattern_create,
    pattern_exception_add,
    pattern_generate,
    policy_set,
    shift_cancel,
    shift_create,
)

__all__ = [
    "assignment_attend", "assignment_cancel", "assignment_signup", "availability_count",
    "availability_count_ahead", "availability_exception_add", "availability_week_change",
    "availability_week_set", "availability_window_add", "availability_window_remove",
    "calendar_feed_for", "calendar_feed_revoke", "callout_cancel", "callout_create",
    "callout_respond", "escalation_check", "household_create", "households_read",
    "pattern_create",
    "pattern_exception_add", "pattern_generate", "preferences_set", "policy_set", "roster_discard",
    "roster_proposal_remove", "roster_publish", "roster_request", "shift_cancel", "shift_create",
]
