"""An organisation's admins run its members from the back office (#14, item 2): the list, the
invitation by email, roles changed and members removed at once, never the last admin; and
nobody else reaches any of it."""

import re
import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from spp.catalog.tests.roles import delegated_service_and_people
from spp.core import permissions, services
from spp.core.models import AuditLogEntry, Invitation, Membership, Notification
from spp.core.testing.permission_tables import assert_table_matches
from spp.core.tests.factories import (
    TEST_PASSWORD,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _members_url(organisation) -> str:
    return f"/gestion/organisations/{organisation.slug}/membres/"


@pytest.fixture
def admin():
    return MembershipFactory(role="admin").user


def _organisation(admin):
    return admin.memberships.get().organisation


def _invite(client, organisation, email, role="coordinator", token=None):
    return client.post(
        _members_url(organisation) + "inviter/",
        {
            "email": email,
            "role": role,
            "form_token": str(token or uuid.uuid4()),
        },
    )


def test_every_cell_of_the_documented_members_table_matches_the_code():
    service, people = delegated_service_and_people()
    assert_table_matches("core.members", people,
                         lambda person: permissions.member_abilities(person, service.authority))


def test_only_the_organisation_s_admins_reach_its_members_pages_others_get_404(client):
    service, people = delegated_service_and_people()
    authority = service.authority
    target = Membership.objects.get(user=people["agent (authority)"])
    invitation = services.member_invite(
        actor=people["admin (authority)"],
        organisation=authority,
        email="nouvelle@exemple.fr",
        role="agent",
    )
    base = _members_url(authority)
    for role in (
        "citizen",
        "agent (authority)",
        "coordinator (authority)",
        "admin (operator)",
        "admin (other authority)",
    ):
        client.force_login(people[role])
        assert client.get(base).status_code == 404, role
        assert _invite(client, authority, "x@exemple.fr").status_code == 404, role
        assert client.post(f"{base}{target.pk}/role/", {"role": "admin"}).status_code == 404
        assert client.post(f"{base}{target.pk}/retirer/").status_code == 404
        invitations = f"/gestion/organisations/{authority.slug}/invitations/{invitation.pk}/"
        assert client.post(invitations + "renvoyer/").status_code == 404
        assert client.post(invitations + "annuler/").status_code == 404
    target.refresh_from_db()
    assert target.role == "agent"
    assert Invitation.objects.get().cancelled_at is None
    client.force_login(people["admin (authority)"])
    assert client.get(base).status_code == 200


def test_the_list_shows_each_member_with_their_role_label_and_searches_names_and_emails(
    client, admin
):
    organisation = _organisation(admin)
    MembershipFactory(
        organisation=organisation,
        role="coordinator",
        user__first_name="Bérénice",
        user__email="berenice@exemple.fr",
    )
    MembershipFactory(
        organisation=organisation,
        role="agent",
        user__last_name="Zola",
        user__email="emile@exemple.fr",
    )
    client.force_login(admin)
    page = client.get(_members_url(organisation)).content.decode()
    assert "Coordinateur" in page and "Agent" in page and "Administrateur" in page
    assert "coordinator</td>" not in page
    found = client.get(_members_url(organisation), {"q": "bérén"}).content.decode()
    assert "berenice@exemple.fr" in found and "emile@exemple.fr" not in found
    found = client.get(_members_url(organisation), {"q": "emile@"}).content.decode()
    assert "emile@exemple.fr" in found and "berenice@exemple.fr" not in found


def test_the_list_is_paginated(client, admin):
    organisation = _organisation(admin)
    for number in range(30):
        MembershipFactory(
            organisation=organisation, role="agent", user__last_name=f"Nom{number:02d}"
        )
    client.force_login(admin)
    first = client.get(_members_url(organisation))
    second = client.get(_members_url(organisation), {"page": 2})
    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 6


def test_inviting_someone_with_an_account_gives_the_role_at_once_notified_and_audited(
    client, admin
):
    organisation = _organisation(admin)
    person = UserFactory(email="agent.existant@exemple.fr")
    client.force_login(admin)
    response = _invite(client, organisation, "Agent.Existant@exemple.fr", role="agent")
    assert response.status_code == 302
    assert Membership.objects.get(user=person, organisation=organisation).role == "agent"
    assert Notification.objects.filter(recipient=person).exists()
    assert AuditLogEntry.objects.filter(
        action="membership.add", actor=admin, organisation=organisation
    ).exists()
    assert not Invitation.objects.exists()


def test_inviting_an_existing_member_again_says_so_and_changes_nothing(client, admin):
    organisation = _organisation(admin)
    member = MembershipFactory(organisation=organisation, role="agent").user
    client.force_login(admin)
    response = _invite(client, organisation, member.email, role="admin")
    assert response.status_code == 200
    assert "déjà membre" in response.content.decode()
    assert Membership.objects.get(user=member).role == "agent"


def test_inviting_an_unknown_address_emails_a_link_once_even_when_submitted_twice(
    client, admin, django_capture_on_commit_callbacks
):
    organisation = _organisation(admin)
    client.force_login(admin)
    token = uuid.uuid4()
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            _invite(client, organisation, "nouvelle@exemple.fr", token=token)
    invitation = Invitation.objects.get()
    assert invitation.role == "coordinator" and invitation.is_pending
    assert invitation.expires_at - timezone.now() > timedelta(days=13)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nouvelle@exemple.fr"]
    assert f"/invitations/{invitation.token}/" in mail.outbox[0].body
    assert AuditLogEntry.objects.filter(action="invitation.create").count() == 1


def test_the_invitee_signs_up_verifies_their_address_and_has_the_role(client, admin):
    organisation = _organisation(admin)
    invitation = services.member_invite(
        actor=admin, organisation=organisation, email="lea@exemple.fr", role="coordinator"
    )
    client.post(
        "/accounts/signup/",
        {"email": "lea@exemple.fr", "password1": TEST_PASSWORD, "password2": TEST_PASSWORD},
    )
    confirm = re.search(r"/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    client.post(confirm)
    membership = Membership.objects.get(user__email="lea@exemple.fr")
    assert membership.organisation == organisation and membership.role == "coordinator"
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert AuditLogEntry.objects.filter(action="invitation.accept").exists()


def test_a_signed_in_person_with_the_verified_address_takes_the_link_up(client, admin):
    organisation = _organisation(admin)
    invitation = services.member_invite(
        actor=admin, organisation=organisation, email="paul@exemple.fr", role="agent"
    )
    # The account was created after the invitation, so the invitation went out by email.
    person = UserFactory(email="paul@exemple.fr")
    client.force_login(person)
    response = client.get(f"/invitations/{invitation.token}/")
    assert "Vous avez le rôle « Agent »" in response.content.decode()
    assert Membership.objects.get(user=person).role == "agent"
    assert client.get("/gestion/").status_code == 200


def test_the_link_gives_nothing_to_someone_signed_in_with_another_address(client, admin):
    organisation = _organisation(admin)
    invitation = services.member_invite(
        actor=admin, organisation=organisation, email="paul@exemple.fr", role="admin"
    )
    other = UserFactory(email="quelquun@exemple.fr")
    client.force_login(other)
    response = client.get(f"/invitations/{invitation.token}/")
    assert "paul@exemple.fr" in response.content.decode()
    assert not Membership.objects.filter(user=other).exists()


def test_an_expired_or_cancelled_invitation_attaches_nothing(client, admin):
    organisation = _organisation(admin)
    expired = services.member_invite(
        actor=admin, organisation=organisation, email="tard@exemple.fr", role="agent"
    )
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(1))
    cancelled = services.member_invite(
        actor=admin, organisation=organisation, email="annule@exemple.fr", role="agent"
    )
    client.force_login(admin)
    client.post(f"/gestion/organisations/{organisation.slug}/invitations/{cancelled.pk}/annuler/")
    for invitation, email in ((expired, "tard@exemple.fr"), (cancelled, "annule@exemple.fr")):
        person = UserFactory(email=email)
        client.force_login(person)
        response = client.get(f"/invitations/{invitation.token}/")
        assert "expiré ou a été annulée" in response.content.decode()
        assert not Membership.objects.filter(user=person).exists()
    assert AuditLogEntry.objects.filter(action="invitation.cancel").exists()


def test_resending_an_invitation_replaces_its_link(
    client, admin, django_capture_on_commit_callbacks
):
    organisation = _organisation(admin)
    invitation = services.member_invite(
        actor=admin, organisation=organisation, email="relance@exemple.fr", role="agent"
    )
    old_token = invitation.token
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/gestion/organisations/{organisation.slug}/invitations/{invitation.pk}/renvoyer/"
        )
    invitation.refresh_from_db()
    assert invitation.token != old_token
    assert f"/invitations/{invitation.token}/" in mail.outbox[-1].body
    assert client.get(f"/invitations/{old_token}/").status_code == 404
    assert AuditLogEntry.objects.filter(action="invitation.resend").exists()


def test_a_changed_role_takes_effect_on_the_next_request(client, admin):
    organisation = _organisation(admin)
    other_admin = MembershipFactory(organisation=organisation, role="admin")
    client.force_login(other_admin.user)
    assert client.get(_members_url(organisation)).status_code == 200
    client.force_login(admin)
    client.post(f"{_members_url(organisation)}{other_admin.pk}/role/", {"role": "agent"})
    other_admin.refresh_from_db()
    assert other_admin.role == "agent"
    assert AuditLogEntry.objects.get(action="membership.role").data == {
        "from": "admin",
        "to": "agent",
    }
    client.force_login(other_admin.user)
    assert client.get(_members_url(organisation)).status_code == 404


def test_a_removed_member_loses_the_back_office_at_once(client, admin):
    organisation = _organisation(admin)
    agent = MembershipFactory(organisation=organisation, role="agent")
    client.force_login(agent.user)
    assert client.get("/gestion/").status_code == 200
    client.force_login(admin)
    client.post(f"{_members_url(organisation)}{agent.pk}/retirer/")
    assert not Membership.objects.filter(pk=agent.pk).exists()
    assert AuditLogEntry.objects.filter(action="membership.remove").exists()
    client.force_login(agent.user)
    assert client.get("/gestion/").status_code in (403, 404)


def test_the_last_admin_can_be_neither_removed_nor_demoted(client, admin):
    organisation = _organisation(admin)
    own = admin.memberships.get()
    client.force_login(admin)
    response = client.post(f"{_members_url(organisation)}{own.pk}/retirer/", follow=True)
    assert "au moins un administrateur" in response.content.decode()
    response = client.post(
        f"{_members_url(organisation)}{own.pk}/role/", {"role": "agent"}, follow=True
    )
    assert "au moins un administrateur" in response.content.decode()
    own.refresh_from_db()
    assert own.role == "admin"


def test_with_two_admins_one_may_step_down(admin):
    organisation = _organisation(admin)
    MembershipFactory(organisation=organisation, role="admin")
    own = admin.memberships.get()
    services.member_change_role(actor=admin, membership=own, role="coordinator")
    own.refresh_from_db()
    assert own.role == "coordinator"
    with pytest.raises(ValidationError):
        last = Membership.objects.get(organisation=organisation, role="admin")
        services.member_remove(actor=last.user, membership=last)


def test_an_admin_of_another_organisation_cannot_touch_these_members_through_the_services():
    organisation = OrganisationFactory()
    member = MembershipFactory(organisation=organisation, role="agent")
    stranger = MembershipFactory(role="admin").user
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.member_remove(actor=stranger, membership=member)
    with pytest.raises(PermissionDenied):
        services.member_invite(
            actor=stranger, organisation=organisation, email="x@exemple.fr", role="admin"
        )


def test_erasing_a_person_deletes_the_invitations_to_their_address(admin):
    organisation = _organisation(admin)
    invitation = services.member_invite(
        actor=admin, organisation=organisation, email="efface@exemple.fr", role="agent"
    )
    person = UserFactory(email="efface@exemple.fr")
    services.invitation_accept(user=person, invitation=invitation)
    other = services.member_invite(
        actor=admin, organisation=organisation, email="reste@exemple.fr", role="agent"
    )
    services.user_erase(user=person)
    assert list(Invitation.objects.all()) == [other]


def test_the_only_admin_cannot_erase_their_account_until_they_name_another(client, admin):
    organisation = _organisation(admin)
    client.force_login(admin)
    refused = client.post("/mon-profil/effacer/", {"confirm": "on"}, follow=True)
    assert f"seul administrateur de « {organisation.name} »" in refused.content.decode()
    admin.refresh_from_db()
    assert admin.is_active and admin.erased_at is None
    assert admin.memberships.get().role == "admin"

    MembershipFactory(organisation=organisation, role="admin")
    client.post("/mon-profil/effacer/", {"confirm": "on"})
    admin.refresh_from_db()
    assert admin.erased_at is not None
    assert Membership.objects.filter(organisation=organisation, role="admin").count() == 1


def test_the_back_office_home_links_to_the_members_page_for_admins_only(client, admin):
    organisation = _organisation(admin)
    coordinator = MembershipFactory(organisation=organisation, role="coordinator").user
    client.force_login(admin)
    assert _members_url(organisation) in client.get("/gestion/").content.decode()
    client.force_login(coordinator)
    assert _members_url(organisation) not in client.get("/gestion/").content.decode()
