"""The agents' back-office through HTTP: authoring, moderation queue, synthesis and exports."""

import csv
import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from spp.consultations.models import Consultation, Question, Response
from spp.consultations.tests.factories import (
    ConsultationFactory,
    ProposalFactory,
    SectionFactory,
    questionnaire,
)
from spp.core.models import AuditLogEntry
from spp.core.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _member(consultation, role="agent"):
    return MembershipFactory(organisation=consultation.authority, role=role).user


def _submitted(consultation, questions, person):
    response = Response.objects.create(consultation=consultation, user=person,
                                       status="submitted", submitted_at=consultation.opens_at)
    response.answers.create(question=questions[Question.Kind.SINGLE], choice="Oui")
    response.answers.create(question=questions[Question.Kind.MULTIPLE], choices=["Oui", "Non"])
    return response


def test_an_agent_creates_a_consultation_and_its_questions(client):
    service = ConsultationFactory().service
    client.force_login(MembershipFactory(organisation=service.authority).user)
    response = client.post(reverse("consultations:create", args=[service.slug]), {
        "title": "Horaires de la crèche", "slug": "horaires", "kind": "consultation",
        "context": "<p>Votre avis <script>x()</script></p>", "opens_at": "2026-01-01T08:00",
        "closes_at": "2026-02-01T08:00", "audience": "enrolled", "moderation": "before",
        "accepts_proposals": "on", "is_published": "on"})
    assert response.status_code == 302
    consultation = Consultation.objects.get(slug="horaires")
    assert "script" not in consultation.context
    client.post(reverse("consultations:section_create", args=["horaires"]),
                {"title": "Matin", "position": 1})
    section = consultation.sections.get()
    response = client.post(reverse("consultations:question_create", args=["horaires"]), {
        "section": section.pk, "kind": "ranking", "label": "Classez", "choices": "7h\n8h\n9h",
        "scale_min": 1, "scale_max": 5})
    assert response.status_code == 302
    assert consultation.questions.get().choices == ["7h", "8h", "9h"]


def test_a_question_with_one_choice_is_refused_with_the_field_named(client):
    section = SectionFactory()
    client.force_login(_member(section.consultation))
    response = client.post(reverse("consultations:question_create",
                                   args=[section.consultation.slug]), {
        "section": section.pk, "kind": "single_choice", "label": "Couleur ?", "choices": "Bleu",
        "scale_min": 1, "scale_max": 5})
    assert response.status_code == 422
    assert "au moins deux choix" in response.content.decode()


def test_outsiders_get_404_on_the_back_office(client):
    consultation = ConsultationFactory()
    client.force_login(UserFactory())
    for name in ("manage", "moderation", "synthesis"):
        assert client.get(reverse(f"consultations:{name}", args=[consultation.slug])
                          ).status_code == 404


def test_a_moderator_hides_a_reported_proposal_from_the_queue(client):
    proposal = ProposalFactory()
    consultation = proposal.consultation
    reporter = UserFactory()
    client.force_login(reporter)
    client.post(reverse("consultations:report", args=[consultation.slug, proposal.pk]),
                {"reason": "Insultes"})
    client.force_login(_member(consultation))
    queue = client.get(reverse("consultations:moderation", args=[consultation.slug]))
    assert "Insultes" in queue.content.decode()
    client.post(reverse("consultations:moderation_decision", args=[consultation.slug]), {
        "target": "proposal", "target_id": proposal.pk, "action": "hide",
        "public_reason": "Propos injurieux"})
    proposal.refresh_from_db()
    assert proposal.status == "hidden"
    assert AuditLogEntry.objects.filter(action="consultation.moderation.hide").exists()


def test_a_moderation_decision_never_sends_the_moderator_to_another_site(client):
    proposal = ProposalFactory()
    consultation = proposal.consultation
    client.force_login(_member(consultation))
    response = client.post(reverse("consultations:moderation_decision", args=[consultation.slug]),
                           {"target": "proposal", "target_id": proposal.pk, "action": "hide",
                            "public_reason": "Hors sujet", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == reverse("consultations:moderation", args=[consultation.slug])


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_exports_hold_every_answer_without_personal_data(client, fmt):
    consultation, questions = questionnaire()
    people = [UserFactory(email=f"repondant{i}@exemple.fr") for i in range(3)]
    for person in people:
        _submitted(consultation, questions, person)
    client.force_login(_member(consultation))
    response = client.get(reverse("consultations:export", args=[consultation.slug]),
                          {"dataset": "answers", "fmt": fmt})
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    if fmt == "csv":
        lines = body.decode("utf-8-sig").strip().splitlines()
        assert len(lines) == 1 + 6 and "Oui | Non" in body.decode()
    elif fmt == "json":
        rows = json.loads(body)
        assert len(rows) == 6 and {row["valeur"] for row in rows} == {"Oui", "Oui | Non"}
    else:
        sheet = load_workbook(io.BytesIO(body), read_only=True).worksheets[0]
        assert len(list(sheet.rows)) == 7
    assert b"repondant0" not in body


HOSTILE_NAME = '=HYPERLINK("http://evil.example/","x")'
HOSTILE_TITLE = "=1+1+cmd|' /C calc'!A0"


def _export(client, consultation, dataset, fmt):
    response = client.get(reverse("consultations:export", args=[consultation.slug]),
                          {"dataset": dataset, "fmt": fmt, "personal": "on"})
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _xlsx_cells(body):
    return [cell for row in load_workbook(io.BytesIO(body)).worksheets[0].iter_rows()
            for cell in row]


def test_the_csv_exports_quote_names_titles_and_answers_that_would_run_as_formulas(client):
    consultation, questions = questionnaire()
    person = UserFactory(first_name=HOSTILE_NAME)
    response = _submitted(consultation, questions, person)
    response.answers.create(question=questions[Question.Kind.FREE_TEXT], text="@SUM(A1)")
    ProposalFactory(consultation=consultation, title=HOSTILE_TITLE, author=person)
    client.force_login(_member(consultation, "coordinator"))
    answers = list(csv.reader(io.StringIO(_export(client, consultation, "answers", "csv")
                                          .decode("utf-8-sig"))))
    cells = {cell for row in answers[1:] for cell in row}
    assert "'" + HOSTILE_NAME in cells and "'@SUM(A1)" in cells
    assert HOSTILE_NAME not in cells and "@SUM(A1)" not in cells
    proposals = list(csv.reader(io.StringIO(_export(client, consultation, "proposals", "csv")
                                            .decode("utf-8-sig"))))
    assert "'" + HOSTILE_TITLE in proposals[1] and "'" + HOSTILE_NAME in proposals[1]


def test_the_xlsx_exports_write_formula_like_text_as_text_never_as_formulas(client):
    consultation, questions = questionnaire()
    person = UserFactory(first_name=HOSTILE_NAME)
    _submitted(consultation, questions, person)
    ProposalFactory(consultation=consultation, title=HOSTILE_TITLE, author=person)
    client.force_login(_member(consultation, "coordinator"))
    for dataset, hostile in (("answers", {HOSTILE_NAME}), ("proposals",
                                                          {HOSTILE_NAME, HOSTILE_TITLE})):
        cells = _xlsx_cells(_export(client, consultation, dataset, "xlsx"))
        assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
        assert hostile <= {cell.value for cell in cells}


def test_personal_data_exports_are_for_coordinators_only(client):
    consultation, questions = questionnaire()
    _submitted(consultation, questions, UserFactory(email="nominatif@exemple.fr"))
    url = reverse("consultations:export", args=[consultation.slug])
    params = {"dataset": "answers", "fmt": "csv", "personal": "on"}
    client.force_login(_member(consultation, "agent"))
    assert client.get(url, params).status_code == 403
    client.force_login(_member(consultation, "coordinator"))
    response = client.get(url, params)
    assert b"nominatif@exemple.fr" in b"".join(response.streaming_content)
    assert AuditLogEntry.objects.filter(action="consultation.export",
                                        data__personal=True).count() == 1


def test_proposals_export_and_synthesis_page(client):
    proposal = ProposalFactory(title="Composteurs partagés")
    consultation = proposal.consultation
    client.force_login(_member(consultation))
    response = client.get(reverse("consultations:export", args=[consultation.slug]),
                          {"dataset": "proposals", "fmt": "csv"})
    assert "Composteurs partagés" in b"".join(response.streaming_content).decode()
    synthesis = client.get(reverse("consultations:synthesis", args=[consultation.slug]))
    assert "Composteurs partagés" in synthesis.content.decode()


def test_the_consultation_menu_shows_the_management_link_to_its_moderators_only(client):
    consultation = ConsultationFactory(audience="anyone")
    page_url = reverse("consultations:detail", args=[consultation.slug])
    manage_url = reverse("consultations:manage", args=[consultation.slug])
    client.force_login(UserFactory())
    assert manage_url not in client.get(page_url).content.decode()
    client.force_login(_member(consultation))
    assert manage_url in client.get(page_url).content.decode()  # not the citizen's kept menu
    client.force_login(UserFactory())
    assert manage_url not in client.get(page_url).content.decode()
