"""Supports counted under concurrency: the denormalised ``support_count`` (the "most supported"
sort reads it) equals the support rows, whatever the race (real threads, real PostgreSQL)."""

import threading

import pytest
from django.db import connection

from spp.consultations import services_proposals
from spp.consultations.models import Proposal, Support
from spp.consultations.tests.factories import ProposalFactory
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
