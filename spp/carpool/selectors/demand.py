"""Reads for passengers' requests made without the site (SMS) and for guaranteed rides: the
stops a text may name, the person a number belongs to, a phone's last search, the searches
whose guaranteed ride is due, and who coordinates a line."""

from datetime import timedelta

from django.db.models import F, Q, Value
from django.db.models.functions import Replace

from spp.carpool.models import Booking, RideSearch, Stop
from spp.catalog.models import Enrolment
from spp.core.models import User
from spp.core.sms import phone_variants

SMS_FOLLOW_UP_HOURS = 3


def stops_of_service(service) -> list[Stop]:
    """The stops of the service's active lines, line by line in order (one query): what an
    SMS's stop names are matched against."""
    return list(Stop.objects.filter(line__service=service, line__is_active=True)
                .select_related("line").order_by("line__name", "line_id", "position"))


def contributor_by_phone(service, phone: str) -> User | None:
    """The active contributor of ``service`` whose profile holds this number, whatever its
    spelling (spaces, dots, dashes, +33 or 0); None when nobody, or more than one person, has
    it: a booking is never made for a guess. The join starts from the service's active
    enrolments (index on enrolment service and status), so no table of people is scanned."""
    variants = phone_variants(phone)
    if not variants:
        return None
    compact = F("phone")
    for separator in (" ", ".", "-", "(", ")"):
        compact = Replace(compact, Value(separator), Value(""))
    people = list(User.objects.filter(
        pk__in=Enrolment.objects.filter(service=service, status=Enrolment.Status.ACTIVE)
        .values("user_id"), is_active=True, erased_at__isnull=True)
        .exclude(phone="").annotate(phone_compact=compact)
        .filter(phone_compact__in=variants)[:2])
    return people[0] if len(people) == 1 else None


def sms_search_last(service, phone: str, *, now) -> RideSearch | None:
    """The last search this number sent to the service's lines in the last few hours: what
    "RESA n" and "GARANTI" answer to."""
    return (RideSearch.objects.filter(
        channel=RideSearch.Channel.SMS, phone=phone, line__service=service,
        created_at__gte=now - timedelta(hours=SMS_FOLLOW_UP_HOURS))
        .select_related("line__service", "boarding_stop", "alighting_stop", "passenger")
        .order_by("-created_at", "-id").first())


def sms_search_repeated(*, line, phone: str, boarding_stop, alighting_stop, window_end,
                        seats: int, now) -> RideSearch | None:
    """The same search from the same number a moment ago: a gateway retrying its post, which
    must not count as a second search."""
    return (RideSearch.objects.filter(
        channel=RideSearch.Channel.SMS, phone=phone, line=line, boarding_stop=boarding_stop,
        alighting_stop=alighting_stop, window_end=window_end, seats=seats,
        created_at__gte=now - timedelta(minutes=2)).order_by("-created_at").first())


def guarantees_due(*, now):
    """Searches waiting for a driver past their due time (partial index
    ``carpool_search_due_idx``)."""
    return (RideSearch.objects.filter(guarantee=RideSearch.Guarantee.WAITING,
                                      guarantee_due_at__lte=now)
            .order_by("guarantee_due_at").values_list("pk", flat=True))


def booking_in_window_exists(search: RideSearch) -> bool:
    """Whether the search's passenger holds a live booking on the line, boarding in the
    searched window (index ``carpool_booking_pass_idx``)."""
    if search.passenger_id is None:
        return False
    return Booking.objects.filter(
        passenger_id=search.passenger_id, trip__line_id=search.line_id,
        status__in=Booking.LIVE, boards_at__gte=search.window_start,
        boards_at__lte=search.window_end).exists()


def line_coordinators(line) -> list[User]:
    """The coordinators and admins of the line's service's authority and operator."""
    service = line.service
    organisations = [service.authority_id] + ([service.operator_id]
                                              if service.operator_id else [])
    return list(User.objects.filter(
        Q(memberships__organisation_id__in=organisations)
        & Q(memberships__role__in=["coordinator", "admin"]), is_active=True).distinct())
