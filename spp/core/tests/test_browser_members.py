"""An admin runs their organisation's members from the back office on a phone (#14, item 2):
they invite a coordinator by email; the invitee signs up with that address, verifies it and
lands in the back office with the role. axe-core checks every page; none scrolls sideways."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from spp.core.models import Membership
from spp.core.testing.browser import assert_accessible, assert_fits_a_phone, login
from spp.core.tests.factories import TEST_PASSWORD, MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_invites_a_coordinator_who_signs_up_and_has_the_role(phone_page):
    admin = MembershipFactory(
        role="admin", organisation__name="Communauté d’agglomération du Pays Voironnais"
    ).user
    organisation = admin.memberships.get().organisation
    MembershipFactory(
        organisation=organisation, role="agent", user__email="un.agent.au.nom.tres.long@exemple.fr"
    )

    login(phone_page, admin.email, TEST_PASSWORD)
    phone_page.goto("/gestion/")
    phone_page.get_by_role("link", name=f"Membres de {organisation.name}").click()
    expect(phone_page.get_by_role("heading", level=1)).to_contain_text("Membres de")
    assert_accessible(phone_page, context_note="(members)")
    assert_fits_a_phone(phone_page)

    phone_page.locator("#id_email").fill("lea.coord@exemple.fr")
    phone_page.locator("#id_role").select_option("coordinator")
    phone_page.get_by_role("button", name="Inviter", exact=True).click()
    expect(phone_page.get_by_text("Invitation envoyée à lea.coord@exemple.fr.")).to_be_visible()
    expect(phone_page.get_by_role("cell", name="lea.coord@exemple.fr")).to_be_visible()
    assert_accessible(phone_page, context_note="(invitation pending)")
    assert_fits_a_phone(phone_page)

    link = re.search(r"https?://\S+(/invitations/\S+/)", mail.outbox[-1].body).group(1)
    phone_page.context.clear_cookies()
    phone_page.goto(link)
    assert_accessible(phone_page, context_note="(invitation, signed out)")
    assert_fits_a_phone(phone_page)
    phone_page.get_by_role("link", name="Créer mon compte").click()
    phone_page.locator("#id_email").fill("lea.coord@exemple.fr")
    phone_page.locator("#id_password1").fill(TEST_PASSWORD)
    phone_page.locator("#id_password2").fill(TEST_PASSWORD)
    phone_page.get_by_role("button", name="Création de compte").click()
    phone_page.wait_for_url(re.compile(r"/accounts/confirm-email/"))
    confirmation = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body)
    phone_page.goto(confirmation.group(0))
    phone_page.get_by_role("button", name="Confirmer").click()

    login(phone_page, "lea.coord@exemple.fr", TEST_PASSWORD)
    phone_page.goto(link)
    expect(phone_page.get_by_text("Vous avez le rôle « Coordinateur »")).to_be_visible()
    assert_accessible(phone_page, context_note="(invitation taken up)")
    assert_fits_a_phone(phone_page)
    phone_page.get_by_role("link", name="Aller à la gestion").click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Gestion des services")
    membership = Membership.objects.get(user__email="lea.coord@exemple.fr")
    assert membership.organisation == organisation and membership.role == "coordinator"
