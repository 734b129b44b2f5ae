"""Reads of the volunteers' pages: the qualifications a person holds, the open places they
may take (a week at a time, 20 a page), their own places and the call-outs open to them. A
constant number of queries per page, whatever the number of shifts: the page's shifts are
found by the shifts' index, each probed for a free need the person may take."""

from collections import defaultdict
from datetime import date
from typing import NamedTuple

from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from spp.catalog.models import Enrolment, Qualification
from spp.core.models import Membership, Organisation
from spp.rosters.models import Assignment, CallOut, RosterPolicy, Shift, ShiftNeed
from spp.rosters.selectors.shifts import (
    LIVE,
    NeedRow,
    ShiftRow,
    availability_by_user,
    local_bounds,
)


class Held(NamedTuple):
    """A qualification a person holds, or one it includes (which counts as held)."""

    type_id: int
    code: str
    name: str
    valid_from: date
    valid_until: date | None
    in_training: bool


def qualifications_held(user) -> list[Held]:
    """The qualifications ``user`` holds, verified or in training, each followed by those it
    includes (``QualificationType.includes``, one level, as ``qualifications_by_user``):
    one query, the inclusions joined."""
    rows = (Qualification.objects.filter(user=user)
            .filter(Q(verified_at__isnull=False) | Q(in_training=True))
            .values_list("qualification_type_id", "qualification_type__code",
                         "qualification_type__name", "qualification_type__includes__id",
                         "qualification_type__includes__code",
                         "qualification_type__includes__name", "obtained_on", "expires_on",
                         "in_training"))
    held = {}
    for type_id, code, name, inc_id, inc_code, inc_name, since, until, training in rows:
        held[(type_id, since, until, training)] = Held(type_id, code, name, since, until,
                                                      training)
        if inc_id is not None:
            held[(inc_id, since, until, training)] = Held(inc_id, inc_code, inc_name, since,
                                                         until, training)
    return list(held.values())


def held_codes(held: list[Held]) -> dict[str, str]:
    """{code: name} of the qualifications held, not in training (the open shifts' filter)."""
    return {q.code: q.name for q in held if not q.in_training}


def open_places_for(held: list[Held], first: date, last: date, code: str | None = None) -> Q:
    """The needs of shifts starting from ``first`` to ``last`` that a person holding
    ``held`` may take as a qualified person (needing no qualification, or one held, verified
    and valid on the shift's day; only ``code`` when given) with a free place (the counters
    kept on the needs), as a condition on ShiftNeed, for shifts of that period only. No
    query; a qualification valid over the whole period is a plain match on its type."""
    allowed = Q(qualification_type__isnull=True) if code is None else Q(pk__in=[])
    whole_period = set()
    for qual in held:
        if qual.in_training or (code is not None and qual.code != code):
            continue
        since = max(qual.valid_from, first)
        until = min(qual.valid_until or last, last)
        if (since, until) == (first, last):
            whole_period.add(qual.type_id)
        elif since <= until:
            start, end = local_bounds(since, until)
            allowed |= Q(qualification_type_id=qual.type_id, shift__starts_at__gte=start,
                         shift__starts_at__lt=end)
    if whole_period:
        allowed |= Q(qualification_type_id__in=sorted(whole_period))
    return allowed & Q(max_count__gt=F("assigned_count") + F("trainee_count"))


def shifts_open_for(user, service, first: date, last: date, places: Q):
    """The service's future open shifts starting in the period with a need matching
    ``places`` (``open_places_for``) and no live place of ``user``, soonest first: a
    queryset to paginate or count (index shift_service_start_idx). Each shift of the period
    is probed for its first matching need by the needs' shift index: a scalar subquery
    rather than an EXISTS, which PostgreSQL may turn into a join hashing every free need of
    every shift (a scan of the whole table, 40 ms at the full scale, for a week of shifts)."""
    start, end = local_bounds(first, last)
    first_need = (ShiftNeed.objects.filter(places, shift=OuterRef("pk")).order_by()
                  .values("pk")[:1])
    mine = Assignment.objects.filter(shift=OuterRef("pk"), user=user, status__in=LIVE)
    return (Shift.objects.filter(service=service, status=Shift.Status.OPEN,
                                 starts_at__gte=max(start, timezone.now()), starts_at__lt=end)
            .alias(first_need=Subquery(first_need)).filter(first_need__isnull=False)
            .exclude(Exists(mine))
            .only("title", "place", "starts_at", "ends_at").order_by("starts_at", "id"))


# No week holds this many shifts; a page number past it (a typed or forged URL) is an empty
# page rather than an offset the database cannot hold.
MAX_OFFSET = 10**6


class WeekPage:
    """A page of ``shifts_open_for`` without a total count: it reads one shift more than it
    shows to know whether a next page exists. Counting the week's shifts open to the person
    would probe every shift of the week for a need they may take, on every page view.
    ``object_list`` holds (shift, needs) pairs (``shifts_with_needs``): one query."""

    def __init__(self, queryset, places: Q, *, number: int, per_page: int):
        self.number = max(1, number)
        start = (self.number - 1) * per_page
        rows = (shifts_with_needs(queryset, places, start, start + per_page + 1)
                if start < MAX_OFFSET else [])
        self.object_list, self._more = rows[:per_page], len(rows) > per_page

    def has_previous(self) -> bool:
        return self.number > 1

    def has_next(self) -> bool:
        return self._more

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1


def shifts_with_needs(shifts, places: Q, start: int, stop: int) -> list[tuple]:
    """[(shift, needs)] of ``shifts[start:stop]`` (a ``shifts_open_for`` queryset), each with
    its needs matching ``places`` (as ``NeedRow`` values, by id), in one query: the slice of
    shifts is a subquery of the needs' own query, which reads the shifts' columns too (every
    shift of the slice has a need matching ``places``, the condition it was found by). The
    shifts hold only what the pages show (``ShiftRow`` values, no model instances)."""
    rows = (ShiftNeed.objects.filter(places, shift__in=shifts[start:stop].values("pk"))
            .order_by("shift__starts_at", "shift_id", "id")
            .values_list("shift_id", "shift__title", "shift__place", "shift__starts_at",
                         "shift__ends_at", "pk", "qualification_type__code",
                         "qualification_type__name", "min_count", "max_count"))
    result, current = [], None
    for (shift_id, title, place, starts_at, ends_at, pk, code, name, min_count,
         max_count) in rows:
        if current is None or current[0].pk != shift_id:
            current = (ShiftRow(shift_id, title, place, starts_at, ends_at), [])
            result.append(current)
        current[1].append(NeedRow(pk, code or "", name or "", min_count, max_count))
    return result


def open_shift_rows(user, service, shifts: list[tuple]) -> list[dict]:
    """[{shift, needs, available}] of ``shifts`` (``shifts_with_needs``: one page of
    ``shifts_open_for``) and whether each shift is within the person's availability.
    Two queries whatever the number of shifts."""
    if not shifts:
        return []
    first = timezone.localtime(shifts[0][0].starts_at).date()
    last = timezone.localtime(shifts[-1][0].starts_at).date()
    ranges = availability_by_user(service, [user.pk], first, last)[user.pk]
    return [{"shift": shift, "needs": needs,
             "available": any(s <= shift.starts_at and shift.ends_at <= e for s, e in ranges)}
            for shift, needs in shifts]


def _with_notice(queryset):
    """Each place with ``notice``, its service's hours of notice to withdraw (the default
    without rules), a column of the places' own query rather than a query of its own."""
    default = RosterPolicy._meta.get_field("cancel_notice_hours").default
    return queryset.annotate(notice=Coalesce(Subquery(
        RosterPolicy.objects.filter(service=OuterRef("shift__service_id"))
        .values("cancel_notice_hours")[:1]), default))


def assignments_of(user, *, upcoming_only: bool = True, with_notice: bool = False):
    """The person's live assignments, soonest first (index assignment_user_status_idx);
    ``with_notice``: each with its service's ``notice`` (hours)."""
    queryset = (Assignment.objects.filter(user=user, status__in=["published", "attended"])
                .select_related("shift__service", "need__qualification_type"))
    if upcoming_only:
        queryset = queryset.filter(shift__ends_at__gte=timezone.now(), status="published")
    if with_notice:
        queryset = _with_notice(queryset)
    return queryset.order_by("shift__starts_at")


class ListLine(NamedTuple):
    """A place or a call-out as the service home and "Mes gardes" list it, read as values
    (no model instances): its shift (``Shift.describe``), its need (``ShiftNeed.describe``)
    and, for a call-out, its id and the places still to fill."""

    shift: str
    need: str
    pk: int | None = None
    remaining: int = 0


def upcoming_places(user, service, limit: int) -> list[ListLine]:
    """The person's next ``limit`` confirmed places in ``service``, soonest first (the places
    of ``assignments_of`` in that service)."""
    rows = (Assignment.objects.filter(user=user, status=Assignment.Status.PUBLISHED,
                                      shift__service=service,
                                      shift__ends_at__gte=timezone.now())
            .order_by("shift__starts_at")
            .values_list("shift__title", "shift__starts_at", "need__qualification_type__name",
                         "need__min_count", "need__max_count")[:limit])
    return [ListLine(Shift.describe(title, starts_at), ShiftNeed.describe(name, low, high))
            for title, starts_at, name, low, high in rows]


def callouts_open_for(user, service=None, *, limit: int) -> list[ListLine]:
    """The first ``limit`` open call-outs, soonest first, of the services the person takes
    part in (an active enrolment), or of ``service`` among them."""
    enrolled = Enrolment.objects.filter(user=user, status=Enrolment.Status.ACTIVE)
    queryset = CallOut.objects.filter(status=CallOut.Status.OPEN,
                                      shift__starts_at__gt=timezone.now(),
                                      shift__service__in=enrolled.values("service_id"))
    if service is not None:
        queryset = queryset.filter(shift__service=service)
    rows = queryset.order_by("shift__starts_at").values_list(
        "pk", "shift__title", "shift__starts_at", "need__qualification_type__name",
        "need__min_count", "need__max_count", "places", "accepted_count")[:limit]
    return [ListLine(Shift.describe(title, starts_at), ShiftNeed.describe(name, low, high), pk,
                  places - accepted)
            for pk, title, starts_at, name, low, high, places, accepted in rows]


def assignments_in_period(user, first: date, last: date):
    """The person's live places (confirmed or attended) on shifts starting from ``first``
    to ``last`` (local days), soonest first, each with its service's ``notice`` (hours):
    the week and month views of "Mes gardes"."""
    start, end = local_bounds(first, last)
    return _with_notice(Assignment.objects.filter(
        user=user, status__in=LIVE, shift__starts_at__gte=start, shift__starts_at__lt=end)
        .select_related("shift__service", "need__qualification_type")
        .order_by("shift__starts_at", "id"))


class Contact(NamedTuple):
    """Who to reach about a service's rosters: an organisation (its contact address) or one
    of its coordinators (name, email, phone)."""

    name: str
    email: str
    phone: str


def coordination_contacts(services) -> dict[int, list[Contact]]:
    """{service id: contacts} for ``services``: the organisation running each service (its
    operator when delegated, else its authority) when it gives a contact address, then that
    organisation's coordinators (admins only when it has no coordinator). Two queries, a
    third for an organisation without coordinator nor admin."""
    services = list(services)
    running = {s.pk: s.operator_id or s.authority_id for s in services}
    people = defaultdict(list)
    memberships = (Membership.objects.filter(
        organisation_id__in=set(running.values()),
        role__in=[Membership.Role.COORDINATOR, Membership.Role.ADMIN])
        .select_related("user", "organisation").order_by("user__last_name", "user__first_name",
                                                          "user__email"))
    organisations = {}
    for membership in memberships:
        organisations[membership.organisation_id] = membership.organisation
        people[(membership.organisation_id, membership.role)].append(membership.user)
    missing = set(running.values()) - set(organisations)
    organisations.update({o.pk: o for o in Organisation.objects.filter(pk__in=missing)})
    result = {}
    for service in services:
        org_id = running[service.pk]
        organisation = organisations.get(org_id)
        contacts = [Contact(organisation.name, organisation.contact_email, "")] if (
            organisation is not None and organisation.contact_email) else []
        staff = (people[(org_id, Membership.Role.COORDINATOR)]
                 or people[(org_id, Membership.Role.ADMIN)])
        contacts += [Contact(user.get_full_name() or user.email, user.email, user.phone)
                     for user in staff]
        result[service.pk] = contacts
    return result


def cancel_notices(service_ids) -> dict[int, int]:
    """{service id: hours of notice to withdraw} (``RosterPolicy.cancel_notice_hours``, its
    default for a service without rules). One query."""
    default = RosterPolicy._meta.get_field("cancel_notice_hours").default
    notices = dict.fromkeys(service_ids, default)
    notices.update(RosterPolicy.objects.filter(service_id__in=list(notices))
                   .values_list("service_id", "cancel_notice_hours"))
    return notices
