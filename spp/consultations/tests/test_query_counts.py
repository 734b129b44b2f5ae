"""Query-count guards of the consultations API's lists: as many SQL queries with 1,000
proposals as with 10."""

import pytest

from spp.consultations.models import Proposal, Support
from spp.consultations.tests.factories import ConsultationFactory
from spp.core.tests.factories import UserFactory
from spp.ops.testing import assert_queries_do_not_grow as guard
from spp.ops.testing import users

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("sort", ["newest", "supported", "random"])
def test_api_proposals_list_queries_do_not_grow_with_the_proposals(client, sort):
    consultation = ConsultationFactory(audience="anyone")
    reader = UserFactory()
    client.force_login(reader)

    def add(n):
        authors = users(n, prefix=f"author-{Proposal.objects.count()}-")
        created = Proposal.objects.bulk_create([
            Proposal(consultation=consultation, author=author, title=f"Idée {i}",
                     body="Un texte " * 40, support_count=i % 7)
            for i, author in enumerate(authors)])
        Support.objects.bulk_create([Support(proposal=p, user=reader) for p in created[::3]])

    # A seed above every shuffle key: the random page wraps around with 10 proposals and 1,000.
    seed = "&seed=2147483647" if sort == "random" else ""
    url = f"/api/v1/consultations/{consultation.slug}/proposals?sort={sort}{seed}"
    guard(client, url, add)


def test_api_consultations_list_queries_do_not_grow_with_the_consultations(client):
    client.force_login(UserFactory())
    guard(client, "/api/v1/consultations/",
          lambda n: ConsultationFactory.create_batch(n, audience="anyone"))
