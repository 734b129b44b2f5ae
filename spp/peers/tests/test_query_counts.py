"""The queries of the ranking page the benchmark measures, beyond the page's frame (the person,
the brand, the charter banner, the menu's roles: the core's to count,
``spp/core/tests/test_page_frame.py``), told apart as those a frame-only page opened by the
same person just before also ran. The count is fixed whatever the number of experts
(``test_views`` checks that it does not grow)."""

import pytest

from spp.ops.query_counts import page_own_queries
from spp.peers.tests.factories import ask, coordinator_of, expert, peers_service

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("mode, where", [("phone", None), ("in_person", "voiron")])
def test_the_ranking_reads_five_queries_and_no_personal_field(client, mode, where):
    """The request (without its personal fields), the experts who already accompanied the
    requester, the service's required qualifications and the ranked reads, two here: by phone
    fewer speakers of the language than the page shows, so the others are walked too; in
    person fewer experts within a quarter of their radius than the page shows, so everyone
    within reach is read too (with more, the first read may be enough: four)."""
    service = peers_service()
    for _ in range(3):
        expert(service)
    request = ask(service, mode=mode, where=where)
    client.force_login(coordinator_of(service))
    queries = page_own_queries(client, f"/pairs/demandes/{request.pk}/pairs/")
    assert len(queries) == 5
    personal = ('"first_name"', '"phone"', '"email"', '"availability"')
    assert not any(f'"peers_peerrequest".{column}' in query["sql"] for query in queries
                   for column in personal)
