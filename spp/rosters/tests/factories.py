"""Factories for the rosters tables, and a helper building a ready service: a coordinator,
enrolled volunteers with qualifications, and weekly availability."""

from datetime import timedelta

import factory
from django.utils import timezone

from spp.catalog.tests.factories import (
    EnrolmentFactory,
    QualificationFactory,
    QualificationTypeFactory,
    service_with_charter,
)
from spp.core.tests.factories import MembershipFactory, UserFactory
from spp.rosters.models import AvailabilityWindow, Shift, ShiftNeed


class ShiftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Shift

    title = "Garde de jour"
    place = "Centre de secours de Voiron"
    starts_at = factory.LazyFunction(
        lambda: (timezone.localtime() + timedelta(days=3)).replace(hour=8, minute=0, second=0,
                                                                   microsecond=0))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=4))


class ShiftNeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShiftNeed

    shift = factory.SubFactory(ShiftFactory)
    qualification_type = None
    min_count = 1
    max_count = 1


def coordinator_of(service):
    return MembershipFactory(organisation=service.authority, role="coordinator").user


def volunteer(service, *codes, always_available: bool = True, **user_fields):
    """An enrolled person holding ``codes`` (verified, valid), available all week."""
    user = UserFactory(**user_fields)
    EnrolmentFactory(user=user, service=service)
    for code in codes:
        QualificationFactory(user=user, qualification_type=QualificationTypeFactory(code=code))
    if always_available:
        AvailabilityWindow.objects.bulk_create([
            AvailabilityWindow(user=user, service=service, weekday=d, start_minute=0,
                               end_minute=1440) for d in range(7)])
    return user


def roster_service(**kwargs):
    return service_with_charter(**kwargs)


def shift_with_need(service, code: str | None = None, *, min_count=1, max_count=1, **fields):
    shift = ShiftFactory(service=service, **fields)
    qtype = QualificationTypeFactory(code=code) if code else None
    need = ShiftNeedFactory(shift=shift, qualification_type=qtype, min_count=min_count,
                            max_count=max_count)
    return shift, need
