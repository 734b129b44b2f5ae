"""The scale generator writes consistent rows (small count; the real runs are benchmarks)."""

import random

import pytest

from spp.catalog.models import Participation
from spp.catalog.tests.factories import ServiceFactory
from spp.consultations import tallies
from spp.consultations.models import Answer, AnswerTally, Consultation, Proposal, Support
from spp.consultations.scale import SLUG, generate
from spp.consultations.tests.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def test_generate_writes_answers_proposals_supports_and_ledger_rows():
    ServiceFactory(slug="livre-blanc-spp", patterns=["consultation"])
    generate(count=2000, rng=random.Random(1), log=lambda *args: None)
    consultation = Consultation.objects.get(slug=SLUG)
    assert Answer.objects.filter(response__consultation=consultation).count() == 2000
    assert Proposal.objects.filter(consultation=consultation).count() == 200
    assert Participation.objects.filter(kind="contribution").count() == 200
    ids = list(consultation.questions.values_list("pk", flat=True))
    assert tallies.stored(ids, tally_model=AnswerTally) == tallies.recount(ids,
                                                                           answer_model=Answer)
    for proposal in Proposal.objects.filter(consultation=consultation)[:50]:
        assert proposal.supports.count() == proposal.support_count
    # Sequences were moved on: ordinary inserts still work.
    ProposalFactory(consultation=consultation)
    assert Support.objects.exists()


def test_every_benchmark_case_answers_as_expected_on_generated_data(client):
    from bench.cases.consultations import LOGIN, MANAGER, cases
    from spp.core.tests.factories import MembershipFactory, UserFactory

    service = ServiceFactory(slug="livre-blanc-spp", patterns=["consultation"])
    generate(count=500, rng=random.Random(2), log=lambda *args: None)
    UserFactory(email=LOGIN)
    MembershipFactory(user=UserFactory(email=MANAGER), organisation=service.authority)
    found = cases("tiny")
    assert {"consultations.proposal_page", "consultations.answer_save"} <= {c.name for c in found}
    for case in found:
        client.logout()
        if case.login_email:
            from spp.core.models import User

            client.force_login(User.objects.get(email=case.login_email))
        call = client.post if case.method == "POST" else client.get
        assert call(case.path, case.data or {}).status_code == case.expected_status, case.name
