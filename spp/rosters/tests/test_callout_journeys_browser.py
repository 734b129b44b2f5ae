"""The coordinator's call-out on a phone: from the coverage's "Alerter", the form with its
message, then the confirmation of how many were alerted; the volunteer reads the message.
axe-core on each page."""

import re

import pytest
from django.utils import timezone

from spp.core.testing.browser import assert_accessible, assert_fits_a_phone, login
from spp.core.tests.factories import TEST_PASSWORD
from spp.rosters.models import CallOut
from spp.rosters.tests.factories import coordinator_of, roster_service, shift_with_need, volunteer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_sends_a_call_out_with_a_message_on_a_phone(phone_page):
    service = roster_service()
    shift, _need = shift_with_need(service, "equipier")
    volunteer(service, "equipier")
    coordinator = coordinator_of(service)
    login(phone_page, coordinator.email, TEST_PASSWORD)
    day = timezone.localtime(shift.starts_at).date()
    phone_page.goto(f"/gardes/{service.slug}/gestion/couverture/?jour={day:%Y-%m-%d}")
    phone_page.get_by_role("button", name=re.compile("Alerter")).click()
    phone_page.get_by_role("heading", name="Envoyer une alerte").wait_for()
    assert_accessible(phone_page, context_note="call-out form")
    assert_fits_a_phone(phone_page)
    phone_page.get_by_label("Message aux bénévoles (facultatif)").fill("Départ 7 h 45.")
    phone_page.get_by_role("button", name="Envoyer l’alerte").click()
    phone_page.get_by_text("Alerte envoyée à 1 bénévole qualifié et disponible.").first.wait_for()
    assert_accessible(phone_page, context_note="call-out sent")
    assert CallOut.objects.get().message == "Départ 7 h 45."
