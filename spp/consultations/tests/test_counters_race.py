"""Counters under concurrency (real threads, real PostgreSQL): the denormalised
``support_count`` (the "most supported" sort reads it) equals the support rows, and the
results' counters equal a recount of the answers, whatever the race."""

import threading

import pytest
from django.db import connection

from spp.consultations import services, services_proposals, tallies
from spp.consultations.models import Proposal, Question, Support
from spp.consultations.tests.factories import ProposalFactory, questionnaire
from spp.consultations.tests.test_results import answer_values, counters_match_a_recount
from spp.core.tests.factories import UserFactory


def _all_at_once(calls) -> list[str]:
    barrier, failures = threading.Barrier(len(calls)), []

    def run(call):
        try:
            barrier.wait()
            call()
        except Exception as error:  # reported by the test
            failures.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_supports_double_clicks_and_withdrawals_keep_the_count_exact():
    proposal = ProposalFactory()
    people = [UserFactory() for _ in range(8)]
    calls = [lambda p=p: services_proposals.support_add(actor=p, proposal=proposal)
             for p in people for _twice in range(2)]  # every person clicks twice
    assert _all_at_once(calls) == []
    assert Proposal.objects.get(pk=proposal.pk).support_count == 8
    calls = [lambda p=p: services_proposals.support_withdraw(actor=p, proposal=proposal)
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
