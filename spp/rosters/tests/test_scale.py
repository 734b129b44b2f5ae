"""The scale generator makes two years of shifts that the coverage, the open shifts and the
solver input read, with the needs' live-place counters already true."""

import random
from datetime import timedelta

import pytest
from django.db.models import Max, Min
from django.urls import reverse
from django.utils import timezone

from spp.core.models import User
from spp.rosters import scale
from spp.rosters.models import Assignment, Shift, ShiftNeed
from spp.rosters.services.common import need_counts_refresh
from spp.rosters.solver.input import problem_for


@pytest.mark.django_db
def test_generate_is_idempotent_and_readable(client):
    assert scale.generate(count=30, rng=random.Random(1), log=lambda *a: None) > 0
    assert scale.generate(count=30, rng=random.Random(1), log=lambda *a: None) == 0
    service_shifts = Shift.objects.filter(service__slug=scale.SLUG)
    span = service_shifts.aggregate(first=Min("starts_at"), last=Max("starts_at"))
    assert span["last"] - span["first"] >= timedelta(days=720)
    assert service_shifts.count() >= 6 * 720
    assert Assignment.objects.filter(shift__service__slug=scale.SLUG).count() > 1.5 * len(
        service_shifts)
    counted = list(ShiftNeed.objects.order_by("pk").values_list("assigned_count", flat=True))
    need_counts_refresh(ShiftNeed.objects.all())
    assert counted == list(ShiftNeed.objects.order_by("pk").values_list("assigned_count",
                                                                         flat=True))
    client.force_login(User.objects.get(email=scale.COORDINATOR))
    month = timezone.localdate().strftime("%Y-%m")
    coverage = reverse("rosters:coverage", args=[scale.SLUG])
    assert client.get(coverage, {"month": month}).status_code == 200
    assert client.get(coverage, {"jour": f"{timezone.localdate():%Y-%m-%d}"}).status_code == 200
    client.force_login(User.objects.get(email=scale.VOLUNTEER))
    assert client.get(reverse("rosters:open_shifts", args=[scale.SLUG])).status_code == 200
    first = timezone.localdate().replace(day=1)
    problem, _needs = problem_for(service_shifts.first().service, first, first)
    assert len(problem.people) == 30
