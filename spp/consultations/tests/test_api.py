"""The consultations API, through HTTP: who reads what, answering (drafts, one submission,
idempotent retries) and errors as problem+json in the HTML pages' French. Proposals:
test_api_proposals.py."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from spp.catalog.models import Participation
from spp.catalog.tests.factories import EnrolmentFactory
from spp.consultations.models import Question, Response, Support
from spp.consultations.tests.api_calls import API, PROBLEM, fetch
from spp.consultations.tests.factories import (
    ConsultationFactory,
    ProposalFactory,
    questionnaire,
)
from spp.core.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
K = Question.Kind


def _answers(q, **by_kind):
    return {"answers": {str(q[kind].pk): value for kind, value in by_kind.items()}}


COMPLETE = {K.SINGLE: "Oui", K.FREE_TEXT: "Des bancs", K.SCALE: 4,
            K.MULTIPLE: ["Non", "Oui"], K.RANKING: ["Non", "Oui", "Sans avis"]}


# Reading, for each audience -------------------------------------------------------------------

def test_visitors_read_a_consultation_open_to_anyone_with_its_questionnaire(client):
    consultation, q = questionnaire(audience="anyone")
    listed = client.get(f"{API}/").json()
    assert [c["slug"] for c in listed["items"]] == [consultation.slug]
    body = client.get(f"{API}/{consultation.slug}").json()
    questions = {item["kind"]: item for item in body["sections"][0]["questions"]}
    assert questions["single_choice"]["options"] == ["Oui", "Non", "Sans avis"]
    assert questions["single_choice"]["required"] and not questions["free_text"]["required"]
    assert questions["scale"]["scale_min"] == 1 and questions["scale"]["options"] == []
    assert body["abilities"]["view"] and not body["abilities"]["answer"]
    assert body["refusal"] == "Connectez-vous pour participer."


def test_a_consultation_for_signed_in_people_asks_visitors_to_sign_in(client):
    consultation = ConsultationFactory(audience="signed_in")
    response = client.get(f"{API}/{consultation.slug}")
    assert response.status_code == 401 and response["Content-Type"] == PROBLEM
    assert client.get(f"{API}/{consultation.slug}/proposals").status_code == 401
    assert client.get(f"{API}/").json()["items"] == []
    client.force_login(UserFactory())
    assert client.get(f"{API}/{consultation.slug}").json()["abilities"]["answer"] is False
    assert [c["slug"] for c in client.get(f"{API}/").json()["items"]] == [consultation.slug]


def test_enrolled_only_consultations_are_read_by_everyone_signed_in_answered_by_contributors(
        client):
    consultation, q = questionnaire(audience="enrolled")
    client.force_login(UserFactory())
    body = client.get(f"{API}/{consultation.slug}").json()
    assert body["abilities"]["view"] and not body["abilities"]["answer"] and body["refusal"]
    refused = fetch(client, "put", f"{API}/{consultation.slug}/response",
                    _answers(q, free_text="Bonjour"))
    assert refused.status_code == 403 and refused["Content-Type"] == PROBLEM
    assert refused.json()["detail"] == body["refusal"]
    assert not Response.objects.exists()
    client.force_login(EnrolmentFactory(service=consultation.service).user)
    assert client.get(f"{API}/{consultation.slug}").json()["abilities"]["answer"]
    assert fetch(client, "put", f"{API}/{consultation.slug}/response",
                 _answers(q, free_text="Bonjour")).status_code == 200


def test_unpublished_consultations_are_not_found_except_by_their_managers(client):
    consultation = ConsultationFactory(is_published=False)
    client.force_login(UserFactory())
    response = client.get(f"{API}/{consultation.slug}")
    assert response.status_code == 404 and response["Content-Type"] == PROBLEM
    client.force_login(MembershipFactory(organisation=consultation.authority).user)
    assert client.get(f"{API}/{consultation.slug}").status_code == 200


def test_the_list_of_open_consultations_leaves_out_closed_ones(client):
    open_now = ConsultationFactory(audience="anyone")
    ConsultationFactory(audience="anyone", opens_at=timezone.now() - timedelta(days=9),
                        closes_at=timezone.now() - timedelta(days=1))
    assert len(client.get(f"{API}/").json()["items"]) == 2
    items = client.get(f"{API}/", {"open_only": True}).json()["items"]
    assert [c["slug"] for c in items] == [open_now.slug] and items[0]["is_open"]


# Answering ---------------------------------------------------------------------------------

def test_a_draft_is_saved_read_back_then_submitted_once_with_one_ledger_row(client):
    consultation, q = questionnaire()
    client.force_login(UserFactory())
    url = f"{API}/{consultation.slug}/response"
    assert client.get(url).status_code == 404
    saved = fetch(client, "put", url,
                  _answers(q, free_text="Des bancs", ranking=COMPLETE[K.RANKING]))
    assert saved.status_code == 200 and saved.json()["status"] == "draft"
    draft = client.get(url).json()
    assert draft["answers"] == {str(q[K.FREE_TEXT].pk): "Des bancs",
                                str(q[K.RANKING].pk): ["Non", "Oui", "Sans avis"]}
    submitted = fetch(client, "post", f"{url}/submit", _answers(q, single_choice="Oui"))
    assert submitted.status_code == 200
    body = submitted.json()
    assert body["status"] == "submitted" and body["submitted_at"]
    assert body["answers"][str(q[K.FREE_TEXT].pk)] == "Des bancs"
    assert Participation.objects.filter(kind="contribution").count() == 1


def test_a_second_submission_answers_409_and_changes_nothing(client):
    consultation, q = questionnaire()
    client.force_login(UserFactory())
    url = f"{API}/{consultation.slug}/response"
    assert fetch(client, "post", f"{url}/submit", _answers(q, single_choice="Oui"),
                 key="first").status_code == 200
    again = fetch(client, "post", f"{url}/submit", _answers(q, single_choice="Non"), key="second")
    assert again.status_code == 409 and again["Content-Type"] == PROBLEM
    assert "Vous avez déjà envoyé votre réponse le" in again.json()["detail"]
    assert fetch(client, "put", url, _answers(q, single_choice="Non")).status_code == 409
    assert client.get(url).json()["answers"][str(q[K.SINGLE].pk)] == "Oui"
    assert Participation.objects.count() == 1


def test_a_retried_submission_with_the_same_idempotency_key_gives_the_same_single_answer(client):
    consultation, q = questionnaire()
    client.force_login(UserFactory())
    url = f"{API}/{consultation.slug}/response/submit"
    first = fetch(client, "post", url, _answers(q, **COMPLETE), key="envoi-1")
    retry = fetch(client, "post", url, _answers(q, **COMPLETE), key="envoi-1")
    assert first.status_code == retry.status_code == 200
    assert first.json() == retry.json()
    assert Response.objects.get().status == "submitted"
    assert Participation.objects.count() == 1


def test_a_missing_required_answer_answers_422_with_its_message_and_keeps_the_draft(client):
    consultation, q = questionnaire()
    client.force_login(UserFactory())
    url = f"{API}/{consultation.slug}/response"
    refused = fetch(client, "post", f"{url}/submit", _answers(q, free_text="À garder"),
                    key="incomplet")
    assert refused.status_code == 422 and refused["Content-Type"] == PROBLEM
    assert refused.json()["errors"] == {
        f"q{q[K.SINGLE].pk}": ["Cette question demande une réponse."]}
    assert Response.objects.get().status == "draft"
    assert client.get(url).json()["answers"] == {str(q[K.FREE_TEXT].pk): "À garder"}


def test_answers_that_do_not_fit_their_question_are_named_and_the_others_kept(client):
    consultation, q = questionnaire()
    client.force_login(UserFactory())
    url = f"{API}/{consultation.slug}/response"
    refused = fetch(client, "put", url, _answers(q, scale=9, single_choice="Peut-être",
                                                 free_text="Gardé"))
    assert refused.status_code == 422
    assert refused.json()["errors"] == {
        f"q{q[K.SCALE].pk}": ["Choisissez une valeur entre 1 et 5."],
        f"q{q[K.SINGLE].pk}": ["Choisissez une des réponses proposées."]}
    assert client.get(url).json()["answers"] == {str(q[K.FREE_TEXT].pk): "Gardé"}


def test_values_of_the_wrong_shape_or_for_unknown_questions_are_named_in_french(client):
    consultation, q = questionnaire()
    client.force_login(UserFactory())
    refused = fetch(client, "put", f"{API}/{consultation.slug}/response", {"answers": {
        str(q[K.SINGLE].pk): 5, str(q[K.FREE_TEXT].pk): ["a", "b"],
        str(q[K.SCALE].pk): {"x": 1}, "999999": "Oui"}})
    assert refused.status_code == 422
    assert refused.json()["errors"] == {
        f"q{q[K.SINGLE].pk}": ["Choisissez une des réponses proposées."],
        f"q{q[K.FREE_TEXT].pk}": ["Écrivez votre réponse sous forme de texte."],
        f"q{q[K.SCALE].pk}": ["Choisissez une valeur de l’échelle."],
        "q999999": ["Cette question n’existe pas dans cette consultation."]}


def test_a_malformed_body_is_refused_in_french_naming_the_field(client):
    consultation = ConsultationFactory()
    client.force_login(UserFactory())
    refused = fetch(client, "post", f"{API}/{consultation.slug}/proposals",
                    {"body": "x" * 10_001})
    assert refused.status_code == 422 and refused["Content-Type"] == PROBLEM
    assert refused.json()["errors"] == {"title": ["Ce champ est obligatoire."],
                                        "body": ["Au plus 10000 caractères."]}


def test_an_unknown_sort_is_refused_in_french_with_the_possible_values(client):
    consultation = ConsultationFactory(audience="anyone")
    refused = client.get(f"{API}/{consultation.slug}/proposals", {"sort": "populaires"})
    assert refused.status_code == 422
    assert refused.json()["errors"] == {
        "sort": ["Valeurs possibles : 'newest', 'supported' ou 'random'."]}


def test_a_closed_consultation_refuses_answers_with_its_closing_date(client):
    consultation, q = questionnaire(opens_at=timezone.now() - timedelta(days=9),
                                    closes_at=timezone.now() - timedelta(days=2))
    client.force_login(UserFactory())
    refused = fetch(client, "post", f"{API}/{consultation.slug}/response/submit",
                    _answers(q, **COMPLETE))
    assert refused.status_code == 403 and refused["Content-Type"] == PROBLEM
    assert "close depuis le" in refused.json()["detail"]
    assert not Response.objects.exists()


def test_writes_need_a_signed_in_person(client):
    consultation, q = questionnaire(audience="anyone")
    for method, path in [("put", "response"), ("post", "response/submit"),
                         ("post", "proposals")]:
        response = fetch(client, method, f"{API}/{consultation.slug}/{path}", {})
        assert response.status_code == 401 and response["Content-Type"] == PROBLEM


def test_writes_with_the_session_need_its_csrf_token():
    proposal = ProposalFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    url = f"{API}/{proposal.consultation.slug}/proposals/{proposal.pk}/support"
    assert client.post(url).status_code == 403
    client.get(proposal.get_absolute_url())  # a page sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    assert client.post(url, headers={"X-CSRFToken": token}).status_code == 200
    assert Support.objects.count() == 1


def test_the_api_docs_list_every_endpoint_with_a_french_summary(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    ours = {path: operations for path, operations in paths.items()
            if path.startswith(f"{API}/")}
    summaries = [op["summary"] for operations in ours.values() for op in operations.values()]
    assert len(summaries) == 12
    assert "Envoyer ma réponse (une seule fois)" in summaries
    assert "Soutenir une proposition" in summaries
