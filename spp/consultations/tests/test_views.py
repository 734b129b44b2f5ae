"""The citizens' pages, through HTTP: answering with drafts, proposals, supports, results."""

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from spp.consultations import services
from spp.consultations.models import Proposal, Question, Response, Support
from spp.consultations.selectors import proposals as proposal_selectors
from spp.consultations.tests.factories import (
    ConsultationFactory,
    ProposalFactory,
    questionnaire,
)
from spp.core.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
K = Question.Kind


def _url(name, consultation, *args):
    return reverse(f"consultations:{name}", args=[consultation.slug, *args])


def test_a_draft_is_saved_resumed_and_submitted_through_the_page(client):
    consultation, q = questionnaire()
    client.force_login(UserFactory())
    url = _url("answer", consultation)
    response = client.post(url, {"action": "save", f"q{q[K.FREE_TEXT].pk}": "Des bancs",
                                 f"q{q[K.RANKING].pk}_0": "2", f"q{q[K.RANKING].pk}_1": "1",
                                 f"q{q[K.RANKING].pk}_2": "3"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Des bancs" in page and "Brouillon enregistré le" in page
    response = client.post(url, {"action": "submit", f"q{q[K.FREE_TEXT].pk}": "Des bancs",
                                 f"q{q[K.SINGLE].pk}": "Non"})
    assert response.status_code == 302
    assert Response.objects.get().status == "submitted"
    assert "déjà répondu" in client.get(url, follow=True).content.decode()


def test_a_refused_submission_shows_each_error_and_keeps_what_was_typed(client):
    consultation, q = questionnaire()
    client.force_login(UserFactory())
    response = client.post(_url("answer", consultation), {
        "action": "submit", f"q{q[K.FREE_TEXT].pk}": "Texte <b>gras</b> à garder",
        f"q{q[K.SCALE].pk}": "3"})
    page = response.content.decode()
    assert response.status_code == 422
    assert "Cette question demande une réponse." in page
    assert "Texte &lt;b&gt;gras&lt;/b&gt; à garder" in page
    assert Response.objects.get().status == "draft"


def test_a_closed_consultation_says_so_and_records_nothing(client):
    consultation, q = questionnaire(opens_at=timezone.now() - timedelta(days=9),
                                    closes_at=timezone.now() - timedelta(days=2))
    client.force_login(UserFactory())
    response = client.post(_url("answer", consultation),
                           {"action": "submit", f"q{q[K.SINGLE].pk}": "Oui"})
    assert "close depuis le" in response.content.decode()
    assert not Response.objects.exists()


def test_proposal_text_with_script_is_shown_escaped(client):
    consultation = ConsultationFactory()
    client.force_login(UserFactory())
    response = client.post(_url("proposal_create", consultation), {
        "title": "<script>alert('x')</script>", "body": "<img src=x onerror=alert(1)>",
        "form_token": "6f1c1c1e-1111-4111-8111-111111111111"}, follow=True)
    page = response.content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert "<img src=x" not in page
    # The same form token again creates nothing twice.
    client.post(_url("proposal_create", consultation), {
        "title": "Autre", "body": "Autre", "form_token": "6f1c1c1e-1111-4111-8111-111111111111"})
    assert Proposal.objects.count() == 1


def test_an_empty_proposal_keeps_the_text_and_names_the_field(client):
    consultation = ConsultationFactory()
    client.force_login(UserFactory())
    response = client.post(_url("proposal_create", consultation), {
        "title": "", "body": "Mon long texte",
        "form_token": "6f1c1c1e-1111-4111-8111-111111111112"})
    assert response.status_code == 422
    assert "Mon long texte" in response.content.decode()


def test_support_then_withdraw_through_the_page(client):
    proposal = ProposalFactory()
    client.force_login(UserFactory())
    url = _url("support", proposal.consultation, proposal.pk)
    client.post(url)
    client.post(url)  # a double click
    assert Support.objects.count() == 1
    assert "Retirer mon soutien" in client.get(proposal.get_absolute_url()).content.decode()
    client.post(url, {"withdraw": "1"})
    assert not Support.objects.exists()


def _titles(content: str) -> list[str]:
    return re.findall(r">(Idée numéro \d+)<", content)


def _next_link(content: str) -> str | None:
    found = re.search(r'<a href="([^"]+)" rel="next">', content)
    return html.unescape(found.group(1)) if found else None


@pytest.mark.parametrize("sort", ["newest", "supported", "random"])
def test_proposal_list_sorts_and_pages_through_every_proposal_once(client, sort):
    """A visitor following the "next" links sees every proposal once; the links carry the
    random order's seed (no session is needed), and page 1 of that seed is the same again."""
    consultation = ConsultationFactory(audience="anyone")
    for index in range(45):
        ProposalFactory(consultation=consultation, title=f"Idée numéro {index}",
                        support_count=index)
    url = _url("proposals", consultation)
    titles, link, pages = [], f"{url}?sort={sort}", 0
    while link:
        content = client.get(url + link if link.startswith("?") else link).content.decode()
        titles, link, pages = titles + _titles(content), _next_link(content), pages + 1
    assert pages == 3
    assert sorted(titles) == sorted(f"Idée numéro {i}" for i in range(45))
    assert "sessionid" not in client.cookies  # nothing was kept for the visitor
    again = f"?{link_params(content)}&page=1"
    assert _titles(client.get(url + again).content.decode()) == titles[:20]
    if sort == "supported":
        assert titles[:2] == ["Idée numéro 44", "Idée numéro 43"]


def link_params(content: str) -> str:
    """The query of the page's "previous" link without its page number (sort, seed…)."""
    found = re.search(r'<a href="\?([^"]*)page=\d+" rel="prev">', content)
    return html.unescape(found.group(1)).rstrip("&")


@pytest.mark.parametrize("sort", ["newest", "supported", "random"])
def test_deep_pages_read_by_ids_keep_the_order_of_shallow_pages(client, monkeypatch, sort):
    consultation = ConsultationFactory(audience="anyone")
    for index in range(45):
        ProposalFactory(consultation=consultation, title=f"Idée numéro {index}",
                        support_count=index % 7)
    client.force_login(UserFactory())  # signed in: every page is read live
    url = _url("proposals", consultation)
    pages = [_titles(client.get(url, {"sort": sort, "page": n}).content.decode())
             for n in (1, 2, 3)]
    monkeypatch.setattr(proposal_selectors, "DEEP", 1)  # every page after the first: by ids
    assert [_titles(client.get(url, {"sort": sort, "page": n}).content.decode())
            for n in (1, 2, 3)] == pages


def test_proposal_search_finds_words(client):
    consultation = ConsultationFactory(audience="anyone")
    ProposalFactory(consultation=consultation, title="Des pistes cyclables", body="Vélo")
    ProposalFactory(consultation=consultation, title="Une bibliothèque", body="Livres")
    content = client.get(_url("proposals", consultation), {"q": "cyclables"}).content.decode()
    assert "Des pistes cyclables" in content and "Une bibliothèque" not in content


def test_hidden_proposal_shows_its_reason_not_its_text(client):
    proposal = ProposalFactory(status="hidden", moderation_reason="Hors sujet",
                               body="Texte injurieux", consultation__audience="anyone")
    content = client.get(proposal.get_absolute_url()).content.decode()
    assert "Hors sujet" in content and "Texte injurieux" not in content
    assert ">"+proposal.title+"<" not in client.get(
        _url("proposals", proposal.consultation)).content.decode()


def test_a_hidden_proposal_keeps_its_title_from_everyone_but_the_moderators(client):
    """A title can carry the very insult that got the proposal hidden: the page shows neither
    it (heading nor window title) nor the text to others; the moderators still read both."""
    proposal = ProposalFactory(status="hidden", moderation_reason="Hors sujet",
                               title="Titre injurieux", body="Texte injurieux",
                               consultation__audience="anyone")
    for reader in (None, UserFactory()):
        if reader is not None:
            client.force_login(reader)
        content = client.get(proposal.get_absolute_url()).content.decode()
        assert "Hors sujet" in content and "Proposition masquée" in content
        assert "Titre injurieux" not in content and "Texte injurieux" not in content
    client.force_login(MembershipFactory(organisation=proposal.consultation.authority).user)
    content = client.get(proposal.get_absolute_url()).content.decode()
    assert "Titre injurieux" in content and "Texte injurieux" in content


def test_spam_and_pending_proposals_are_not_found_by_others(client):
    proposal = ProposalFactory(status="spam", consultation__audience="anyone")
    assert client.get(proposal.get_absolute_url()).status_code == 404
    client.force_login(proposal.author)
    assert client.get(proposal.get_absolute_url()).status_code == 200


def test_an_invited_evaluations_answers_are_not_readable_by_other_account_holders(client):
    """The results and free-text pages of an evaluation kept for the people the service
    invited answer 403 to anyone else signed in; the invited read them."""
    consultation, q = questionnaire(kind="evaluation", audience="invited")
    invited = UserFactory()
    consultation.invitations.create(user=invited)
    services.response_submit(actor=invited, consultation=consultation,
                             values={q[K.SINGLE].pk: q[K.SINGLE].choices[0],
                                     q[K.FREE_TEXT].pk: "Mon avis très personnel"})
    texts = _url("results_texts", consultation, q[K.FREE_TEXT].pk)
    client.force_login(UserFactory())
    for url in (_url("results", consultation), texts):
        refused = client.get(url)
        assert refused.status_code == 403
        assert "Mon avis très personnel" not in refused.content.decode()
    client.force_login(invited)
    assert "Mon avis très personnel" in client.get(texts).content.decode()


def test_the_service_page_links_an_invited_evaluations_results_for_the_invited_only(client):
    consultation, _questions = questionnaire(kind="evaluation", audience="invited")
    invited = UserFactory()
    consultation.invitations.create(user=invited)
    page = reverse("catalog:service_detail", args=[consultation.service.slug])
    link = f'href="{_url("results", consultation)}"'
    for reader in (None, UserFactory()):
        if reader is not None:
            client.force_login(reader)
        content = client.get(page).content.decode()
        assert consultation.title in content and link not in content
    client.force_login(invited)
    assert link in client.get(page).content.decode()


def test_results_are_public_after_closing_and_show_bars(client):
    consultation, q = questionnaire(audience="anyone")
    for choice in ["Oui", "Oui", "Non"]:
        services.response_submit(actor=UserFactory(), consultation=consultation,
                                 values={q[K.SINGLE].pk: choice})
    assert client.get(_url("results", consultation)).status_code == 302  # login first
    consultation.closes_at = timezone.now() - timedelta(minutes=1)
    consultation.opens_at = timezone.now() - timedelta(days=3)
    consultation.save()
    content = client.get(_url("results", consultation)).content.decode()
    assert "2 (67 %)" in content and '<rect width="67" height="1"/>' in content


def test_service_home_lists_the_services_consultations(client):
    consultation = ConsultationFactory(audience="anyone")
    content = client.get(reverse("consultations:service_home",
                                 args=[consultation.service.slug])).content.decode()
    assert consultation.title in content


@pytest.mark.postgres
def test_french_full_text_search_matches_word_forms(client):
    consultation = ConsultationFactory(audience="anyone")
    ProposalFactory(consultation=consultation, title="Des pistes cyclables sécurisées",
                    body="Pour que les enfants aillent à l’école à vélo.")
    ProposalFactory(consultation=consultation, title="Une bibliothèque", body="Des livres")
    content = client.get(_url("proposals", consultation),
                         {"q": "piste cyclable enfant"}).content.decode()
    assert "Des pistes cyclables sécurisées" in content and "Une bibliothèque" not in content


@pytest.mark.postgres
def test_the_stored_search_vector_follows_title_and_body_but_not_counters(client):
    consultation = ConsultationFactory(audience="anyone")
    proposal = ProposalFactory(consultation=consultation, title="Un marché couvert",
                               body="Le samedi matin.")
    Proposal.objects.filter(pk=proposal.pk).update(title="Une piscine municipale")
    vector = Proposal.objects.values_list("search_vector", flat=True).get(pk=proposal.pk)
    assert "piscin" in vector and "march" not in vector and "samed" in vector
    Proposal.objects.filter(pk=proposal.pk).update(support_count=3)
    assert Proposal.objects.values_list("search_vector", flat=True).get(pk=proposal.pk) == vector
    found = client.get(_url("proposals", consultation), {"q": "piscines"}).content.decode()
    assert "Une piscine municipale" in found


def test_visitors_are_sent_to_login_for_a_signed_in_consultation_and_404_for_unknown(client):
    consultation = ConsultationFactory(audience="signed_in")
    response = client.get(consultation.get_absolute_url())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get(_url("proposals", consultation)).status_code == 302
    assert client.get("/consultations/nexiste-pas/").status_code == 404
    hidden = ConsultationFactory(is_published=False)
    assert client.get(hidden.get_absolute_url()).status_code == 404
