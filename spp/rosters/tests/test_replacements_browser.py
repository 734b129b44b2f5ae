"""A replacement on a phone: volunteer A, inside the no-withdrawal window, asks for a
replacement; volunteer B finds it in "Gardes à prendre" and takes it over; the shift leaves
A's "Mes gardes". axe-core on each page; at 360 px nothing scrolls sideways."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from spp.core.testing.browser import assert_accessible, assert_fits_a_phone, login
from spp.core.tests.factories import TEST_PASSWORD
from spp.rosters import services
from spp.rosters.models import Assignment, ReplacementRequest
from spp.rosters.tests.factories import roster_service, shift_with_need, volunteer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits_360(page) -> None:
    assert_fits_a_phone(page)
    page.set_viewport_size({"width": 390, "height": 844})


def test_a_colleague_takes_over_a_shift_on_a_phone(phone_page):
    service = roster_service()
    shift, need = shift_with_need(
        service,
        "equipier",
        title="Garde à remplacer",
        starts_at=(timezone.now() + timedelta(hours=20)).replace(second=0, microsecond=0),
    )
    a = volunteer(service, "equipier", first_name="Alice", last_name="Martin")
    b = volunteer(service, "equipier", first_name="Bruno", last_name="Petit")
    services.assignment_signup(actor=a, need=need)

    login(phone_page, a.email, TEST_PASSWORD)
    phone_page.goto("/gardes/mes-gardes/")
    phone_page.get_by_role("link", name=re.compile("Demander un remplacement")).click()
    phone_page.get_by_role("heading", name="Demander un remplacement").wait_for()
    assert_accessible(phone_page, context_note="replacement request form")
    fits_360(phone_page)
    phone_page.get_by_label(re.compile("Message à vos collègues")).fill("Enfant malade")
    phone_page.get_by_role("button", name="Publier ma demande").click()
    phone_page.get_by_role("button", name="Retirer ma demande").wait_for()
    assert_accessible(phone_page, context_note="replacement request page (requester)")
    assert ReplacementRequest.objects.get().status == "open"

    phone_page.context.clear_cookies()  # B now, on the same phone
    login(phone_page, b.email, TEST_PASSWORD)
    phone_page.goto(f"/gardes/{service.slug}/gardes/")
    phone_page.get_by_role("heading", name="Remplacements demandés").wait_for()
    assert_accessible(phone_page, context_note="open shifts with a replacement")
    fits_360(phone_page)
    phone_page.get_by_role("link", name=re.compile("Voir et reprendre")).click()
    phone_page.get_by_text("Enfant malade").wait_for()
    assert_accessible(phone_page, context_note="replacement request page (colleague)")
    fits_360(phone_page)
    phone_page.get_by_role("button", name="Je reprends cette garde").click()
    phone_page.get_by_text(re.compile("vous reprenez la garde")).wait_for()
    assert Assignment.objects.get(shift=shift, status="published").user == b

    phone_page.context.clear_cookies()  # A again
    login(phone_page, a.email, TEST_PASSWORD)
    phone_page.goto("/gardes/mes-gardes/")
    phone_page.get_by_role("heading", name=re.compile("Mes gardes")).first.wait_for()
    assert phone_page.locator("main").get_by_text("Garde à remplacer").count() == 0
