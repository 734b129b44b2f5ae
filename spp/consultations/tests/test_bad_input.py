"""Bad input never answers 500 (issue #13, item 8): page numbers no list can reach or that are
not numbers, odd seeds, and searches that are very long, in any script, or look like SQL."""

import pytest
from django.urls import reverse

from spp.consultations.tests.factories import ConsultationFactory, ProposalFactory, questionnaire
from spp.core.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

BAD_PAGES = ["²", "9999999999999999999999999", "-3", "0", "1e3", "", "１"]
ODD_SEARCHES = [
    "x" * 10_000,
    "école 🚲 مرحبا 漢字 e\u0301 \u202eRTL",
    "'; DROP TABLE consultations_proposal; --",
    "' OR 1=1 --",
    '%_\\ "unbalanced -or -',
    "& | ! ( ) :* <-> ''",
]


def _consultation_with_proposals():
    consultation = ConsultationFactory(audience="anyone")
    for index in range(3):
        ProposalFactory(consultation=consultation, title=f"Idée {index}")
    return consultation


@pytest.mark.parametrize("page", BAD_PAGES)
@pytest.mark.parametrize("sort", ["newest", "supported", "random"])
def test_the_proposal_list_answers_any_page_number(client, sort, page):
    consultation = _consultation_with_proposals()
    url = reverse("consultations:proposals", args=[consultation.slug])
    response = client.get(url, {"sort": sort, "page": page})
    assert response.status_code == 200


@pytest.mark.parametrize("seed", ["²", "99999999999999999999", "-1", "abc"])
def test_the_random_list_ignores_a_seed_it_cannot_use(client, seed):
    consultation = _consultation_with_proposals()
    url = reverse("consultations:proposals", args=[consultation.slug])
    response = client.get(url, {"sort": "random", "seed": seed})
    assert response.status_code == 200 and "Idée 0" in response.content.decode()


@pytest.mark.parametrize("page", BAD_PAGES)
def test_the_free_text_answers_answer_any_page_number(client, page):
    consultation, questions = questionnaire()
    client.force_login(MembershipFactory(organisation=consultation.authority).user)
    url = reverse("consultations:results_texts",
                  args=[consultation.slug, questions["free_text"].pk])
    assert client.get(url, {"page": page}).status_code == 200


@pytest.mark.parametrize("page", BAD_PAGES)
@pytest.mark.parametrize(("path", "sort"), [("", None), ("{slug}/proposals", "newest"),
                                            ("{slug}/proposals", "random")])
def test_the_api_lists_answer_any_page_number_without_a_server_error(client, path, sort, page):
    consultation = _consultation_with_proposals()
    url = "/api/v1/consultations/" + path.format(slug=consultation.slug)
    response = client.get(url, {"page": page, **({"sort": sort} if sort else {})})
    assert response.status_code in (200, 422), response.content
    if response.status_code == 422:  # not a number: said in a problem, not a server error
        assert response["Content-Type"].startswith("application/problem+json")


@pytest.mark.parametrize("query", ODD_SEARCHES)
@pytest.mark.parametrize("sort", ["newest", "random"])
def test_odd_searches_find_nothing_or_something_but_answer(client, sort, query):
    consultation = _consultation_with_proposals()
    url = reverse("consultations:proposals", args=[consultation.slug])
    assert client.get(url, {"q": query, "sort": sort}).status_code == 200
    api = f"/api/v1/consultations/{consultation.slug}/proposals"
    assert client.get(api, {"q": query, "sort": sort}).status_code == 200
