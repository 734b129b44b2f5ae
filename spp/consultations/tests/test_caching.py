"""The consultations' shared caches are exact: anonymous visitors share the proposal pages and
everyone shares the consultation's row, until a write that changes what they show.

Each test first lets a page be cached, then changes the database *behind the services' back*
(a queryset ``update``, which moves no generation): the page still shows the old text, so it
is the cached copy. Then the write under test, through its service: the page is fresh."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from spp.consultations import (
    caching,
    services_authoring,
    services_moderation,
    services_proposals,
)
from spp.consultations.models import Consultation, Proposal
from spp.consultations.tests.factories import (
    CommentFactory,
    ConsultationFactory,
    ProposalFactory,
    SectionFactory,
    SupportFactory,
)
from spp.core.tests.factories import MembershipFactory, OperatorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _shared_pages(settings):
    settings.SPP_PUBLIC_PAGE_CACHE_SECONDS = 60


def _list(consultation, **params):
    return reverse("consultations:proposals", args=[consultation.slug]), params


def _get(client, url, params=None) -> str:
    response = client.get(url, params or {})
    assert response.status_code == 200
    return response.content.decode()


def _rename_behind_the_back(proposal, title):
    Proposal.objects.filter(pk=proposal.pk).update(title=title)


def test_visitors_share_the_list_until_a_proposal_is_filed_signed_in_people_read_it_live(
        client):
    consultation = ConsultationFactory(audience="anyone")
    proposal = ProposalFactory(consultation=consultation, title="Première idée")
    url, _params = _list(consultation)
    assert "Première idée" in _get(client, url)
    _rename_behind_the_back(proposal, "Idée renommée")
    assert "Première idée" in _get(client, url)  # the shared copy
    author = UserFactory()
    client.force_login(author)
    assert "Idée renommée" in _get(client, url)  # signed in: live
    services_proposals.proposal_create(actor=author, consultation=consultation,
                                       title="Une nouvelle idée", body="Des bancs au parc.")
    client.logout()
    content = _get(client, url)
    assert "Une nouvelle idée" in content and "Idée renommée" in content


def _support(proposal):
    services_proposals.support_add(actor=UserFactory(), proposal=proposal)


def _withdraw(proposal):
    support = SupportFactory(proposal=proposal)
    Proposal.objects.filter(pk=proposal.pk).update(support_count=1)  # as support_add keeps it
    services_proposals.support_withdraw(actor=support.user, proposal=proposal)


def _comment(proposal):
    services_proposals.comment_create(actor=UserFactory(), proposal=proposal, body="D’accord.")


def _hide_comment(proposal):
    comment = CommentFactory(proposal=proposal)
    Proposal.objects.filter(pk=proposal.pk).update(comment_count=1)  # as comment_create keeps it
    manager = MembershipFactory(organisation=proposal.consultation.authority).user
    services_moderation.moderation_decide(actor=manager, content=comment, action="hide",
                                          public_reason="Hors sujet")


def _hide(proposal):
    manager = MembershipFactory(organisation=proposal.consultation.authority).user
    services_moderation.moderation_decide(actor=manager, content=proposal, action="hide",
                                          public_reason="Hors sujet")


def _later(monkeypatch, seconds):
    later = timezone.now() + timedelta(seconds=seconds)
    monkeypatch.setattr(timezone, "now", lambda: later)


@pytest.mark.parametrize("write", [_support, _withdraw, _comment, _hide_comment])
def test_a_support_or_comment_refreshes_its_proposal_page_at_once_and_the_lists_soon(
        client, monkeypatch, write):
    consultation = ConsultationFactory(audience="anyone")
    proposal = ProposalFactory(consultation=consultation, title="Première idée")
    other = ProposalFactory(consultation=consultation, title="Autre idée")
    url, _params = _list(consultation)
    for page in (url, proposal.get_absolute_url(), other.get_absolute_url()):
        assert "idée" in _get(client, page)
    _rename_behind_the_back(proposal, "Idée renommée")
    _rename_behind_the_back(other, "Autre renommée")
    proposal.consultation = Consultation.objects.get(pk=consultation.pk)
    write(proposal)
    assert "Idée renommée" in _get(client, proposal.get_absolute_url())
    assert "Autre idée" in _get(client, other.get_absolute_url())  # not this one's change
    assert "Première idée" in _get(client, url)  # the list's counts may be late…
    _later(monkeypatch, caching.LIST_COUNTS_SECONDS + 1)
    assert "Idée renommée" in _get(client, url)  # …a few seconds at most


def test_hiding_a_proposal_takes_it_off_the_shared_list_at_once(client):
    consultation = ConsultationFactory(audience="anyone")
    proposal = ProposalFactory(consultation=consultation, title="Première idée")
    url, _params = _list(consultation)
    assert "Première idée" in _get(client, url)
    assert "Première idée" in _get(client, proposal.get_absolute_url())
    proposal.consultation = consultation
    _hide(proposal)
    assert "Première idée" not in _get(client, url)
    assert "Motif : Hors sujet" in _get(client, proposal.get_absolute_url())


def test_a_random_list_writes_no_session_and_its_links_keep_the_order(client):
    consultation = ConsultationFactory(audience="anyone")
    for index in range(25):
        ProposalFactory(consultation=consultation, title=f"Idée {index}")
    url, _params = _list(consultation)
    sessions = Session.objects.count()
    response = client.get(url, {"sort": "random"})
    assert response.status_code == 200 and not response.cookies
    assert Session.objects.count() == sessions
    content = response.content.decode()
    assert "&amp;seed=" in content and 'rel="next"' in content
    seed = content.split("seed=")[1].split("&")[0]
    first = _get(client, url, {"sort": "random", "seed": seed})
    ProposalFactory(consultation=consultation, title="Idée cachée")
    assert _get(client, url, {"sort": "random", "seed": seed}) == first  # shared under its seed


def test_a_consultation_edit_is_seen_at_once_and_its_old_slug_is_gone(client):
    consultation = ConsultationFactory(audience="anyone", title="Avant")
    manager = MembershipFactory(organisation=consultation.authority).user
    url, _params = _list(consultation)
    assert "Avant" in _get(client, url)
    Consultation.objects.filter(pk=consultation.pk).update(title="Derrière")
    assert "Avant" in _get(client, url)  # the shared copy (page and row)
    services_authoring.consultation_update(actor=manager, consultation=consultation,
                                           title="Après", slug="nouvelle-adresse")
    assert client.get(url).status_code == 404
    assert "Après" in _get(client, reverse("consultations:proposals", args=["nouvelle-adresse"]))


def test_unpublishing_takes_the_pages_away_from_visitors_at_once(client):
    consultation = ConsultationFactory(audience="anyone")
    proposal = ProposalFactory(consultation=consultation)
    manager = MembershipFactory(organisation=consultation.authority).user
    url, _params = _list(consultation)
    _get(client, url), _get(client, proposal.get_absolute_url())
    services_authoring.consultation_update(actor=manager, consultation=consultation,
                                           is_published=False)
    assert client.get(url).status_code == 404
    assert client.get(proposal.get_absolute_url()).status_code == 404


def test_a_first_question_adds_the_answer_link(client):
    consultation = ConsultationFactory(audience="anyone")
    section = SectionFactory(consultation=consultation)
    answer = reverse("consultations:answer", args=[consultation.slug])
    url, _params = _list(consultation)
    assert answer not in _get(client, url)
    services_authoring.question_save(actor=None, section=section, kind="free_text",
                                     label="Votre avis ?")
    assert answer in _get(client, url)


def test_a_service_taken_back_from_its_operator_is_no_longer_managed_by_it(client):
    consultation = ConsultationFactory(is_published=False)
    service = consultation.service
    service.operator = OperatorFactory()
    service.save()
    operator_agent = MembershipFactory(organisation=service.operator).user
    client.force_login(operator_agent)
    url, _params = _list(consultation)
    assert client.get(url).status_code == 200  # a manager sees the unpublished consultation
    service.operator = None
    service.save()
    assert client.get(url).status_code == 404


def test_a_page_shared_while_open_is_not_served_once_the_consultation_closes(
        client, monkeypatch):
    consultation = ConsultationFactory(audience="anyone",
                                       closes_at=timezone.now() + timedelta(seconds=30))
    proposal = ProposalFactory(consultation=consultation, title="Première idée")
    url = proposal.get_absolute_url()
    assert "Première idée" in _get(client, url)
    _rename_behind_the_back(proposal, "Idée renommée")
    _later(monkeypatch, 20)
    assert "Première idée" in _get(client, url)  # still open: the shared copy
    _later(monkeypatch, 31)
    assert "Idée renommée" in _get(client, url)


def _results(client, consultation) -> str:
    return _get(client, reverse("consultations:results", args=[consultation.slug]))


def _submitted(content: str) -> str:
    return content.split("Réponses envoyées</dt><dd>")[1].split("<")[0]


def test_the_results_change_with_each_response_started_or_submitted(client):
    from spp.consultations import services
    from spp.consultations.models import ConsultationTally
    from spp.consultations.tests.factories import questionnaire

    consultation, q = questionnaire()
    single = q["single_choice"]
    client.force_login(MembershipFactory(organisation=consultation.authority).user)
    services.response_submit(actor=UserFactory(), consultation=consultation,
                             values={single.pk: "Oui"})
    assert _submitted(_results(client, consultation)) == "1"
    ConsultationTally.objects.filter(consultation=consultation).update(count=7)
    assert _submitted(_results(client, consultation)) == "1"  # the shared copy
    services.response_save_draft(actor=UserFactory(), consultation=consultation,
                                 values={single.pk: "Non"})
    assert "Brouillons en cours</dt><dd>1<" in _results(client, consultation)  # at once
    services.response_submit(actor=UserFactory(), consultation=consultation,
                             values={single.pk: "Non"})
    content = _results(client, consultation)
    assert _submitted(content) == "8" and "1 (50 %)" in content
    ConsultationTally.objects.filter(consultation=consultation).update(count=3)
    services.results_recount(consultation=consultation)
    assert _submitted(_results(client, consultation)) == "2"


def test_the_results_count_a_proposal_as_soon_as_it_is_filed(client):
    from spp.consultations.tests.factories import questionnaire

    consultation, _q = questionnaire()
    client.force_login(MembershipFactory(organisation=consultation.authority).user)
    assert "Propositions publiées</dt><dd>0<" in _results(client, consultation)
    services_proposals.proposal_create(actor=UserFactory(), consultation=consultation,
                                       title="Une idée", body="Le détail.")
    assert "Propositions publiées</dt><dd>1<" in _results(client, consultation)


def test_a_consultation_created_under_a_slug_once_missing_is_found(client):
    url = reverse("consultations:proposals", args=["bientot"])
    assert client.get(url).status_code == 404
    ConsultationFactory(audience="anyone", slug="bientot")
    assert client.get(url).status_code == 200


def test_a_consultations_page_shows_a_new_section_to_visitors_at_once(client):
    consultation = ConsultationFactory(audience="anyone", title="Avant")
    url = reverse("consultations:detail", args=[consultation.slug])
    assert "Avant" in _get(client, url)
    Consultation.objects.filter(pk=consultation.pk).update(title="Derrière")
    assert "Avant" in _get(client, url)  # the shared copy
    services_authoring.section_create(actor=None, consultation=consultation,
                                      title="Une partie nouvelle")
    content = _get(client, url)
    assert "Derrière" in content and "Une partie nouvelle" in content


def test_results_cached_for_a_manager_are_still_refused_to_others_while_open(client):
    from spp.consultations.tests.factories import questionnaire

    consultation, _q = questionnaire(audience="anyone")
    url = reverse("consultations:results", args=[consultation.slug])
    client.force_login(MembershipFactory(organisation=consultation.authority).user)
    assert client.get(url).status_code == 200
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302  # sign in first
