"""The patient-experts journey in a real browser on phones, checked by axe-core: a professional
refers a patient, the coordinator ranks the experts and proposes one, the expert accepts, reads
the patient's contact details and logs a session, which the ledger holds."""

import re

import pytest
from django.utils import timezone

from conftest import BROWSER_TIMEOUT_MS, PHONE
from spp.catalog.models import Participation
from spp.core.testing.browser import assert_accessible, login
from spp.core.tests.factories import TEST_PASSWORD
from spp.peers.models import PeerRequest
from spp.peers.tests.factories import coordinator_of, expert, peers_service, professional_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def new_phone(playwright_browser, live_server):
    contexts = []

    def open_page():
        context = playwright_browser.new_context(base_url=live_server.url, locale="fr-FR",
                                                 **PHONE)
        context.set_default_timeout(BROWSER_TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def test_a_professional_refers_the_coordinator_matches_the_expert_accepts_and_logs(
        phone_page, new_phone):
    service = peers_service()
    profile = expert(service)
    profile.user.first_name = "Sylvie"
    profile.user.save()
    professional, coordinator = professional_of(service), coordinator_of(service)

    login(phone_page, professional.email, TEST_PASSWORD)
    phone_page.goto(f"/pairs/{service.slug}/")
    assert_accessible(phone_page, context_note="service home")
    phone_page.get_by_role("link", name="Orienter un patient").click()
    phone_page.get_by_label("Domaine").select_option(label="Diabète de type 2")
    phone_page.get_by_label("Par téléphone").check()
    phone_page.get_by_label("Prénom de la personne").fill("Karim")
    phone_page.get_by_label("Téléphone", exact=True).fill("06 11 22 33 44")
    phone_page.get_by_role("button", name="Envoyer la demande").click()
    phone_page.get_by_text("Le formulaire contient des erreurs").wait_for()
    assert_accessible(phone_page, context_note="referral form with the consent missing")
    phone_page.get_by_label(re.compile("La personne accepte")).check()
    phone_page.get_by_role("button", name="Envoyer la demande").click()
    phone_page.get_by_text("Demande transmise à la coordination").wait_for()
    request = PeerRequest.objects.get()

    coordinator_page = new_phone()
    login(coordinator_page, coordinator.email, TEST_PASSWORD)
    coordinator_page.goto(f"/pairs/{service.slug}/gestion/")
    assert_accessible(coordinator_page, context_note="queue")
    coordinator_page.get_by_role("link", name=f"Trouver un pair pour la demande n° {request.pk}"
                                 ).click()
    coordinator_page.get_by_text("Accompagne le domaine « Diabète de type 2 ».").wait_for()
    assert_accessible(coordinator_page, context_note="ranked experts")
    coordinator_page.get_by_role("button", name="Proposer Sylvie").click()
    coordinator_page.get_by_text("Proposition envoyée à Sylvie").wait_for()

    expert_page = new_phone()
    login(expert_page, profile.user.email, TEST_PASSWORD)
    expert_page.goto("/pairs/mes-accompagnements/")
    assert_accessible(expert_page, context_note="expert's proposals")
    expert_page.get_by_role("button", name="Accepter").click()
    expert_page.get_by_text("06 11 22 33 44").wait_for()
    assert_accessible(expert_page, context_note="request detail for the expert")
    expert_page.get_by_role("link", name="Noter une séance").click()
    expert_page.get_by_label("Date de la séance").fill(timezone.localdate().isoformat())
    expert_page.get_by_label("Durée (minutes)").fill("45")
    assert_accessible(expert_page, context_note="session form")
    expert_page.get_by_role("button", name="Enregistrer la séance").click()
    expert_page.get_by_text("Séance enregistrée").wait_for()
    row = Participation.objects.get(kind="peer_session")
    assert (row.user_id, str(row.quantity)) == (profile.user_id, "0.75")
