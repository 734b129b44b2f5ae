"""Answering: each question kind's rules, drafts, one submission, closed consultations."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from spp.catalog.models import Participation
from spp.consultations import services
from spp.consultations.answer_rules import clean_answer
from spp.consultations.models import Question, Response
from spp.consultations.tests.factories import ConsultationFactory, QuestionFactory, questionnaire
from spp.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
K = Question.Kind


def _question(kind, **kwargs):
    return QuestionFactory.build(kind=kind, choices=["A", "B", "C"], **kwargs)


def test_free_text_is_trimmed_and_empty_means_unanswered():
    assert clean_answer(_question(K.FREE_TEXT), "  bonjour ") == {"text": "bonjour"}
    assert clean_answer(_question(K.FREE_TEXT), "   ") is None


def test_single_choice_accepts_only_a_listed_choice():
    assert clean_answer(_question(K.SINGLE), "B") == {"choice": "B"}
    with pytest.raises(ValidationError):
        clean_answer(_question(K.SINGLE), "Z")
    with pytest.raises(ValidationError):
        clean_answer(_question(K.SINGLE), ["A", "B"])


def test_multiple_choice_keeps_the_questions_order_and_refuses_unknown_choices():
    assert clean_answer(_question(K.MULTIPLE), ["C", "A"]) == {"choices": ["A", "C"]}
    with pytest.raises(ValidationError):
        clean_answer(_question(K.MULTIPLE), ["A", "<script>"])


def test_scale_must_be_a_number_within_bounds():
    question = _question(K.SCALE, scale_min=1, scale_max=5)
    assert clean_answer(question, "4") == {"number": 4}
    for bad in ("0", "6", "beaucoup"):
        with pytest.raises(ValidationError):
            clean_answer(question, bad)


def test_ranking_needs_every_choice_once():
    question = _question(K.RANKING)
    assert clean_answer(question, {"A": "2", "B": "3", "C": "1"}) == {"choices": ["C", "A", "B"]}
    assert clean_answer(question, ["B", "A", "C"]) == {"choices": ["B", "A", "C"]}
    assert clean_answer(question, {"A": "", "B": "", "C": ""}) is None
    with pytest.raises(ValidationError):
        clean_answer(question, {"A": "1", "B": "1", "C": "2"})
    with pytest.raises(ValidationError):
        clean_answer(question, ["A", "B"])


def test_a_draft_is_saved_and_resumed_then_submitted_once_with_one_ledger_row():
    consultation, q = questionnaire()
    person = UserFactory()
    services.response_save_draft(actor=person, consultation=consultation,
                                 values={q[K.FREE_TEXT].pk: "Plus de bancs"})
    response = services.response_save_draft(actor=person, consultation=consultation,
                                            values={q[K.SCALE].pk: "3"})
    answers = services.response_answers(response)
    assert answers[q[K.FREE_TEXT].pk].text == "Plus de bancs"
    assert answers[q[K.SCALE].pk].number == 3
    services.response_submit(actor=person, consultation=consultation,
                             values={q[K.SINGLE].pk: "Oui"})
    response.refresh_from_db()
    assert response.status == Response.Status.SUBMITTED
    rows = Participation.objects.filter(user=person, kind="contribution")
    assert rows.count() == 1 and rows.get().service == consultation.service
    with pytest.raises(ValidationError, match="déjà envoyé"):
        services.response_submit(actor=person, consultation=consultation, values={})
    assert Response.objects.filter(consultation=consultation, user=person).count() == 1


def test_a_missing_required_answer_refuses_the_submission_but_keeps_the_draft():
    consultation, q = questionnaire()
    person = UserFactory()
    with pytest.raises(ValidationError) as error:
        services.response_submit(actor=person, consultation=consultation,
                                 values={q[K.FREE_TEXT].pk: "Mon idée", q[K.SCALE].pk: "9"})
    assert set(error.value.message_dict) == {f"q{q[K.SINGLE].pk}", f"q{q[K.SCALE].pk}"}
    response = Response.objects.get(consultation=consultation, user=person)
    assert response.status == Response.Status.DRAFT
    assert services.response_answers(response)[q[K.FREE_TEXT].pk].text == "Mon idée"
    assert not Participation.objects.filter(user=person).exists()


def test_a_closed_consultation_refuses_answers_with_the_closing_date():
    consultation, q = questionnaire(opens_at=timezone.now() - timedelta(days=10),
                                    closes_at=timezone.now() - timedelta(days=1))
    with pytest.raises(ValidationError, match="close depuis le"):
        services.response_submit(actor=UserFactory(), consultation=consultation,
                                 values={q[K.SINGLE].pk: "Oui"})


def test_an_enrolled_only_consultation_refuses_people_not_enrolled():
    from spp.catalog.tests.factories import CharterFactory, EnrolmentFactory

    consultation = ConsultationFactory(audience="enrolled")
    CharterFactory(service=consultation.service, version=1)
    with pytest.raises(ValidationError):
        services.response_save_draft(actor=UserFactory(), consultation=consultation, values={})
    member = EnrolmentFactory(service=consultation.service).user
    services.response_save_draft(actor=member, consultation=consultation, values={})


def test_clearing_an_answer_in_a_draft_removes_it():
    consultation, q = questionnaire()
    person = UserFactory()
    services.response_save_draft(actor=person, consultation=consultation,
                                 values={q[K.MULTIPLE].pk: ["Oui"]})
    response = services.response_save_draft(actor=person, consultation=consultation,
                                            values={q[K.MULTIPLE].pk: []})
    assert services.response_answers(response) == {}


def test_results_tally_multiple_choice_and_ranking_of_submitted_responses_only():
    from spp.consultations.results import consultation_results

    consultation, q = questionnaire()
    for index, (chosen, ranking) in enumerate([(["Oui", "Non"], ["Non", "Oui", "Sans avis"]),
                                               (["Oui"], ["Non", "Sans avis", "Oui"]),
                                               (["Non"], ["Oui", "Non", "Sans avis"])]):
        write = services.response_submit if index < 2 else services.response_save_draft
        write(actor=UserFactory(), consultation=consultation,
              values={q[K.SINGLE].pk: "Oui", q[K.MULTIPLE].pk: chosen, q[K.RANKING].pk: ranking})
    results = {r["question"].kind: r for r in consultation_results(consultation)["questions"]}
    bars = {bar["label"]: bar["count"] for bar in results[K.MULTIPLE]["bars"]}
    assert bars == {"Oui": 2, "Non": 1, "Sans avis": 0}
    ranking = results[K.RANKING]["ranking"]
    assert [row["label"] for row in ranking] == ["Non", "Oui", "Sans avis"]
    assert ranking[0]["mean_rank"] == 1.0
