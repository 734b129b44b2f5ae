"""Every non-trivial read of the rosters app, one module per concern (see each module's
docstring)."""

from spp.rosters.selectors.availability import Shape, availability_shapes, availability_week
from spp.rosters.selectors.available import able_and_available
from spp.rosters.selectors.callouts import callout_candidates, service_coordinators
from spp.rosters.selectors.coverage import coverage_day, coverage_hours, coverage_period
from spp.rosters.selectors.participant import (
    Contact,
    Held,
    WeekPage,
    assignments_in_period,
    assignments_of,
    callouts_open_for,
    cancel_notices,
    coordination_contacts,
    held_codes,
    open_places_for,
    open_shift_rows,
    qualifications_held,
    shifts_open_for,
    shifts_with_needs,
    upcoming_places,
)
from spp.rosters.selectors.shifts import (
    LIVE,
    assignments_awaiting_attendance,
    availability_by_user,
    coverage_month,
    household_of,
    household_quotas,
    in_household,
    is_participant,
    local_bounds,
    month_bounds,
    participant_ids,
    participants,
    policy_for,
    qualifications_by_user,
    shifts_in_period,
)

__all__ = [
    "Contact", "assignments_in_period", "cancel_notices", "coordination_contacts",
    "LIVE", "Held", "Shape", "WeekPage", "able_and_available", "assignments_awaiting_attendance",
    "availability_shapes", "availability_week",
    "assignments_of", "availability_by_user", "callout_candidates", "callouts_open_for",
    "coverage_day", "coverage_hours", "coverage_month", "coverage_period", "held_codes",
    "household_of", "household_quotas", "in_household", "is_participant", "local_bounds",
    "month_bounds",
    "open_places_for", "open_shift_rows", "participant_ids", "participants", "policy_for",
    "qualifications_by_user", "qualifications_held", "service_coordinators",
    "shifts_in_period", "shifts_open_for", "shifts_with_needs", "upcoming_places",
]
