"""Counting ahead who is qualified and available, for the coverage day view.

The count reads every participant's qualifications, windows and exceptions (thousands of rows
at a large service): done on each request, the day view grew with the number of volunteers.
``availability_count`` does it for the coming days, every few minutes
(``manage.py rosters_count_availability``, or the task ``availability_count_task``), and keeps
one ``DayAvailability`` row a day; the page reads that row and says when it was counted."""

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from spp.catalog.models import Pattern, Service
from spp.rosters.models import DayAvailability, Shift
from spp.rosters.selectors.coverage import availability_ahead
from spp.rosters.selectors.shifts import local_bounds


def availability_count(*, service: Service, first: date, last: date) -> int:
    """Count who is qualified and available on each day from ``first`` to ``last`` (per need
    of the shifts starting that day, and per qualification hour by hour, exactly as the day
    view counts them) and keep it, replacing the earlier count of those days and forgetting
    the days before ``first``. Returns the number of days counted. Two runs at once are
    serialised on the service's row."""
    counted_at = timezone.now()
    rows = [DayAvailability(service=service, day=day, counted_at=counted_at, needs=needs,
                            hours=hours)
            for day, (needs, hours) in availability_ahead(service, first, last).items()]
    with transaction.atomic():
        Service.objects.select_for_update().filter(pk=service.pk).first()
        # The days counted again, and the days gone by.
        DayAvailability.objects.filter(service=service, day__lte=last).delete()
        DayAvailability.objects.bulk_create(rows)
    return len(rows)


def availability_count_ahead() -> dict[str, int]:
    """``availability_count`` for every rosters service with shifts from today to
    ``ROSTERS_AVAILABILITY_DAYS`` days ahead: {service slug: days counted}."""
    first = timezone.localdate()
    last = first + timedelta(days=settings.ROSTERS_AVAILABILITY_DAYS - 1)
    start, end = local_bounds(first, last)
    with_shifts = Shift.objects.filter(starts_at__gte=start, starts_at__lt=end).values("service")
    return {service.slug: availability_count(service=service, first=first, last=last)
            for service in Service.objects.filter(pk__in=with_shifts).order_by("pk")
            if Pattern.ROSTER in service.patterns}
