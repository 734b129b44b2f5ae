"""Each write shows on the pages that read it, at once, for visitors and signed-in people
alike: every page is computed for its request (with the shared anonymous pages turned off, as
in every test: ``SPP_PUBLIC_PAGE_CACHE_SECONDS`` is 0)."""

import pytest
from django.urls import reverse

from spp.consultations import services
from spp.consultations.tests.factories import (
    ConsultationFactory,
    ProposalFactory,
    SectionFactory,
    questionnaire,
)
from spp.core.models import PersonSession as Session  # the sessions of SESSION_ENGINE
from spp.core.tests.factories import MembershipFactory, OperatorFactory, UserFactory

pytestmark = pytest.mark.django_db


def _list_url(consultation) -> str:
    return reverse("consultations:proposals", args=[consultation.slug])


def _get(client, url, params=None) -> str:
    response = client.get(url, params or {})
    assert response.status_code == 200
    return response.content.decode()


def _manager(consultation):
    return MembershipFactory(organisation=consultation.authority).user


def test_a_filed_proposal_is_listed_for_visitors_at_once(client):
    consultation = ConsultationFactory(audience="anyone")
    assert "Une nouvelle idée" not in _get(client, _list_url(consultation))
    services.proposal_create(actor=UserFactory(), consultation=consultation,
                             title="Une nouvelle idée", body="Des bancs au parc.")
    assert "Une nouvelle idée" in _get(client, _list_url(consultation))


def test_a_support_shows_in_the_list_and_on_the_proposal_page_at_once(client):
    consultation = ConsultationFactory(audience="anyone")
    proposal = ProposalFactory(consultation=consultation)
    services.support_add(actor=UserFactory(), proposal=proposal)
    assert "1 soutien" in _get(client, _list_url(consultation))
    assert "1 soutien" in _get(client, proposal.get_absolute_url())


def test_hiding_a_proposal_takes_it_off_the_list_and_shows_the_reason_on_its_page(client):
    consultation = ConsultationFactory(audience="anyone")
    proposal = ProposalFactory(consultation=consultation, title="Première idée")
    assert "Première idée" in _get(client, _list_url(consultation))
    services.moderation_decide(actor=_manager(consultation), content=proposal,
                               action="hide", public_reason="Hors sujet")
    assert "Première idée" not in _get(client, _list_url(consultation))
    assert "Motif : Hors sujet" in _get(client, proposal.get_absolute_url())


def test_a_random_list_writes_no_session_and_its_links_keep_the_order(client):
    consultation = ConsultationFactory(audience="anyone")
    for index in range(25):
        ProposalFactory(consultation=consultation, title=f"Idée {index}")
    sessions = Session.objects.count()
    response = client.get(_list_url(consultation), {"sort": "random"})
    assert response.status_code == 200 and not response.cookies
    assert Session.objects.count() == sessions
    content = response.content.decode()
    assert "&amp;seed=" in content and 'rel="next"' in content
    seed = content.split("seed=")[1].split("&")[0]
    first = _get(client, _list_url(consultation), {"sort": "random", "seed": seed})
    assert _get(client, _list_url(consultation), {"sort": "random", "seed": seed}) == first


def test_a_consultation_moved_to_a_new_slug_is_found_there_only(client):
    consultation = ConsultationFactory(audience="anyone", title="Avant")
    url = _list_url(consultation)
    assert "Avant" in _get(client, url)
    services.consultation_update(actor=_manager(consultation),
                                 consultation=consultation, title="Après",
                                 slug="nouvelle-adresse")
    assert client.get(url).status_code == 404
    assert "Après" in _get(client, reverse("consultations:proposals", args=["nouvelle-adresse"]))


def test_unpublishing_takes_the_pages_away_from_visitors(client):
    consultation = ConsultationFactory(audience="anyone")
    proposal = ProposalFactory(consultation=consultation)
    services.consultation_update(actor=_manager(consultation),
                                 consultation=consultation, is_published=False)
    assert client.get(_list_url(consultation)).status_code == 404
    assert client.get(proposal.get_absolute_url()).status_code == 404


def test_a_first_question_adds_the_answer_link_and_a_new_section_shows(client):
    consultation = ConsultationFactory(audience="anyone")
    section = SectionFactory(consultation=consultation)
    answer = reverse("consultations:answer", args=[consultation.slug])
    assert answer not in _get(client, _list_url(consultation))
    services.question_save(actor=None, section=section, kind="free_text",
                           label="Votre avis ?")
    assert answer in _get(client, _list_url(consultation))
    services.section_create(actor=None, consultation=consultation,
                            title="Une partie nouvelle")
    assert "Une partie nouvelle" in _get(client, consultation.get_absolute_url())


def test_a_service_taken_back_from_its_operator_is_no_longer_managed_by_it(client):
    consultation = ConsultationFactory(is_published=False)
    service = consultation.service
    service.operator = OperatorFactory()
    service.save()
    client.force_login(MembershipFactory(organisation=service.operator).user)
    assert client.get(_list_url(consultation)).status_code == 200  # manages the unpublished
    service.operator = None
    service.save()
    assert client.get(_list_url(consultation)).status_code == 404


def test_a_consultation_created_under_a_slug_once_missing_is_found(client):
    url = reverse("consultations:proposals", args=["bientot"])
    assert client.get(url).status_code == 404
    ConsultationFactory(audience="anyone", slug="bientot")
    assert client.get(url).status_code == 200


def _results(client, consultation) -> str:
    return _get(client, reverse("consultations:results", args=[consultation.slug]))


def _submitted(content: str) -> str:
    return content.split("Réponses envoyées</dt><dd>")[1].split("<")[0]


def test_the_results_follow_each_draft_submission_proposal_and_recount(client):
    consultation, q = questionnaire()
    single = q["single_choice"]
    client.force_login(_manager(consultation))
    services.response_submit(actor=UserFactory(), consultation=consultation,
                             values={single.pk: "Oui"})
    assert _submitted(_results(client, consultation)) == "1"
    services.response_save_draft(actor=UserFactory(), consultation=consultation,
                                 values={single.pk: "Non"})
    assert "Brouillons en cours</dt><dd>1<" in _results(client, consultation)
    services.response_submit(actor=UserFactory(), consultation=consultation,
                             values={single.pk: "Non"})
    content = _results(client, consultation)
    assert _submitted(content) == "2" and "1 (50 %)" in content
    services.proposal_create(actor=UserFactory(), consultation=consultation,
                             title="Une idée", body="Le détail.")
    assert "Propositions publiées</dt><dd>1<" in _results(client, consultation)
    services.results_recount(consultation=consultation)
    assert _submitted(_results(client, consultation)) == "2"


def test_results_read_by_a_manager_are_still_refused_to_others_while_open(client):
    consultation, _q = questionnaire(audience="anyone")
    url = reverse("consultations:results", args=[consultation.slug])
    client.force_login(_manager(consultation))
    assert client.get(url).status_code == 200
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302  # sign in first
