"""Query-count guards of the consultations' lists, HTML and API: as many SQL queries with 1,000
proposals as with 10; the results page, whatever the number of responses; the consultation's
page, whatever the number of sections and questions; and a visitor's pages, which never read
the consultation's service."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from spp.consultations import services
from spp.consultations.models import Proposal, Support
from spp.consultations.tests.factories import (
    ConsultationFactory,
    ProposalFactory,
    QuestionFactory,
    SectionFactory,
    questionnaire,
)
from spp.core.tests.factories import MembershipFactory, UserFactory
from spp.ops.query_counts import assert_queries_do_not_grow as guard
from spp.ops.query_counts import queries_for, users

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


def _add_proposals(consultation, reader):
    def add(n):
        authors = users(n, prefix=f"html-author-{Proposal.objects.count()}-")
        created = Proposal.objects.bulk_create([
            Proposal(consultation=consultation, author=author, title=f"Idée {i}",
                     body="Un texte " * 40, support_count=i % 7, comment_count=i % 3)
            for i, author in enumerate(authors)])
        if reader is not None:
            Support.objects.bulk_create([Support(proposal=p, user=reader) for p in created[::3]])

    return add


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "signed-in"])
@pytest.mark.parametrize("sort", ["newest", "supported", "random"])
def test_html_proposal_list_queries_do_not_grow_with_the_proposals(client, sort, signed_in):
    consultation = ConsultationFactory(audience="anyone")
    reader = UserFactory() if signed_in else None
    if reader is not None:
        client.force_login(reader)
    seed = "&seed=2147483647" if sort == "random" else ""  # wraps around, as above
    url = f"{reverse('consultations:proposals', args=[consultation.slug])}?sort={sort}{seed}"
    guard(client, url, _add_proposals(consultation, reader))


def test_results_page_queries_do_not_grow_with_the_responses(client):
    consultation, questions = questionnaire()
    client.force_login(MembershipFactory(organisation=consultation.authority).user)
    url = reverse("consultations:results", args=[consultation.slug])

    def submit(n):
        for i in range(n):
            services.response_submit(actor=UserFactory(), consultation=consultation, values={
                questions["single_choice"].pk: "Oui",
                questions["free_text"].pk: f"Réponse libre {i}"})

    submit(3)
    client.get(url)
    few = queries_for(client, url)
    submit(9)
    assert queries_for(client, url) == few


def test_a_visitors_pages_read_the_consultation_without_its_service_and_authority(client):
    """A visitor's lists, proposal and public results name neither the service nor the
    authority, and no permission is checked against them: the consultation's query joins
    neither, and nothing reads them later; the consultation's page, which names them, joins
    them in the same query."""
    proposal = ProposalFactory(consultation__audience="anyone")
    slug = proposal.consultation.slug
    for url in (reverse("consultations:proposals", args=[slug]),
                proposal.get_absolute_url(), f"/api/v1/consultations/{slug}/proposals"):
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        assert not [q for q in context if "catalog_service" in q["sql"]], url
    with CaptureQueriesContext(connection) as context:
        page = client.get(proposal.consultation.get_absolute_url()).content.decode()
    assert proposal.consultation.service.name in page
    assert len([q for q in context if "catalog_service" in q["sql"]]) == 1


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "signed-in"])
def test_consultation_page_queries_do_not_grow_with_the_sections(client, signed_in):
    """The questionnaire's outline (each section with its number of questions, in order, an
    empty section included) costs one query, whatever the number of sections and questions."""
    consultation = ConsultationFactory(audience="anyone")
    if signed_in:
        client.force_login(UserFactory())
    url = consultation.get_absolute_url()

    def add(n):
        for _ in range(n // 10):
            section = SectionFactory(consultation=consultation)
            for _ in range(3):
                QuestionFactory(section=section)

    guard(client, url, add)
    last = SectionFactory(consultation=consultation, title="Dernière partie, sans question",
                          position=10**6)
    QuestionFactory(section=SectionFactory(consultation=consultation, title="Une question"))
    page = client.get(url).content.decode()
    assert "<li>Une question (1 question)</li>" in page
    assert "(3 questions)</li>" in page
    assert f"<li>{last.title} (0 question" in page
    assert page.index("(3 questions)") < page.index(last.title)
