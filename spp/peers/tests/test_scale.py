"""The scale generator writes certified experts the ranking finds, and the benchmark's cases
point at pages that answer; ranking stays within its queries at that volume."""

import random

import pytest

from bench.cases.peers import cases
from spp.core.tests.factories import UserFactory
from spp.peers.models import ExpertProfile, PeerRequest
from spp.peers.scale import COORDINATOR, generate
from spp.peers.selectors import experts_ranked
from spp.peers.tests.factories import commune

pytestmark = pytest.mark.django_db


def test_the_generated_experts_are_ranked_and_the_cases_answer(client,
                                                               django_assert_max_num_queries):
    UserFactory()  # ids that do not start at 1
    for key in ("voiron", "moirans", "voreppe", "grenoble"):
        commune(key)
    assert generate(count=3_000, rng=random.Random(1), log=lambda *a: None) > 0
    assert ExpertProfile.objects.count() == 300
    assert generate(count=3_000, rng=random.Random(1), log=lambda *a: None) == 0
    for request in PeerRequest.objects.select_related("service", "domain", "commune"):
        with django_assert_max_num_queries(3):
            assert experts_ranked(request)
    from spp.core.models import User

    client.force_login(User.objects.get(email=COORDINATOR))
    for case in cases("tiny"):
        assert client.get(case.path).status_code == 200, case.name
