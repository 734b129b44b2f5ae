"""Who sees the results follows one rule (``permissions.results_refusal``, the ability
``view_results``): the "Résultats" tab and links are shown to exactly those the page serves.
The synthesis's count of published proposals agrees with the proposals it lists."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from spp.consultations import services
from spp.consultations.models import Consultation, Proposal
from spp.consultations.tests.factories import ConsultationFactory, ProposalFactory, questionnaire
from spp.core.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _results_tab_shown(client, consultation) -> bool:
    page = client.get(reverse("consultations:detail", args=[consultation.slug]))
    assert page.status_code == 200
    return reverse("consultations:results", args=[consultation.slug]) in page.text


def _results_served(client, consultation) -> bool:
    return client.get(reverse("consultations:results", args=[consultation.slug])).status_code == 200


@pytest.mark.parametrize("closed", [False, True])
@pytest.mark.parametrize("audience", ["signed_in", "invited"])
def test_the_results_tab_is_shown_exactly_when_the_results_page_opens(client, closed, audience):
    consultation = ConsultationFactory(audience=audience)
    if closed:
        consultation.opens_at = timezone.now() - timedelta(days=10)
        consultation.closes_at = timezone.now() - timedelta(days=1)
        consultation.save()
    for person in (UserFactory(), MembershipFactory(organisation=consultation.authority).user):
        client.force_login(person)
        assert _results_tab_shown(client, consultation) == _results_served(client, consultation)


def test_a_citizen_does_not_see_the_results_tab_of_an_open_consultation(client):
    consultation, _q = questionnaire()
    client.force_login(UserFactory())
    for name in ("detail", "answer", "proposals", "proposal_create"):
        page = client.get(reverse(f"consultations:{name}", args=[consultation.slug]))
        assert reverse("consultations:results", args=[consultation.slug]) not in page.text, name
        assert '>Résultats</a>' not in page.text, name
    assert not _results_served(client, consultation)


def test_the_answer_page_shows_the_managers_their_tabs(client):
    consultation, _q = questionnaire()
    client.force_login(MembershipFactory(organisation=consultation.authority).user)
    page = client.get(reverse("consultations:answer", args=[consultation.slug]))
    assert reverse("consultations:results", args=[consultation.slug]) in page.text
    assert reverse("consultations:manage", args=[consultation.slug]) in page.text


def test_the_service_page_links_an_evaluations_results_only_when_they_open(client):
    evaluation = ConsultationFactory(kind=Consultation.Kind.EVALUATION, audience="invited")
    client.force_login(UserFactory())
    page = client.get(reverse("consultations:service_home", args=[evaluation.service.slug]))
    assert reverse("consultations:results", args=[evaluation.slug]) not in page.text
    evaluation.invitations.create(user=UserFactory())
    client.force_login(evaluation.invitations.get().user)
    page = client.get(reverse("consultations:service_home", args=[evaluation.service.slug]))
    assert reverse("consultations:results", args=[evaluation.slug]) in page.text


def _published_count_shown(text: str) -> int:
    match = re.search(r"Propositions publiées</dt><dd>([\d\s  ]+)</dd>", text)
    return int(re.sub(r"\D", "", match.group(1)))


def test_the_synthesis_counts_the_published_proposals_it_lists(client):
    consultation = ConsultationFactory(moderation=Consultation.Moderation.BEFORE)
    agent = MembershipFactory(organisation=consultation.authority).user
    people = [UserFactory() for _ in range(5)]
    proposals = [services.proposal_create(actor=person, consultation=consultation,
                                          title=f"Idée {index}", body="Un texte.")
                 for index, person in enumerate(people)]
    for proposal in proposals[:4]:
        services.moderation_decide(actor=agent, content=proposal, action="publish")
    services.moderation_decide(actor=agent, content=proposals[1], action="hide",
                               public_reason="Hors sujet")
    services.moderation_decide(actor=agent, content=proposals[2], action="spam")
    services.support_add(actor=people[0], proposal=proposals[3])
    client.force_login(agent)
    page = client.get(reverse("consultations:synthesis", args=[consultation.slug]))
    published = Proposal.objects.filter(consultation=consultation, status="published")
    assert published.count() == 2  # one still pending, one hidden, one spam
    assert _published_count_shown(page.text) == published.count()
    listed = re.findall(r'href="/consultations/[^/]+/propositions/(\d+)/"', page.text)
    assert sorted(map(int, listed)) == sorted(published.values_list("pk", flat=True))


def test_proposals_loaded_in_bulk_are_counted_once_the_counters_are_rebuilt(client):
    consultation = ConsultationFactory()
    ProposalFactory.create_batch(12, consultation=consultation)
    ProposalFactory(consultation=consultation, status="hidden", moderation_reason="Doublon")
    services.results_recount(consultation=consultation)
    client.force_login(MembershipFactory(organisation=consultation.authority).user)
    page = client.get(reverse("consultations:synthesis", args=[consultation.slug]))
    assert _published_count_shown(page.text) == 12
    assert len(re.findall(r'href="/consultations/[^/]+/propositions/\d+/"', page.text)) == 10
