"""The texts of the busiest pages, formatted once per page in Python rather than by template
tags per row (``selectors.proposal_cards``, ``results.question_result``): they read as the
tags wrote them — links, names, days in the reader's time zone and language, counts in words —
and the results show each free-text question's latest submitted answers."""

from datetime import UTC, datetime, timedelta

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from spp.consultations import selectors, services
from spp.consultations.models import Question
from spp.consultations.tests.factories import (
    CommentFactory,
    ConsultationFactory,
    ProposalFactory,
    QuestionFactory,
    SectionFactory,
    questionnaire,
)
from spp.core.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
K = Question.Kind


def test_a_card_links_to_its_proposal_and_says_who_when_and_how_many_in_words(client):
    consultation = ConsultationFactory(audience="anyone")
    # 23:30 in UTC on 31 December is already 1 January in Paris.
    late = ProposalFactory(consultation=consultation, author=UserFactory(first_name="Maëlle"),
                           title="Une idée tardive", support_count=1,
                           created_at=datetime(2025, 12, 31, 23, 30, tzinfo=UTC),
                           body="Des bancs. " * 40)
    ProposalFactory(consultation=consultation, author=None, title="Sans auteur",
                    support_count=3, body="Court.")
    ProposalFactory(consultation=consultation, title="Une autre", support_count=3)
    page = client.get(reverse("consultations:proposals", args=[consultation.slug]),
                      {"sort": "supported"}).content.decode()
    assert f'<a href="{late.get_absolute_url()}">Une idée tardive</a>' in page
    assert "Maëlle · 1 janvier 2026 · 1 soutien · 0 commentaire" in page
    assert "Anonyme · " in page and "3 soutiens" in page
    assert "Des bancs. Des bancs." in page and "…</p>" in page  # the text goes on
    assert "<p>Court.</p>" in page


def test_the_card_counts_the_published_comments(client):
    proposal = ProposalFactory(consultation__audience="anyone", support_count=2)
    services.comment_create(actor=UserFactory(), proposal=proposal, body="D’accord.")
    services.comment_create(actor=UserFactory(), proposal=proposal, body="Oui.")
    page = client.get(reverse("consultations:proposals",
                              args=[proposal.consultation.slug])).content.decode()
    assert "2 soutiens · 2 commentaires" in page


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_day_reads_as_the_date_filter_writes_it(language, settings):
    moments = [datetime(2026, month, day, hour, tzinfo=UTC)
               for month, day, hour in [(1, 1, 0), (3, 29, 0), (3, 29, 23), (10, 25, 22),
                                        (12, 31, 23), (7, 14, 12)]]
    template = Template('{{ moment|date:"j F Y" }}')
    with translation.override(language), timezone.override("Europe/Paris"):
        day = selectors.day_formatter()
        assert [day(moment) for moment in moments] == [
            template.render(Context({"moment": moment})) for moment in moments]


def test_the_results_show_the_latest_submitted_texts_of_each_free_text_question(client):
    consultation, q = questionnaire()
    second = QuestionFactory(section=q[K.FREE_TEXT].section, kind=K.FREE_TEXT,
                             label="Autre chose ?")
    for index in range(7):
        services.response_submit(actor=UserFactory(), consultation=consultation, values={
            q[K.SINGLE].pk: "Oui", q[K.FREE_TEXT].pk: f"Premier texte {index}.",
            second.pk: f"Second texte {index}." + (" Et encore." * 40 if index == 6 else "")})
    services.response_save_draft(actor=UserFactory(), consultation=consultation,
                                 values={q[K.FREE_TEXT].pk: "Un brouillon."})
    client.force_login(MembershipFactory(organisation=consultation.authority).user)
    page = client.get(reverse("consultations:results", args=[consultation.slug])
                      ).content.decode()
    shown = [f"Premier texte {i}." for i in (6, 5, 4, 3, 2)]
    assert all(text in page for text in shown) and "Premier texte 1." not in page
    assert [page.index(text) for text in shown] == sorted(page.index(text) for text in shown)
    assert "Second texte 2." in page and "Second texte 1." not in page
    assert "Un brouillon." not in page
    long = "Second texte 6." + " Et encore." * 40
    assert f"<li>{long[:279]}…</li>" in page


def test_the_results_line_under_each_question_gives_its_kind_respondents_and_mean(client):
    consultation, q = questionnaire()
    for scale in ("2", "5"):
        services.response_submit(actor=UserFactory(), consultation=consultation,
                                 values={q[K.SINGLE].pk: "Oui", q[K.SCALE].pk: scale})
    client.force_login(MembershipFactory(organisation=consultation.authority).user)
    page = client.get(reverse("consultations:results", args=[consultation.slug])
                      ).content.decode()
    assert "Échelle · 2 réponses · moyenne 3,5" in page
    assert "Choix unique · 2 réponses</p>" in page
    assert f"Répartition des réponses : {q[K.SINGLE].label}" in page


def test_the_consultation_page_lists_its_sections_with_their_number_of_questions(client):
    consultation = ConsultationFactory(audience="anyone")
    first = SectionFactory(consultation=consultation, title="Vos habitudes", position=1)
    second = SectionFactory(consultation=consultation, title="Vos idées", position=2)
    QuestionFactory.create_batch(2, section=first)
    QuestionFactory(section=second)
    SectionFactory(consultation=ConsultationFactory(), title="Ailleurs")
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "<li>Vos habitudes (2 questions)</li><li>Vos idées (1 question)</li></ol>" in page


def test_a_proposal_page_names_its_author_and_its_commenters_by_first_name(client):
    proposal = ProposalFactory(consultation__audience="anyone",
                               author=UserFactory(first_name="Inès"),
                               created_at=timezone.now() - timedelta(days=1))
    CommentFactory(proposal=proposal, author=UserFactory(first_name="Noé"))
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Inès · " in page and "Noé · " in page
