"""What erasing a person (``spp.core.services.user_erase``) does to the rosters app's rows.
Called through ``RostersConfig.personal_data_erase`` (``spp.core.personal_data``).

Everything here is about the person and serves no one else once they are gone: their weekly
availability and its exceptions, preferred shifts, calendar feed, answers to call-outs, their
place in households (the household stays for its other members; one left empty is deleted)
and their assignments (a place still to come is freed: the ``post_delete`` receiver lowers its
need's count, and the shift shows it missing), with their events and replacement requests.
Hours they gave stay in the ledger, pseudonymous (the catalog's part). Replacements they took
for others, and the professional contacts they were, lose the link."""

from spp.rosters.models import (
    Assignment,
    AvailabilityException,
    AvailabilityWindow,
    CalendarFeed,
    CallOutResponse,
    Household,
    HouseholdMember,
    PatternPreference,
    ProfessionalFallback,
    ReplacementRequest,
)


def personal_data_erase(user) -> None:
    AvailabilityWindow.objects.filter(user=user).delete()
    AvailabilityException.objects.filter(user=user).delete()
    PatternPreference.objects.filter(user=user).delete()
    CalendarFeed.objects.filter(user=user).delete()
    CallOutResponse.objects.filter(user=user).delete()
    households = list(
        HouseholdMember.objects.filter(user=user).values_list("household_id", flat=True)
    )
    HouseholdMember.objects.filter(user=user).delete()
    Household.objects.filter(pk__in=households, members__isnull=True).delete()
    ReplacementRequest.objects.filter(requested_by=user).delete()
    ReplacementRequest.objects.filter(taken_by=user).update(taken_by=None)
    for assignment in Assignment.objects.select_for_update().filter(user=user):
        assignment.delete()  # one by one: the post_delete receiver frees each live place
    ProfessionalFallback.objects.filter(contact=user).update(contact=None)
