"""The consultations API's proposals, through HTTP: filing (once per Idempotency-Key), what is
listed and found, each sort paged in a stable order, supports, comments and abuse reports."""

from datetime import timedelta

import pytest
from django.utils import timezone

from spp.consultations.models import AbuseReport, Comment, Proposal, Support
from spp.consultations.services import consultation_create
from spp.consultations.tests.api_calls import API, fetch
from spp.consultations.tests.factories import (
    CommentFactory,
    ConsultationFactory,
    ProposalFactory,
)
from spp.core.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_proposal_is_filed_once_per_idempotency_key(client):
    consultation = ConsultationFactory()
    client.force_login(UserFactory())
    url = f"{API}/{consultation.slug}/proposals"
    body = {"title": "Des bancs", "body": "Place de la mairie."}
    first = fetch(client, "post", url, body, key="prop-1")
    retry = fetch(client, "post", url, body, key="prop-1")
    assert first.status_code == retry.status_code == 201 and first.json() == retry.json()
    assert first.json()["status"] == "published"
    assert Proposal.objects.count() == 1


def test_an_empty_proposal_title_is_refused_with_the_field_named(client):
    consultation = ConsultationFactory()
    client.force_login(UserFactory())
    refused = fetch(client, "post", f"{API}/{consultation.slug}/proposals",
                    {"title": "  ", "body": "Un texte"})
    assert refused.status_code == 422 and "title" in refused.json()["errors"]
    assert not Proposal.objects.exists()


def test_html_in_a_proposal_is_stored_as_typed_sent_as_text_and_escaped_on_the_page(client):
    consultation = ConsultationFactory(audience="anyone")
    client.force_login(UserFactory())
    typed = {"title": "<script>alert('x')</script>", "body": "<img src=x onerror=alert(1)>"}
    created = fetch(client, "post", f"{API}/{consultation.slug}/proposals", typed).json()
    assert Proposal.objects.get().title == typed["title"]
    read = client.get(f"{API}/{consultation.slug}/proposals/{created['id']}")
    assert read["Content-Type"] == "application/json; charset=utf-8"
    assert read.json()["title"] == typed["title"] and read.json()["body"] == typed["body"]
    page = client.get(Proposal.objects.get().get_absolute_url()).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_the_consultation_context_is_sent_sanitised(client):
    agent = MembershipFactory(role="admin").user
    consultation = consultation_create(
        actor=agent, authority=agent.memberships.get().organisation, title="Budget",
        slug="budget", context="<p>Lisez</p><script>alert(1)</script>", audience="anyone",
        opens_at=timezone.now(), closes_at=timezone.now() + timedelta(days=5), is_published=True)
    context = client.get(f"{API}/{consultation.slug}").json()["context_html"]
    assert context == "<p>Lisez</p>"


def test_a_hidden_proposal_is_not_listed_and_shows_its_reason_not_its_text(client):
    proposal = ProposalFactory(status="hidden", moderation_reason="Hors sujet",
                               body="Texte injurieux", consultation__audience="anyone")
    ProposalFactory(consultation=proposal.consultation, title="Visible")
    url = f"{API}/{proposal.consultation.slug}/proposals"
    assert [p["title"] for p in client.get(url).json()["items"]] == ["Visible"]
    body = client.get(f"{url}/{proposal.pk}").json()
    assert body["moderation_reason"] == "Hors sujet" and body["body"] == ""


def test_a_hidden_proposals_title_is_withheld_like_its_text(client):
    """The title may be what got the proposal hidden: the API blanks it as it blanks the text."""
    proposal = ProposalFactory(status="hidden", moderation_reason="Hors sujet",
                               title="Titre injurieux", consultation__audience="anyone")
    url = f"{API}/{proposal.consultation.slug}/proposals/{proposal.pk}"
    body = client.get(url).json()
    assert body["title"] == "" and body["moderation_reason"] == "Hors sujet"


def test_pending_and_spam_proposals_are_not_found_by_others(client):
    proposal = ProposalFactory(status="spam", consultation__audience="anyone")
    url = f"{API}/{proposal.consultation.slug}/proposals/{proposal.pk}"
    assert client.get(url).status_code == 404
    client.force_login(proposal.author)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("sort", ["newest", "supported", "random"])
def test_each_sort_pages_through_every_proposal_once_in_a_stable_order(client, sort):
    consultation = ConsultationFactory(audience="anyone")
    for index in range(25):
        ProposalFactory(consultation=consultation, title=f"Idée {index}", support_count=index)
    url = f"{API}/{consultation.slug}/proposals"
    page = client.get(url, {"sort": sort, "limit": 10}).json()
    params = {"sort": sort, "limit": 10, **({"seed": page["seed"]} if page["seed"] else {})}
    titles = []
    while True:
        titles += [p["title"] for p in page["items"]]
        if not page["has_next"]:
            break
        page = client.get(url, {**params, "page": page["page"] + 1}).json()
    assert sorted(titles) == sorted(f"Idée {i}" for i in range(25))
    client.logout()  # a new session: the seed alone keeps the order
    again = client.get(url, params).json()
    assert [p["title"] for p in again["items"]] == titles[:10]
    if sort == "supported":
        assert titles[:2] == ["Idée 24", "Idée 23"]
    if sort == "newest":
        assert page["seed"] is None


def test_proposal_search_finds_words(client):
    consultation = ConsultationFactory(audience="anyone")
    ProposalFactory(consultation=consultation, title="Des pistes cyclables", body="Vélo")
    ProposalFactory(consultation=consultation, title="Une bibliothèque", body="Livres")
    items = client.get(f"{API}/{consultation.slug}/proposals", {"q": "cyclables"}).json()["items"]
    assert [p["title"] for p in items] == ["Des pistes cyclables"]


def test_support_twice_counts_once_then_withdraw(client):
    proposal = ProposalFactory()
    client.force_login(UserFactory())
    url = f"{API}/{proposal.consultation.slug}/proposals/{proposal.pk}/support"
    assert client.post(url).json() == {"supported": True, "support_count": 1}
    assert client.post(url).json() == {"supported": True, "support_count": 1}
    assert Support.objects.count() == 1
    detail = client.get(f"{API}/{proposal.consultation.slug}/proposals/{proposal.pk}").json()
    assert detail["supported"] and detail["support_count"] == 1
    assert client.delete(url).json() == {"supported": False, "support_count": 0}
    assert client.delete(url).json() == {"supported": False, "support_count": 0}
    assert not Support.objects.exists()


def test_supporting_ones_own_proposal_is_refused_in_french(client):
    proposal = ProposalFactory()
    client.force_login(proposal.author)
    refused = client.post(f"{API}/{proposal.consultation.slug}/proposals/{proposal.pk}/support")
    assert refused.status_code == 422
    assert refused.json()["detail"] == "Vous ne pouvez pas soutenir votre propre proposition."


def test_a_comment_is_posted_once_and_shown_with_the_proposal(client):
    proposal = ProposalFactory()
    CommentFactory(proposal=proposal, status="pending", body="En attente d’un autre")
    client.force_login(UserFactory())
    url = f"{API}/{proposal.consultation.slug}/proposals/{proposal.pk}"
    first = fetch(client, "post", f"{url}/comments", {"body": "Bonne idée"}, key="c-1")
    retry = fetch(client, "post", f"{url}/comments", {"body": "Bonne idée"}, key="c-1")
    assert first.status_code == retry.status_code == 201 and first.json() == retry.json()
    detail = client.get(url).json()
    assert [c["body"] for c in detail["comments"]] == ["Bonne idée"]
    assert detail["comment_count"] == 1 and Comment.objects.count() == 2


def test_abuse_is_reported_once_per_person_for_a_proposal_or_a_comment(client):
    comment = CommentFactory()
    proposal = comment.proposal
    client.force_login(UserFactory())
    url = f"{API}/{proposal.consultation.slug}/proposals/{proposal.pk}/reports"
    created = fetch(client, "post", url, {"reason": "Injurieux", "comment": comment.pk})
    assert created.status_code == 201 and created.json()["comment"] == comment.pk
    again = fetch(client, "post", url, {"reason": "Toujours injurieux", "comment": comment.pk})
    assert again.status_code == 422 and "déjà signalé" in again.json()["detail"]
    assert fetch(client, "post", url, {"reason": "Hors sujet"}).json()["proposal"] == proposal.pk
    assert AbuseReport.objects.count() == 2
    assert fetch(client, "post", url, {"reason": "x", "comment": 999999}).status_code == 404


def test_a_visitor_listing_in_random_order_gets_a_seed_and_no_session(client):
    from spp.core.models import PersonSession as Session  # the sessions of SESSION_ENGINE

    consultation = ConsultationFactory(audience="anyone")
    ProposalFactory(consultation=consultation)
    response = client.get(f"{API}/{consultation.slug}/proposals", {"sort": "random"})
    assert response.status_code == 200 and isinstance(response.json()["seed"], int)
    assert not response.cookies and not Session.objects.exists()
