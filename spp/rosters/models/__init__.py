"""Tables of the rosters app, one module per concern; imported here for Django."""

from spp.rosters.models.availability import (
    AvailabilityException,
    AvailabilityWindow,
    PatternPreference,
)
from spp.rosters.models.counts import DayAvailability
from spp.rosters.models.households import Household, HouseholdMember
from spp.rosters.models.replacements import ReplacementRequest
from spp.rosters.models.requests import RosterRequest
from spp.rosters.models.shifts import (
    ProfessionalFallback,
    RosterPolicy,
    Shift,
    ShiftNeed,
    ShiftPattern,
    ShiftPatternException,
)
from spp.rosters.models.staffing import (
    Assignment,
    AssignmentEvent,
    CalendarFeed,
    CallOut,
    CallOutResponse,
    Escalation,
    Roster,
)

__all__ = [
    "Assignment", "AssignmentEvent", "AvailabilityException", "AvailabilityWindow",
    "CalendarFeed", "CallOut", "CallOutResponse", "DayAvailability", "Escalation", "Household",
    "HouseholdMember",
    "PatternPreference",
    "ReplacementRequest",
    "ProfessionalFallback", "Roster", "RosterPolicy", "RosterRequest", "Shift", "ShiftNeed",
    "ShiftPattern", "ShiftPatternException",
]
