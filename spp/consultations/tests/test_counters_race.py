"""Counters under concurrency (real threads, real PostgreSQL): the denormalised
``support_count`` (the "most supported" sort reads it) equals the support rows, and the
results' counters equal a recount of the answers, whatever the race."""

import pytest

from spp.consultations import services, tallies
from spp.consultations.models import Proposal, Question, Support
from spp.consultations.tests.factories import ProposalFactory, questionnaire
from spp.consultations.tests.test_results import answer_values, counters_match_a_recount
from spp.core.tests.factories import UserFactory
from spp.ops.query_counts import at_once


def _all_at_once(calls) -> list[str]:
    """Every call released at the same instant; the errors they raised (none expected)."""

    def guarded(call):
        try:
            call()
        except Exception as error:  # reported by the test
            return repr(error)
        return None

    return [error for error in at_once([lambda c=c: guarded(c) for c in calls]) if error]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_supports_double_clicks_and_withdrawals_keep_the_count_exact():
    proposal = ProposalFactory()
    people = [UserFactory() for _ in range(8)]
    calls = [lambda p=p: services.support_add(actor=p, proposal=proposal)
             for p in people for _twice in range(2)]  # every person clicks twice
    assert _all_at_once(calls) == []
    assert Proposal.objects.get(pk=proposal.pk).support_count == 8
    calls = [lambda p=p: services.support_withdraw(actor=p, proposal=proposal)
             for p in people[:5] for _twice in range(2)]
    assert _all_at_once(calls) == []
    assert Proposal.objects.get(pk=proposal.pk).support_count == 3 == Support.objects.count()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_lose_no_count():
    consultation, q = questionnaire()
    people = [UserFactory() for _ in range(12)]
    calls = [lambda i=i, p=p: services.response_submit(actor=p, consultation=consultation,
                                                       values=answer_values(q, i))
             for i, p in enumerate(people)]
    assert _all_at_once(calls) == []
    counted = counters_match_a_recount(consultation)
    assert counted[(q[Question.Kind.SINGLE].pk, tallies.RESPONDENTS)] == (12, 0)
