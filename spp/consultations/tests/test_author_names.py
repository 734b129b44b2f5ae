"""What the public reads beside a proposal or a comment is the author's first name, or a stable
pseudonym: never their email, on the list, the proposal's page or the API."""

import pytest
from django.urls import reverse

from spp.consultations.tests.factories import CommentFactory, ProposalFactory
from spp.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_author_without_a_first_name_is_shown_by_a_stable_pseudonym_not_by_email(client):
    author = UserFactory(first_name="", email="camille.secret@exemple.fr")
    proposal = ProposalFactory(author=author, consultation__audience="anyone")
    CommentFactory(proposal=proposal, author=author)
    slug = proposal.consultation.slug
    pages = [
        client.get(reverse("consultations:proposals", args=[slug])).content.decode(),
        client.get(reverse("consultations:proposal", args=[slug, proposal.pk])).content.decode(),
        client.get(f"/api/v1/consultations/{slug}/proposals/{proposal.pk}").content.decode(),
    ]
    assert author.public_name.startswith("Participant ")
    for page in pages:
        assert "camille.secret" not in page
        assert author.public_name in page


def test_an_author_with_a_first_name_is_shown_by_it():
    assert UserFactory(first_name="Camille").public_name == "Camille"
