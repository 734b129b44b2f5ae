"""On a phone, the back office's lists turn into one card per row: the page does not scroll
sideways and the columns that matter (the state, the date, "Valider", "Alerter") sit on the
screen, not beyond its right edge (#14, item 4: enrolments were 557 px wide, the coverage
1,119 px)."""

import re

import pytest
from django.utils import timezone

from spp.catalog.models import Enrolment
from spp.catalog.tests.factories import EnrolmentFactory
from spp.core.services import audit_record
from spp.core.testing.browser import assert_accessible, assert_fits_a_phone, login
from spp.core.tests.factories import TEST_PASSWORD, MembershipFactory
from spp.rosters.tests.factories import coordinator_of, roster_service, shift_with_need, volunteer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _on_screen(locator, width: int = 360) -> bool:
    box = locator.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width


def test_an_agent_validates_an_enrolment_from_its_card_on_a_phone(phone_page):
    service = roster_service(name="Sapeurs-pompiers volontaires du Pays Voironnais")
    agent = MembershipFactory(organisation=service.authority, role="agent").user
    EnrolmentFactory(
        service=service, status=Enrolment.Status.PENDING,
        user__first_name="Marie-Bérénice", user__last_name="de La Tour-Fontanieu",
        user__email="marie-berenice.delatourfontanieu@exemple-de-courriel.fr",
    )
    login(phone_page, agent.email, TEST_PASSWORD)
    phone_page.goto(f"/gestion/services/{service.slug}/inscriptions/")
    assert_fits_a_phone(phone_page)
    assert_accessible(phone_page)
    validate = phone_page.get_by_role("button", name=re.compile("^Valider"))
    assert _on_screen(validate)
    assert _on_screen(phone_page.locator("td .badge", has_text="En attente"))
    validate.click()
    phone_page.wait_for_load_state()
    assert Enrolment.objects.get(service=service).status == Enrolment.Status.ACTIVE


def test_a_coordinator_reaches_alerter_on_the_coverage_day_on_a_phone(phone_page):
    service = roster_service()
    shift, _need = shift_with_need(service, "chef-agres", min_count=2, max_count=2)
    volunteer(service, "chef-agres")
    login(phone_page, coordinator_of(service).email, TEST_PASSWORD)
    day = timezone.localtime(shift.starts_at).date()
    phone_page.goto(f"/gardes/{service.slug}/gestion/couverture/?jour={day:%Y-%m-%d}")
    assert_fits_a_phone(phone_page)
    assert_accessible(phone_page)
    assert _on_screen(phone_page.get_by_role("button", name=re.compile("Alerter")))


def test_the_audit_journal_reads_as_cards_on_a_phone(phone_page):
    admin = MembershipFactory(role="admin")
    audit_record(actor=admin.user, action="enrolment.approve", target=admin.organisation,
                 organisation=admin.organisation, reason="Pièces vérifiées au guichet")
    login(phone_page, admin.user.email, TEST_PASSWORD)
    phone_page.goto("/gestion/journal/")
    assert_fits_a_phone(phone_page)
    assert_accessible(phone_page)
    assert _on_screen(phone_page.get_by_text("Pièces vérifiées au guichet"))
