"""The volunteer's journey on a phone: a shift inside the no-withdrawal window taken after
its warning, the week and month views, a withdrawal confirmed. axe-core on each page; at
360 px nothing scrolls sideways."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from spp.core.testing.browser import assert_accessible, assert_fits_a_phone, login
from spp.core.tests.factories import TEST_PASSWORD
from spp.rosters import services
from spp.rosters.models import Assignment
from spp.rosters.tests.factories import roster_service, shift_with_need, volunteer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def hours_ahead(hours: float):
    return (timezone.now() + timedelta(hours=hours)).replace(second=0, microsecond=0)


def fits_360(page, note: str) -> None:
    assert_fits_a_phone(page)
    page.set_viewport_size({"width": 390, "height": 844})


def test_volunteer_takes_a_late_shift_reads_the_week_and_withdraws_on_a_phone(phone_page):
    service = roster_service()
    late, _need = shift_with_need(
        service, title="Garde de dernière minute", starts_at=hours_ahead(20)
    )
    later, later_need = shift_with_need(
        service, title="Garde de la semaine prochaine", starts_at=hours_ahead(24 * 6)
    )
    person = volunteer(service)
    services.assignment_signup(actor=person, need=later_need)
    login(phone_page, person.email, TEST_PASSWORD)

    phone_page.goto(f"/gardes/{service.slug}/gardes/")
    phone_page.get_by_text("désistement impossible").first.wait_for()
    assert_accessible(phone_page, context_note="open shifts")
    phone_page.get_by_role("link", name=re.compile("Je prends")).first.click()
    phone_page.get_by_role("heading", name="Prendre cette garde").wait_for()
    assert_accessible(phone_page, context_note="late sign-up warning")
    fits_360(phone_page, "late sign-up warning")
    phone_page.get_by_role("button", name="Je prends cette garde").click()
    phone_page.get_by_text("Cochez la case pour confirmer votre engagement.").first.wait_for()
    assert not Assignment.objects.filter(shift=late).exists()
    phone_page.get_by_label(re.compile("je ne pourrai plus me désister")).check()
    phone_page.get_by_role("button", name="Je prends cette garde").click()
    phone_page.get_by_text(re.compile("Vous ne pourrez plus vous en désister")).wait_for()
    assert Assignment.objects.get(shift=late).user == person

    day = timezone.localtime(late.starts_at).date()
    for query in (f"vue=semaine&du={day:%Y-%m-%d}", f"vue=mois&du={day:%Y-%m-%d}"):
        phone_page.goto(f"/gardes/mes-gardes/?{query}")
        phone_page.get_by_text("Garde de dernière minute").first.wait_for()
        assert_accessible(phone_page, context_note=query)
        fits_360(phone_page, query)

    phone_page.goto("/gardes/mes-gardes/")
    fits_360(phone_page, "my shifts")
    phone_page.get_by_role("link", name=re.compile("Me désister")).click()
    phone_page.get_by_role("button", name="Oui, je me désiste").wait_for()
    assert_accessible(phone_page, context_note="withdrawal confirmation")
    fits_360(phone_page, "withdrawal confirmation")
    phone_page.get_by_role("button", name="Oui, je me désiste").click()
    phone_page.get_by_text(re.compile("Votre désistement de la garde")).wait_for()
    assert Assignment.objects.get(shift=later).status == "cancelled"
    assert Assignment.objects.get(shift=late).status == "published"
