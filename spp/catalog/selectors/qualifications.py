"""Reads of qualifications: what a person holds, and holds validly on a day."""

import calendar
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from spp.catalog.models import (
    Qualification,
    Service,
)


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def qualifications_of(user) -> QuerySet[Qualification]:
    return (
        Qualification.objects.filter(user=user)
        .select_related("qualification_type", "verified_by")
        .order_by("qualification_type__name", "-obtained_on")
    )


def qualifications_valid_on(user, day: date) -> set[str]:
    """Codes of the qualification types the person holds, verified and valid on ``day``,
    including those their qualifications count as (``includes``). In-training ones excluded."""
    codes: set[str] = set()
    held = (
        Qualification.objects.filter(
            user=user, in_training=False, verified_at__isnull=False, obtained_on__lte=day
        )
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=day))
        .select_related("qualification_type")
        .prefetch_related("qualification_type__includes")
    )
    for qualification in held:
        codes.add(qualification.qualification_type.code)
        codes.update(t.code for t in qualification.qualification_type.includes.all())
    return codes


def qualifications_missing_for(user, service: Service, day: date | None = None):
    """The service's required qualification types that the person does not hold validly."""
    day = day or timezone.localdate()
    valid = qualifications_valid_on(user, day)
    return [t for t in service.required_qualifications.all() if t.code not in valid]
