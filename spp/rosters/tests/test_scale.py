"""The scale generator fills a month that the coverage view and the solver input read."""

import random

import pytest
from django.urls import reverse
from django.utils import timezone

from spp.core.models import User
from spp.rosters import scale
from spp.rosters.models import Shift
from spp.rosters.solver_input import problem_for


@pytest.mark.django_db
def test_generate_is_idempotent_and_readable(client):
    assert scale.generate(count=30, rng=random.Random(1), log=lambda *a: None) > 0
    assert scale.generate(count=30, rng=random.Random(1), log=lambda *a: None) == 0
    service_shifts = Shift.objects.filter(service__slug=scale.SLUG)
    assert service_shifts.count() >= 6 * 28
    client.force_login(User.objects.get(email=scale.COORDINATOR))
    month = timezone.localdate().strftime("%Y-%m")
    assert client.get(reverse("rosters:coverage", args=[scale.SLUG]),
                      {"month": month}).status_code == 200
    first = timezone.localdate().replace(day=1)
    problem, _needs = problem_for(service_shifts.first().service, first, first)
    assert len(problem.people) == 30
