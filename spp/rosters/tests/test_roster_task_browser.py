"""The coordinator's auto-roster journey on a phone: request a roster, watch its progress
page (it refreshes itself), see the proposal, swap two people by hand."""

from datetime import timedelta

import pytest
from django.utils import timezone

from spp.core.testing.browser import assert_accessible, assert_fits_a_phone, login
from spp.core.tests.factories import TEST_PASSWORD
from spp.rosters.models import Assignment, RosterRequest
from spp.rosters.services import rosters as roster_services
from spp.rosters.tests.factories import coordinator_of, roster_service, shift_with_need, volunteer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_requests_a_roster_watches_it_and_swaps_two_people(phone_page, settings):
    # Tasks stay queued (as with a real worker) so the waiting page can be seen.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    service = roster_service()
    start = (timezone.localtime() + timedelta(days=3)).replace(hour=8, minute=0, second=0,
                                                               microsecond=0)
    first, _ = shift_with_need(service, title="Garde du matin", starts_at=start)
    second, _ = shift_with_need(service, title="Garde du soir",
                                starts_at=start + timedelta(hours=10))
    volunteer(service, first_name="Alice", last_name="Martin")
    volunteer(service, first_name="Bruno", last_name="Petit")
    coordinator = coordinator_of(service)
    login(phone_page, coordinator.email, TEST_PASSWORD)
    phone_page.goto(f"/gardes/{service.slug}/gestion/plannings/")
    assert_accessible(phone_page)
    assert_fits_a_phone(phone_page)
    day = start.date().isoformat()
    phone_page.get_by_label("Du").fill(day)
    phone_page.get_by_label("Au").fill(day)
    phone_page.get_by_role("button", name="Calculer une proposition").click()
    phone_page.get_by_text("Le calcul attend son tour").wait_for()
    assert_accessible(phone_page)
    assert_fits_a_phone(phone_page)
    roster_services.roster_request_run(request_id=RosterRequest.objects.get().pk)  # the worker
    publish = phone_page.get_by_role("button", name="Publier le planning")
    publish.wait_for()  # the page refreshed itself onto the proposal
    assert_accessible(phone_page)
    assert_fits_a_phone(phone_page)
    before = {a.shift_id: a.user_id for a in Assignment.objects.filter(status="proposed")}
    assert set(before) == {first.pk, second.pk}
    phone_page.get_by_role("link", name="Échanger").first.click()
    assert_accessible(phone_page)
    assert_fits_a_phone(phone_page)
    phone_page.get_by_role("button", name="Échanger").click()
    phone_page.get_by_text("Les deux personnes sont échangées.").wait_for()
    after = {a.shift_id: a.user_id for a in Assignment.objects.filter(status="proposed")}
    assert after == {first.pk: before[second.pk], second.pk: before[first.pk]}
