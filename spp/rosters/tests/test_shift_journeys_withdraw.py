"""Withdrawing from a shift: a confirmation page first (GET never writes, its POST does);
inside the no-withdrawal window, the coordination's contact in place of the button."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from spp.core.tests.factories import MembershipFactory, OperatorFactory, UserFactory
from spp.rosters import services
from spp.rosters.models import Assignment
from spp.rosters.tests.factories import roster_service, shift_with_need, volunteer

pytestmark = pytest.mark.django_db


def hours_ahead(hours: float):
    return (timezone.now() + timedelta(hours=hours)).replace(second=0, microsecond=0)


def place(service, hours: float):
    _shift, need = shift_with_need(service, starts_at=hours_ahead(hours))
    person = volunteer(service)
    return person, services.assignment_signup(actor=person, need=need)


def test_me_desister_leads_to_a_confirmation_page_that_changes_nothing(client):
    service = roster_service()
    person, assignment = place(service, 24 * 5)
    client.force_login(person)
    mine = client.get(reverse("rosters:my_shifts")).content.decode()
    url = reverse("rosters:cancel", args=[assignment.pk])
    assert f'href="{url}"' in mine and "Désistement possible jusqu’au" in mine
    page = client.get(url).content.decode()
    assert "Voulez-vous vraiment vous désister" in page and "Oui, je me désiste" in page
    assert Assignment.objects.get().status == "published"


def test_confirming_withdraws_and_keeps_the_reason(client):
    service = roster_service()
    person, assignment = place(service, 24 * 5)
    client.force_login(person)
    response = client.post(
        reverse("rosters:cancel", args=[assignment.pk]), {"reason": "Malade"}, follow=True
    )
    assert "Votre désistement de la garde" in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.status == "cancelled"
    assert assignment.events.get(to_status="cancelled").reason == "Malade"


def test_inside_the_window_the_page_gives_the_coordination_contact_not_the_button(client):
    service = roster_service()
    coordinator = MembershipFactory(organisation=service.authority, role="coordinator").user
    coordinator.phone = "06 12 34 56 78"
    coordinator.save()
    service.authority.contact_email = "gardes@commune.example"
    service.authority.save()
    person, assignment = place(service, 20)
    client.force_login(person)
    mine = client.get(reverse("rosters:my_shifts")).content.decode()
    assert reverse("rosters:cancel", args=[assignment.pk]) not in mine
    for page in (
        mine,
        client.get(reverse("rosters:cancel", args=[assignment.pk])).content.decode(),
    ):
        assert "vous ne pouvez plus vous désister vous-même" in page
        assert 'href="tel:0612345678"' in page
        assert f'href="mailto:{coordinator.email}"' in page
        assert 'href="mailto:gardes@commune.example"' in page
        assert "Oui, je me désiste" not in page


def test_the_operator_coordination_is_the_contact_of_a_delegated_service(client):
    operator = OperatorFactory()
    service = roster_service(operator=operator)
    theirs = MembershipFactory(organisation=operator, role="coordinator").user
    authority_one = MembershipFactory(organisation=service.authority, role="coordinator").user
    person, assignment = place(service, 20)
    client.force_login(person)
    page = client.get(reverse("rosters:cancel", args=[assignment.pk])).content.decode()
    assert f"mailto:{theirs.email}" in page and authority_one.email not in page


def test_a_post_inside_the_window_is_still_refused(client):
    service = roster_service()
    person, assignment = place(service, 20)
    client.force_login(person)
    client.post(reverse("rosters:cancel", args=[assignment.pk]))
    assert Assignment.objects.get().status == "published"


def test_someone_else_cannot_open_the_confirmation(client):
    service = roster_service()
    _person, assignment = place(service, 24 * 5)
    client.force_login(UserFactory())
    assert client.get(reverse("rosters:cancel", args=[assignment.pk])).status_code == 404
