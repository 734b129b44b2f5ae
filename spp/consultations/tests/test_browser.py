"""Browser tests (Playwright, Debian's Chromium): a citizen answers on a phone with a saved
draft, files and supports a proposal; an agent moderates one and exports the results. Every
page visited is checked with axe-core."""

import pytest

from spp.consultations.models import Proposal, Question, Response
from spp.consultations.tests.factories import ProposalFactory, questionnaire
from spp.core.testing.browser import assert_accessible, login
from spp.core.tests.factories import TEST_PASSWORD, MembershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
K = Question.Kind


def test_answer_with_a_saved_draft_on_a_phone(phone_page):
    consultation, q = questionnaire()
    person = UserFactory()
    page = phone_page
    login(page, person.email, TEST_PASSWORD)
    page.goto(f"/consultations/{consultation.slug}/")
    assert_accessible(page, context_note="consultation")
    page.get_by_role("link", name="Répondre au questionnaire").click()
    page.get_by_label(q[K.FREE_TEXT].label).fill("Un composteur par quartier")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    page.get_by_text("Brouillon enregistré.").wait_for()
    assert_accessible(page, context_note="answer page")
    page.goto(f"/consultations/{consultation.slug}/")
    page.get_by_role("link", name="Reprendre mon brouillon").click()
    assert page.get_by_label(q[K.FREE_TEXT].label).input_value() == "Un composteur par quartier"
    page.get_by_role("button", name="Envoyer ma réponse").click()
    page.get_by_text("question demande votre attention").wait_for()
    assert_accessible(page, context_note="answer page with errors")
    page.locator(f"#q{q[K.SINGLE].pk}").get_by_label("Non", exact=True).check()
    page.get_by_role("button", name="Envoyer ma réponse").click()
    page.get_by_text("Merci ! Votre réponse est envoyée.").wait_for()
    response = Response.objects.get(user=person)
    assert response.status == "submitted"
    assert response.answers.get(question=q[K.FREE_TEXT]).text == "Un composteur par quartier"


def test_submit_then_support_a_proposal(phone_page):
    consultation, _q = questionnaire()
    author, supporter = UserFactory(), UserFactory()
    page = phone_page
    login(page, author.email, TEST_PASSWORD)
    page.goto(f"/consultations/{consultation.slug}/propositions/nouvelle/")
    page.get_by_label("Titre de votre proposition").fill("Des bancs à l’ombre")
    page.locator("#id_body").fill("Installer des bancs près des arrêts de bus.")
    assert_accessible(page, context_note="proposal form")
    page.get_by_role("button", name="Publier ma proposition").click()
    page.get_by_text("Votre proposition est publiée").wait_for()
    page.context.clear_cookies()
    login(page, supporter.email, TEST_PASSWORD)
    page.goto(f"/consultations/{consultation.slug}/propositions/?sort=random")
    assert_accessible(page, context_note="proposal list")
    page.get_by_role("link", name="Des bancs à l’ombre").click()
    page.get_by_role("button", name="Soutenir cette proposition").click()
    page.get_by_text("Merci pour votre soutien !").wait_for()
    assert_accessible(page, context_note="proposal page")
    assert Proposal.objects.get().support_count == 1


def test_an_agent_moderates_a_proposal_and_exports_the_results(page):
    consultation, _q = questionnaire()
    proposal = ProposalFactory(consultation=consultation, title="Texte hors sujet")
    agent = MembershipFactory(organisation=consultation.authority, role="agent").user
    login(page, agent.email, TEST_PASSWORD)
    page.goto(f"/consultations/{consultation.slug}/propositions/{proposal.pk}/")
    page.get_by_text("Signaler cette proposition").click()
    page.get_by_label("Ce qui pose problème").fill("Hors sujet")
    page.get_by_role("button", name="Signaler à la modération").click()
    page.goto(f"/consultations/{consultation.slug}/gestion/moderation/")
    assert_accessible(page, context_note="moderation queue")
    page.get_by_label("Motif public (obligatoire pour masquer)").fill("Hors sujet")
    page.get_by_role("button", name="Masquer").click()
    page.get_by_text("Décision enregistrée.").wait_for()
    proposal.refresh_from_db()
    assert proposal.status == "hidden"
    page.goto(f"/consultations/{consultation.slug}/gestion/synthese/")
    assert_accessible(page, context_note="synthesis")
    page.get_by_label("Données").select_option("proposals")
    page.get_by_label("Format").select_option("csv")
    with page.expect_download() as download:
        page.get_by_role("button", name="Télécharger").click()
    with open(download.value.path(), encoding="utf-8-sig") as handle:
        content = handle.read()
    assert "Texte hors sujet" in content and "hidden" in content
