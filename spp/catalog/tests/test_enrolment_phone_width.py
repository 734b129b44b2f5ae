"""The enrolment journey on a phone: the service page and the enrolment form show the required
qualification, the enrolment page (/inscriptions/<id>/) and a new charter's differences fit a
360 px wide screen without sideways scrolling, and axe-core finds nothing on any of them."""

import pytest
from playwright.sync_api import expect

from spp.catalog import services
from spp.catalog.models import Enrolment
from spp.catalog.tests.factories import (
    QualificationFactory,
    QualificationTypeFactory,
    service_with_charter,
)
from spp.core.testing.browser import assert_accessible, assert_fits_a_phone, login
from spp.core.tests.factories import TEST_PASSWORD, MembershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _fits_360_and_accessible(page, note):
    """Read at the phone's 390 px, then narrowed to 360 px: no sideways scrolling, and axe."""
    assert_fits_a_phone(page)
    assert_accessible(page, context_note=note)
    page.set_viewport_size(PHONE)


def test_the_enrolment_journey_fits_a_phone(phone_page):
    agent = MembershipFactory(
        role="agent", user__first_name="Jean-Baptiste", user__last_name="Delacroix-Montfort"
    ).user
    service = service_with_charter(
        authority=agent.memberships.get().organisation,
        name="Sapeurs-pompiers volontaires — centre d’incendie et de secours de Voiron",
    )
    service.required_qualifications.add(
        QualificationTypeFactory(
            name="Formation initiale de sapeur-pompier volontaire",
            evidence_expected="L’attestation de fin de formation délivrée par le SDIS.",
        )
    )
    person = UserFactory(
        first_name="Marie-Christine",
        last_name="de La Fontaine-Bellegarde",
        email="mariechristine.delafontainebellegarde@exemplecommune.fr",
    )

    login(phone_page, person.email, TEST_PASSWORD)
    phone_page.goto(service.get_absolute_url())
    expect(
        phone_page.get_by_text("L’attestation de fin de formation délivrée par le SDIS.")
    ).to_be_visible()
    _fits_360_and_accessible(phone_page, "(service)")
    phone_page.get_by_role("link", name="Participer : lire et accepter la charte").click()
    expect(phone_page.get_by_text("vous ne l’avez pas encore enregistrée")).to_be_visible()
    _fits_360_and_accessible(phone_page, "(enrolment form)")
    phone_page.get_by_label("J’ai lu la charte et je m’engage à la respecter.").check()
    phone_page.get_by_role("button", name="M’inscrire").click()
    phone_page.get_by_text("Un agent va la valider").wait_for()
    _fits_360_and_accessible(phone_page, "(enrolment pending)")
    enrolment = Enrolment.objects.get(user=person)
    QualificationFactory(user=person, qualification_type=service.required_qualifications.get())
    services.enrolment_transition(actor=agent, enrolment=enrolment, action="approve")
    services.enrolment_transition(
        actor=agent,
        enrolment=enrolment,
        action="suspend",
        reason="Absences répétées non signalées ; entretien prévu.",
    )
    phone_page.goto(enrolment.get_absolute_url())
    expect(phone_page.get_by_text("Motif : Absences répétées")).to_be_visible()
    _fits_360_and_accessible(phone_page, "(enrolment, citizen)")

    services.charter_publish(
        actor=None,
        service=service,
        title="Charte des participants",
        body="Je participe bénévolement et je respecte les consignes de "
        "sécurité.\nJe préviens 48 heures à l’avance en cas d’absence.",
    )
    phone_page.goto(f"/services/{service.slug}/charte/")
    expect(phone_page.locator(".charter-changes ins").first).to_be_visible()
    _fits_360_and_accessible(phone_page, "(charter changes)")

    phone_page.context.clear_cookies()
    login(phone_page, agent.email, TEST_PASSWORD)
    phone_page.goto(enrolment.get_absolute_url())
    expect(phone_page.get_by_role("button", name="Rétablir")).to_be_visible()
    _fits_360_and_accessible(phone_page, "(enrolment, agent)")
