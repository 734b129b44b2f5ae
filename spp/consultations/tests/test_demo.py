"""The demo: the white paper's consultation and the crèche's evaluation, built idempotently."""

import pytest
from django.urls import reverse

from spp.consultations.demo import CRECHE_EVALUATION_SLUG, WHITE_PAPER_SLUG
from spp.consultations.models import Answer, Consultation, Proposal, Response, Support
from spp.ops.demo import seed_demo

pytestmark = pytest.mark.django_db


def _counts():
    return [model.objects.count() for model in (Consultation, Response, Answer, Proposal,
                                                 Support)]


def test_the_demo_is_rich_idempotent_and_shows_on_the_service_page(client):
    seed_demo(log=lambda *args: None)
    first = _counts()
    seed_demo(log=lambda *args: None)
    assert _counts() == first
    white_paper = Consultation.objects.get(slug=WHITE_PAPER_SLUG)
    assert white_paper.title.startswith("Appel à contributions : le livre blanc")
    assert white_paper.responses.filter(status="submitted").count() >= 200
    assert white_paper.proposals.count() >= 300
    assert white_paper.proposals.filter(status="hidden").count() == 1
    evaluation = Consultation.objects.get(slug=CRECHE_EVALUATION_SLUG)
    page = client.get(reverse("catalog:service_detail", args=[evaluation.service.slug]))
    assert evaluation.title in page.content.decode()
    assert "satisfaction moyenne" in page.content.decode()
