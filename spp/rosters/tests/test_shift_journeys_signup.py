"""Signing up for a shift: inside the service's no-withdrawal window (48 h by default) the
person is told first and ticks that they know; the confirmation says what they committed
to."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from spp.core.tests.factories import UserFactory
from spp.rosters import services
from spp.rosters.models import Assignment, RosterPolicy
from spp.rosters.tests.factories import roster_service, shift_with_need, volunteer

pytestmark = pytest.mark.django_db


def hours_ahead(hours: float):
    return (timezone.now() + timedelta(hours=hours)).replace(second=0, microsecond=0)


def test_a_late_shift_is_marked_and_taken_through_a_warning_page(client):
    service = roster_service()
    _shift, need = shift_with_need(service, starts_at=hours_ahead(20))
    person = volunteer(service)
    client.force_login(person)
    listing = client.get(reverse("rosters:open_shifts", args=[service.slug])).content.decode()
    assert "désistement impossible" in listing
    assert f'href="{reverse("rosters:signup", args=[need.pk])}"' in listing
    page = client.get(reverse("rosters:signup", args=[need.pk])).content.decode()
    assert "vous ne pouvez plus vous désister vous-même" in page
    assert 'name="late_ok"' in page
    assert not Assignment.objects.exists()


def test_a_late_sign_up_without_the_box_ticked_takes_no_place(client):
    service = roster_service()
    _shift, need = shift_with_need(service, starts_at=hours_ahead(20))
    client.force_login(volunteer(service))
    plain = client.post(reverse("rosters:signup", args=[need.pk]))
    assert plain.status_code == 200 and 'name="late_ok"' in plain.content.decode()
    unticked = client.post(reverse("rosters:signup", args=[need.pk]), {"confirm": "1"})
    assert "Cochez la case pour confirmer votre engagement." in unticked.content.decode()
    assert not Assignment.objects.exists()


def test_a_late_sign_up_with_the_box_ticked_says_it_cannot_be_withdrawn(client):
    service = roster_service()
    shift, need = shift_with_need(service, starts_at=hours_ahead(20))
    person = volunteer(service)
    client.force_login(person)
    response = client.post(
        reverse("rosters:signup", args=[need.pk]), {"confirm": "1", "late_ok": "on"}, follow=True
    )
    assert Assignment.objects.get(user=person).shift == shift
    page = response.content.decode()
    assert "Vous ne pourrez plus vous en désister vous-même" in page


def test_a_sign_up_ahead_of_the_window_says_until_when_one_may_withdraw(client):
    service = roster_service()
    shift, need = shift_with_need(service, starts_at=hours_ahead(24 * 5))
    person = volunteer(service)
    client.force_login(person)
    listing = client.get(reverse("rosters:open_shifts", args=[service.slug])).content.decode()
    assert "désistement impossible" not in listing
    page = client.post(reverse("rosters:signup", args=[need.pk]), follow=True).content.decode()
    assert Assignment.objects.get(user=person).shift == shift
    assert "Vous pouvez vous en désister jusqu’au" in page
    deadline = timezone.localtime(shift.starts_at - timedelta(hours=48))
    assert f"{deadline:%H:%M}" in page


def test_the_window_follows_the_service_notice(client):
    service = roster_service()
    RosterPolicy.objects.create(service=service, cancel_notice_hours=6)
    _shift, need = shift_with_need(service, starts_at=hours_ahead(20))
    client.force_login(volunteer(service))
    listing = client.get(reverse("rosters:open_shifts", args=[service.slug])).content.decode()
    assert "désistement impossible" not in listing


def test_the_service_refuses_an_unacknowledged_late_sign_up():
    service = roster_service()
    _shift, need = shift_with_need(service, starts_at=hours_ahead(20))
    person = volunteer(service)
    with pytest.raises(ValidationError) as refused:
        services.assignment_signup(actor=person, need=need, late_acknowledged=False)
    assert refused.value.code == "late_unacknowledged"
    assert not Assignment.objects.exists()


def test_someone_not_enrolled_is_sent_back_from_the_sign_up_page(client):
    service = roster_service()
    _shift, need = shift_with_need(service, starts_at=hours_ahead(20))
    client.force_login(UserFactory())
    response = client.get(reverse("rosters:signup", args=[need.pk]))
    assert response.status_code == 302
    assert response.url == reverse("rosters:service_home", args=[service.slug])
