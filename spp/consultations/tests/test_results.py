"""Results read from counters kept on submission: they always equal a recount of the submitted
answers (drafts, changed drafts, refused submissions; concurrent ones: test_counters_race.py), and
free-text answers are read page by page."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from spp.consultations import services, tallies
from spp.consultations.models import Answer, AnswerTally, Question
from spp.consultations.results import consultation_results
from spp.consultations.services import moderation_decide
from spp.consultations.tests.factories import questionnaire
from spp.core.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
K = Question.Kind


def answer_values(q, index: int) -> dict:
    """A complete answer that varies with ``index``."""
    choices = q[K.MULTIPLE].choices
    ranking = q[K.RANKING].choices[index % 3:] + q[K.RANKING].choices[:index % 3]
    return {q[K.SINGLE].pk: choices[index % 3], q[K.MULTIPLE].pk: choices[:1 + index % 3],
            q[K.SCALE].pk: str(1 + index % 5), q[K.RANKING].pk: ranking,
            q[K.FREE_TEXT].pk: f"Réponse libre {index}"}


def counters_match_a_recount(consultation) -> dict:
    ids = list(consultation.questions.values_list("pk", flat=True))
    counted = tallies.recount(ids, answer_model=Answer)
    assert tallies.stored(ids, tally_model=AnswerTally) == counted
    expected, stored = (tallies.consultation_recount(consultation),
                        dict(consultation.tallies.values_list("name", "count")))
    assert {name: stored.get(name, 0) for name in expected} == expected
    return counted


def test_counters_equal_a_recount_through_drafts_changes_and_refusals():
    consultation, q = questionnaire()
    people = [UserFactory() for _ in range(7)]
    for index, person in enumerate(people):
        services.response_save_draft(actor=person, consultation=consultation,
                                     values=answer_values(q, index + 1))
        if index % 3 == 0:
            continue  # stays a draft: not counted
        services.response_submit(actor=person, consultation=consultation,
                                 values=answer_values(q, index))
    with pytest.raises(ValidationError):  # a second submission changes nothing
        services.response_submit(actor=people[1], consultation=consultation,
                                 values=answer_values(q, 2))
    with pytest.raises(ValidationError):  # refused: the required question is missing
        services.response_submit(actor=UserFactory(), consultation=consultation,
                                 values={q[K.SCALE].pk: "3"})
    for title in ("Une idée", "Une autre idée", "Une idée injurieuse"):
        proposal = services.proposal_create(actor=people[0], consultation=consultation,
                                            title=title, body="Le détail.")
    manager = MembershipFactory(organisation=consultation.authority).user
    moderation_decide(actor=manager, content=proposal, action="hide", public_reason="Injures")
    counted = counters_match_a_recount(consultation)
    assert counted[(q[K.SINGLE].pk, tallies.RESPONDENTS)] == (4, 0)
    summary = consultation_results(consultation)
    # 3 drafts kept, plus the refused submission (saved as a draft); 1 proposal of 3 hidden.
    assert (summary["submitted"], summary["drafts"], summary["proposals"]) == (4, 4, 2)
    results = {r["question"].kind: r for r in summary["questions"]}
    assert results[K.SCALE]["respondents"] == 4
    assert results[K.SCALE]["mean"] == round((2 + 3 + 5 + 1) / 4, 2)  # indexes 1, 2, 4, 5
    assert sum(bar["count"] for bar in results[K.SINGLE]["bars"]) == 4


def test_recounting_replaces_counters_after_a_bulk_load():
    consultation, q = questionnaire()
    services.response_submit(actor=UserFactory(), consultation=consultation,
                             values=answer_values(q, 0))
    AnswerTally.objects.filter(question__consultation=consultation).update(count=99)
    consultation.tallies.update(count=99)
    services.results_recount(consultation=consultation)
    counters_match_a_recount(consultation)


def test_the_counters_refuse_to_go_negative():
    consultation, q = questionnaire()
    services.response_submit(actor=UserFactory(), consultation=consultation,
                             values=answer_values(q, 0))
    with pytest.raises(IntegrityError), transaction.atomic():
        AnswerTally.objects.filter(question=q[K.SINGLE]).update(count=-1)


def test_free_text_answers_are_read_page_by_page(client):
    consultation, q = questionnaire(audience="anyone")
    for index in range(53):
        services.response_submit(actor=UserFactory(), consultation=consultation,
                                 values={q[K.SINGLE].pk: "Oui",
                                         q[K.FREE_TEXT].pk: f"Texte numéro {index}."})
    consultation.opens_at = timezone.now() - timedelta(days=3)
    consultation.closes_at = timezone.now() - timedelta(minutes=1)
    consultation.save()
    results = client.get(reverse("consultations:results", args=[consultation.slug]))
    url = reverse("consultations:results_texts", args=[consultation.slug, q[K.FREE_TEXT].pk])
    assert url in results.content.decode()
    first, second = client.get(url).content.decode(), client.get(url, {"page": 2}).content.decode()
    assert "Texte numéro 52." in first and "Texte numéro 3." in first
    assert "Texte numéro 2." not in first and 'rel="next"' in first
    assert "Texte numéro 2." in second and "Texte numéro 0." in second
    assert 'rel="next"' not in second
    not_free_text = reverse("consultations:results_texts",
                            args=[consultation.slug, q[K.SINGLE].pk])
    assert client.get(not_free_text).status_code == 404


def test_the_drafts_count_is_shown_to_the_managers_only_and_the_time_to_everyone(client):
    """The results' counts are rendered once for both kinds of reader (views.results_page)."""
    consultation, q = questionnaire(audience="anyone")
    services.response_save_draft(actor=UserFactory(), consultation=consultation,
                                 values={q[K.SINGLE].pk: "Non"})
    consultation.opens_at = timezone.now() - timedelta(days=3)
    consultation.closes_at = timezone.now() - timedelta(minutes=1)
    consultation.save()
    url = reverse("consultations:results", args=[consultation.slug])
    client.force_login(UserFactory())
    public = client.get(url).content.decode()
    client.force_login(MembershipFactory(organisation=consultation.authority).user)
    managers = client.get(url).content.decode()
    assert "Brouillons en cours" not in public
    assert "Brouillons en cours</dt><dd>1<" in managers
    assert "Résultats à " in public and "Résultats à " in managers
