"""The four journeys of the rosters pattern, in a real browser, checked by axe-core."""

import re

import pytest
from django.utils import timezone

from spp.core.testing.browser import assert_accessible, login
from spp.core.tests.factories import TEST_PASSWORD
from spp.rosters import services
from spp.rosters.models import Assignment, AvailabilityWindow, Roster
from spp.rosters.tests.factories import coordinator_of, roster_service, shift_with_need, volunteer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_volunteer_declares_availability_on_a_phone(phone_page):
    service = roster_service()
    person = volunteer(service, always_available=False)
    login(phone_page, person.email, TEST_PASSWORD)
    phone_page.goto(f"/gardes/{service.slug}/disponibilites/")
    assert_accessible(phone_page)
    phone_page.get_by_role("group", name="Mardi").get_by_label("Soir (18 h – 24 h)").check()
    phone_page.get_by_role("group", name="Mercredi").get_by_label("Nuit (0 h – 6 h)").check()
    phone_page.get_by_role("button", name="Enregistrer ma semaine").click()
    phone_page.get_by_text("Vos disponibilités de la semaine sont enregistrées.").wait_for()
    assert_accessible(phone_page)
    assert AvailabilityWindow.objects.filter(user=person).count() == 2


def test_volunteer_signs_up_for_a_shift(phone_page):
    service = roster_service()
    shift, _need = shift_with_need(service, max_count=2)
    person = volunteer(service)
    login(phone_page, person.email, TEST_PASSWORD)
    phone_page.goto(f"/gardes/{service.slug}/")
    phone_page.get_by_role("link", name=re.compile("Gardes à prendre")).click()
    assert_accessible(phone_page)
    phone_page.get_by_role("button", name=re.compile("Je prends")).first.click()
    phone_page.get_by_text("C’est noté").wait_for()
    assert Assignment.objects.get(user=person).shift == shift


def test_coordinator_publishes_an_auto_roster(page):
    service = roster_service()
    shift, _need = shift_with_need(service)
    person = volunteer(service)
    coordinator = coordinator_of(service)
    login(page, coordinator.email, TEST_PASSWORD)
    page.goto(f"/gardes/{service.slug}/gestion/plannings/")
    assert_accessible(page)
    day = shift.starts_at.date().isoformat()
    page.get_by_label("Du").fill(day)
    page.get_by_label("Au").fill(day)
    page.get_by_role("button", name="Calculer une proposition").click()
    page.get_by_role("button", name="Publier le planning").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Publier le planning").click()
    page.get_by_text("Planning publié.").wait_for()
    assert Roster.objects.get().status == "published"
    assert Assignment.objects.get(user=person).status == "published"
    for path in ["gestion/couverture/", f"gestion/couverture/?jour={day}", "gestion/foyers/",
                 "gestion/recurrences/nouvelle/"]:
        page.goto(f"/gardes/{service.slug}/{path}")
        assert_accessible(page, context_note=path)


def test_volunteer_accepts_a_callout(phone_page):
    service = roster_service()
    _shift, need = shift_with_need(service, "equipier")
    person = volunteer(service, "equipier")
    callout = services.callout_create(actor=coordinator_of(service), need=need,
                                      message="Renfort urgent")
    login(phone_page, person.email, TEST_PASSWORD)
    phone_page.goto(f"/gardes/alertes/{callout.pk}/")
    assert_accessible(phone_page)
    phone_page.get_by_role("button", name="J’accepte").click()
    phone_page.get_by_text("Merci, votre réponse est enregistrée.").wait_for()
    assert_accessible(phone_page)
    assert Assignment.objects.get(user=person).source == "call_out"


def test_coordinator_reads_the_coverage_month_then_a_day_on_a_small_phone(phone_page):
    """At 360 px wide the month's lines fit the screen (no sideways scrolling of the page)
    and a day opens from its line."""
    service = roster_service()
    shift, _need = shift_with_need(service, "equipier", min_count=2, max_count=2)
    volunteer(service, "equipier")
    coordinator = coordinator_of(service)
    phone_page.set_viewport_size({"width": 360, "height": 740})
    login(phone_page, coordinator.email, TEST_PASSWORD)
    day = timezone.localtime(shift.starts_at).date()
    phone_page.goto(f"/gardes/{service.slug}/gestion/couverture/?month={day:%Y-%m}")
    assert_accessible(phone_page)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    phone_page.locator(f'a[href="?jour={day:%Y-%m-%d}"]').click()
    phone_page.get_by_role("heading", name="Heure par heure").wait_for()
    assert_accessible(phone_page)
    assert phone_page.get_by_role("button", name=re.compile("Alerter")).count() == 1
