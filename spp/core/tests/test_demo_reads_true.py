"""The demo reads true: a service on Voiron covers Voiron alone, and the white paper's
proposals have titles of their own and no more supports than the consultation has
participants."""

import re

import pytest
from django.db.models import Count, F

from spp.catalog.demo import seed_catalog
from spp.catalog.models import Service
from spp.consultations import demo as consultations_demo
from spp.consultations.models import Consultation, Proposal, Response, Support
from spp.core.demo import seed_people
from spp.core.models import Commune

pytestmark = pytest.mark.django_db

VOIRON = "38563"
GRENOBLE_SUBURBS = {"38111", "38158", "38382", "38474"}  # Claix, Eybens, Saint-Égrève, Sassenage


def _quiet(*args):
    pass


def _catalog():
    context = seed_people(log=_quiet)
    seed_catalog(context, log=_quiet)
    return context


def _insee(service) -> set[str]:
    return set(service.communes.values_list("insee", flat=True))


def test_a_service_on_voiron_covers_voiron_alone_and_none_covers_grenobles_suburbs():
    _catalog()
    on_voiron = Service.objects.filter(territory_label="Voiron")
    assert on_voiron.count() >= 4
    for service in on_voiron:
        assert _insee(service) == {VOIRON}, service.slug
    for service in Service.objects.filter(territory_label="Pays Voironnais"):
        assert VOIRON in _insee(service)
        assert len(_insee(service)) > 1
        assert not _insee(service) & GRENOBLE_SUBURBS, service.slug


def test_seeding_again_corrects_the_territory_of_a_demo_seeded_before():
    _catalog()
    roads = Service.objects.get(slug="voirie-voiron")
    roads.communes.add(*Commune.objects.filter(insee__in=GRENOBLE_SUBURBS))
    _catalog()
    assert _insee(roads) == {VOIRON}


def test_the_white_papers_proposals_have_distinct_sentence_titles():
    consultations_demo.seed(_catalog())
    proposals = Proposal.objects.filter(consultation__slug=consultations_demo.WHITE_PAPER_SLUG)
    titles = list(proposals.values_list("title", flat=True))
    assert len(titles) >= 300
    assert len({title.casefold() for title in titles}) == len(titles)
    for title in titles:
        assert title[0].isupper(), title
        assert len(title.split()) >= 5, title
        assert not re.search(r"\d+\s*$", title), title
        assert not title.lower().startswith("proposition"), title


def test_no_proposal_has_more_supports_than_the_consultation_has_participants():
    consultations_demo.seed(_catalog())
    white_paper = Consultation.objects.get(slug=consultations_demo.WHITE_PAPER_SLUG)
    participants = set(
        white_paper.responses.filter(status=Response.Status.SUBMITTED).values_list(
            "user_id", flat=True
        )
    )
    proposals = white_paper.proposals.annotate(
        supporters=Count("supports__user", distinct=True), rows=Count("supports")
    )
    assert any(p.support_count > 0 for p in proposals)
    for proposal in proposals:
        assert proposal.support_count == proposal.supporters == proposal.rows, proposal.title
        assert proposal.support_count <= len(participants), proposal.title
    supporters = set(
        Support.objects.filter(proposal__consultation=white_paper).values_list("user_id", flat=True)
    )
    assert supporters <= participants
    assert not Support.objects.filter(
        proposal__consultation=white_paper, user_id=F("proposal__author_id")
    ).exists()


def test_the_white_papers_summary_counts_the_proposals_its_list_shows():
    """The staff summary said "Propositions publiées 0" above the ten most supported proposals:
    the demo recounted the results before loading its proposals in bulk."""
    from spp.consultations.results import consultation_counts

    consultations_demo.seed(_catalog())
    white_paper = Consultation.objects.get(slug=consultations_demo.WHITE_PAPER_SLUG)
    published = white_paper.proposals.filter(status=Proposal.Status.PUBLISHED).count()
    assert published >= 300
    assert consultation_counts(white_paper, with_drafts=False)["proposals"] == published
