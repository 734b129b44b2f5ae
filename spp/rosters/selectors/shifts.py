"""Reads of shifts, places and the people who fill them (participants, their qualifications,
availability and households). Bulk loaders answer for many people in a constant number of
queries, so that pages and the solver never query per person or shift."""

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from django.db.models import Count, Prefetch, Q, Subquery, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from spp.catalog.models import Charter, Enrolment, Qualification, QualificationType
from spp.core.holidays import french_public_holidays
from spp.rosters.intervals import availability_ranges
from spp.rosters.models import (
    Assignment,
    AvailabilityException,
    AvailabilityWindow,
    Household,
    RosterPolicy,
    Shift,
    ShiftNeed,
)
from spp.rosters.solver.types import Qual

LIVE = ["published", "attended"]


class NeedRow(NamedTuple):
    """A need as the pages show it, read as values (hundreds a page on the coverage: no model
    instances)."""

    pk: int
    code: str  # '' when anyone enrolled may take the place
    name: str  # the qualification's name, '' when none is needed
    min_count: int
    max_count: int

    def __str__(self):
        return ShiftNeed.describe(self.name, self.min_count, self.max_count)


class ShiftRow(NamedTuple):
    """A shift as the open shifts show it, read as values (no model instance)."""

    pk: int
    title: str
    place: str
    starts_at: datetime
    ends_at: datetime

    def __str__(self):
        return Shift.describe(self.title, self.starts_at)


def policy_for(service) -> RosterPolicy:
    """The service's rules, or the defaults (unsaved) when none were set."""
    return RosterPolicy.objects.filter(service=service).select_related(
        "fallback__contact").first() or RosterPolicy(service=service)


def local_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (datetime.combine(first, time(0), tzinfo=tz),
            datetime.combine(last + timedelta(days=1), time(0), tzinfo=tz))


def participants(service):
    """The user ids of people whose enrolment is active with the current charter, as a
    queryset (usable as a subquery: no list of ids sent back to the database)."""
    current = Charter.objects.filter(service=service).order_by("-version").values("pk")[:1]
    return Enrolment.objects.filter(service=service, status=Enrolment.Status.ACTIVE,
                                    accepted_charter=current).values_list("user_id", flat=True)


def is_participant(user, service) -> bool:
    """Whether ``user`` may act as a participant of ``service`` now: catalog's rule
    (``catalog.selectors.enrolment_require_current``: an active enrolment, with the current
    charter accepted when the service has one) in one query, for pages that only need the
    yes or no (the rule's three reads say why not, when it is no)."""
    if not user.is_authenticated:
        return False
    # The active enrolment's charter beside the service's current one (None: no charter),
    # compared here: one subquery to build rather than two (the ORM's cost of a query is
    # mostly its building).
    latest = Charter.objects.filter(service=service).order_by("-version").values("pk")[:1]
    rows = (Enrolment.objects.filter(user=user, service=service,
                                     status=Enrolment.Status.ACTIVE)
            .annotate(current=Subquery(latest)).values_list("accepted_charter_id", "current"))
    return any(current is None or accepted == current for accepted, current in rows)


def participant_ids(service) -> list[int]:
    """People whose enrolment is active with the current charter (one query, index
    enrolment_service_status_idx)."""
    return list(participants(service))


def qualifications_by_user(user_ids) -> dict[int, list[Qual]]:
    """Each person's qualifications with ``includes`` expanded (two flat queries, no model
    instances: call-outs read this for thousands of people). Verified ones count fully;
    in-training ones count as trainee places."""
    includes: dict[int, list[str]] = defaultdict(list)
    for type_id, code in QualificationType.includes.through.objects.values_list(
            "from_qualificationtype_id", "to_qualificationtype__code"):
        includes[type_id].append(code)
    rows = (Qualification.objects.filter(user_id__in=user_ids)
            .filter(Q(verified_at__isnull=False) | Q(in_training=True))
            .values_list("user_id", "qualification_type_id", "qualification_type__code",
                         "obtained_on", "expires_on", "in_training"))
    held: dict[int, list[Qual]] = defaultdict(list)
    for user_id, type_id, code, obtained_on, expires_on, in_training in rows:
        for each in [code, *includes[type_id]]:
            held[user_id].append(Qual(each, obtained_on, expires_on, in_training))
    return held


def availability_by_user(service, user_ids, first: date, last: date) -> dict[int, list]:
    """Concrete availability ranges per person over the period (two queries)."""
    windows, exceptions = defaultdict(list), defaultdict(list)
    for row in AvailabilityWindow.objects.filter(service=service, user_id__in=user_ids).values_list(
            "user_id", "weekday", "start_minute", "end_minute"):
        windows[row[0]].append(row[1:])
    start, end = local_bounds(first - timedelta(days=1), last + timedelta(days=1))
    for row in AvailabilityException.objects.filter(
            service=service, user_id__in=user_ids, starts_at__lt=end, ends_at__gt=start
    ).values_list("user_id", "starts_at", "ends_at", "available"):
        exceptions[row[0]].append(row[1:])
    tz = timezone.get_current_timezone()
    return {uid: availability_ranges(windows[uid], exceptions[uid], first, last, tz)
            for uid in user_ids}


def shifts_in_period(service, first: date, last: date):
    """Open shifts starting in the period, with needs and their qualification (2 queries;
    index shift_service_start_idx)."""
    start, end = local_bounds(first, last)
    needs = ShiftNeed.objects.select_related("qualification_type").order_by("id")
    return list(Shift.objects.filter(service=service, status=Shift.Status.OPEN,
                                     starts_at__gte=start, starts_at__lt=end)
                .prefetch_related(Prefetch("needs", queryset=needs)).order_by("starts_at"))


def household_of(user, service) -> Household | None:
    return (Household.objects.filter(service=service, members__user=user)
            .prefetch_related("members__user").first())


def in_household(user, service) -> bool:
    """Whether ``user`` belongs to a household of ``service`` (the service home's link):
    one query, no household nor member read."""
    return Household.objects.filter(service=service, members__user=user).exists()


def month_bounds(day: date) -> tuple[date, date]:
    first = day.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return first, last


def household_quotas(service, day: date, households=None) -> list[dict]:
    """Owed, done (attended) and planned (confirmed, to come) duties per household for the
    month of ``day`` (two queries)."""
    first, last = month_bounds(day)
    start, end = local_bounds(first, last)
    households = households if households is not None else Household.objects.filter(
        service=service).prefetch_related("members__user")
    households = list(households)
    member_of = {m.user_id: h.pk for h in households for m in h.members.all()}
    done, planned = defaultdict(int), defaultdict(int)
    for user_id, status, n in (Assignment.objects.filter(
            user_id__in=list(member_of), shift__service=service, status__in=LIVE,
            shift__starts_at__gte=start, shift__starts_at__lt=end)
            .values_list("user_id", "status").annotate(n=Count("id"))):
        (done if status == "attended" else planned)[member_of[user_id]] += n
    tallies = {}
    for household in households:
        owed = household.monthly_quota
        tallies[household.pk] = {
            "household": household, "owed": owed, "done": done[household.pk],
            "planned": planned[household.pk],
            "missing": max(0, owed - done[household.pk] - planned[household.pk])}
    return list(tallies.values())


def coverage_month(service, first: date, last: date) -> list[dict]:
    """[{day, holiday, shifts, incomplete, missing}] of each day of the period with open
    shifts: one aggregate over the shifts alone (index shift_service_start_idx), reading the
    places missing each keeps (``Shift.missing_count``), whatever the number of needs.
    "incomplete" counts the shifts with a need short of its minimum and not handed to the
    professional fallback."""
    start, end = local_bounds(first, last)
    rows = (Shift.objects.filter(service=service, status=Shift.Status.OPEN,
                                 starts_at__gte=start, starts_at__lt=end)
            .annotate(day=TruncDate("starts_at", tzinfo=timezone.get_current_timezone()))
            .order_by("day").values("day")
            .annotate(shifts=Count("pk"), incomplete=Count("pk", filter=Q(missing_count__gt=0)),
                      missing=Sum("missing_count")))
    holidays = french_public_holidays(first.year) | french_public_holidays(last.year)
    return [{**row, "holiday": holidays.get(row["day"])} for row in rows]


def assignments_awaiting_attendance(service, *, days: int = 60, limit: int = 100):
    """Published places of shifts that ended in the last ``days``, newest first: the
    coordinator confirms who came (which writes the ledger)."""
    now = timezone.now()
    return (Assignment.objects.filter(shift__service=service, status="published",
                                      shift__ends_at__lte=now,
                                      shift__ends_at__gte=now - timedelta(days=days))
            .select_related("user", "shift", "need__qualification_type")
            .order_by("-shift__starts_at")[:limit])
