"""The foundation's main journey in a real browser: a citizen signs up, verifies their email,
enrols in a service by accepting its charter; an agent approves the enrolment. axe-core checks
every page on the way."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from spp.catalog.models import Enrolment
from spp.catalog.tests.factories import service_with_charter
from spp.core.testing.browser import assert_accessible, login
from spp.core.tests.factories import TEST_PASSWORD, MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_citizen_signs_up_verifies_enrols_and_an_agent_approves(phone_page, page):
    agent = MembershipFactory(role="agent").user
    service = service_with_charter(
        authority=agent.memberships.get().organisation, name="Crèche parentale des Tilleuls"
    )

    citizen = phone_page
    citizen.goto("/")
    assert_accessible(citizen, context_note="(home)")
    citizen.get_by_role("link", name="Créer un compte").first.click()
    assert_accessible(citizen, context_note="(signup)")
    citizen.locator("#id_email").fill("lea.martin@exemple.fr")
    citizen.locator("#id_password1").fill(TEST_PASSWORD)
    citizen.locator("#id_password2").fill(TEST_PASSWORD)
    citizen.get_by_role("button", name="Création de compte").click()
    citizen.wait_for_url(re.compile(r"/accounts/confirm-email/"))
    assert_accessible(citizen, context_note="(verification sent)")

    confirmation_link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body)
    citizen.goto(confirmation_link.group(0))
    citizen.get_by_role("button", name="Confirmer").click()

    login(citizen, "lea.martin@exemple.fr", TEST_PASSWORD)
    citizen.goto(f"/services/{service.slug}/")
    assert_accessible(citizen, context_note="(service)")
    citizen.get_by_role("link", name="Participer : lire et accepter la charte").click()
    assert_accessible(citizen, context_note="(charter)")
    citizen.get_by_role("button", name="M’inscrire").click()
    expect(citizen.get_by_text(
        "Vous devez accepter la charte pour vous inscrire."
    ).first).to_be_visible()
    citizen.get_by_label("J’ai lu la charte et je m’engage à la respecter.").check()
    citizen.get_by_role("button", name="M’inscrire").click()
    citizen.get_by_text("Un agent va la valider").wait_for()
    assert_accessible(citizen, context_note="(enrolment pending)")
    enrolment = Enrolment.objects.get(user__email="lea.martin@exemple.fr")
    assert enrolment.status == Enrolment.Status.PENDING

    login(page, agent.email, TEST_PASSWORD)
    page.goto(f"/gestion/services/{service.slug}/inscriptions/")
    assert_accessible(page, context_note="(agent queue)")
    page.get_by_role("button", name=re.compile("Valider")).click()
    page.get_by_text("L’inscription est mise à jour.").wait_for()

    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACTIVE
    assert enrolment.approved_by == agent and enrolment.approved_at is not None
    citizen.goto("/mon-engagement/")
    expect(citizen.get_by_role("cell", name="Active")).to_be_visible()
    assert_accessible(citizen, context_note="(my engagement)")
