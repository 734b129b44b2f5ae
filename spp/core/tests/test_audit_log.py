"""The audit journal shows each administrator their organisations' entries, as they are now."""

import pytest

from spp.core import services
from spp.core.models import Membership
from spp.core.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

JOURNAL = "/gestion/journal/"


@pytest.fixture
def admin_membership(client):
    membership = MembershipFactory(role="admin")
    client.force_login(membership.user)
    return membership


def _read(client, path=JOURNAL) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_an_entry_recorded_after_a_read_is_shown_at_once(client, admin_membership):
    _read(client)
    services.audit_record(actor=admin_membership.user, action="core.branding.update",
                          organisation=admin_membership.organisation, reason="Couleurs 2027")
    assert "Couleurs 2027" in _read(client)


def test_an_entry_of_another_organisation_leaves_the_journal_as_it_was(client, admin_membership):
    other = MembershipFactory(role="admin").organisation
    _read(client)
    services.audit_record(actor=None, action="core.branding.update", organisation=other,
                          reason="Ailleurs")
    assert "Ailleurs" not in _read(client)


def test_an_authors_new_email_is_shown_at_once(client, admin_membership):
    author = UserFactory(email="ancien@exemple.fr")
    services.audit_record(actor=author, action="core.branding.update",
                          organisation=admin_membership.organisation)
    assert "ancien@exemple.fr" in _read(client)
    author.email = "nouveau@exemple.fr"
    author.save()
    page = _read(client)
    assert "nouveau@exemple.fr" in page and "ancien@exemple.fr" not in page


def test_a_deleted_author_is_shown_as_nobody_at_once(client, admin_membership):
    author = UserFactory(email="parti@exemple.fr")
    services.audit_record(actor=author, action="core.branding.update",
                          organisation=admin_membership.organisation)
    assert "parti@exemple.fr" in _read(client)
    author.delete()
    assert "parti@exemple.fr" not in _read(client)


def test_a_filtered_journal_is_kept_apart_from_the_whole_one(client, admin_membership):
    organisation = admin_membership.organisation
    services.audit_record(actor=None, action="catalog.enrolment.approve",
                          organisation=organisation, reason="Inscription A")
    services.audit_record(actor=None, action="catalog.incident.close",
                          organisation=organisation, reason="Incident B")
    assert "Inscription A" in _read(client)
    page = _read(client, JOURNAL + "?action=catalog.incident")
    assert "Incident B" in page and "Inscription A" not in page


def test_an_administrator_who_lost_the_role_is_refused_the_kept_journal(client,
                                                                       admin_membership):
    _read(client)
    admin_membership.role = Membership.Role.AGENT
    admin_membership.save()
    assert client.get(JOURNAL).status_code == 403


def test_the_recent_actions_are_those_of_the_latest_entries_once_each(admin_membership):
    from datetime import timedelta

    from django.utils import timezone

    from spp.core import selectors
    from spp.core.models import AuditLogEntry

    organisation, now = admin_membership.organisation, timezone.now()
    other = MembershipFactory(role="admin").organisation
    AuditLogEntry.objects.bulk_create(  # the oldest one is past the latest thousand
        [AuditLogEntry(organisation=organisation, action="core.old",
                       created_at=now - timedelta(days=1))]
        + [AuditLogEntry(organisation=organisation, action=f"core.b{i % 2}", created_at=now)
         for i in range(selectors.RECENT_AUDIT_ENTRIES)]
        + [AuditLogEntry(organisation=other, action="core.elsewhere", created_at=now)])
    assert selectors.audit_actions_for([organisation.pk]) == ["core.b0", "core.b1"]
    assert selectors.audit_actions_for([organisation.pk, other.pk])[-1] == "core.elsewhere"
    assert selectors.audit_actions_for([]) == []


def test_each_journal_cell_is_labelled_for_the_phone_cards(client, admin_membership):
    services.audit_record(actor=admin_membership.user, action="core.branding.update",
                          organisation=admin_membership.organisation, reason="Couleurs 2027")
    page = _read(client)
    for label in ("Date", "Auteur", "Action", "Objet", "Motif"):
        assert f'<th scope="col">{label}</th>' in page
        assert f'<td data-label="{label}">' in page
    assert '<td data-label="Motif">Couleurs 2027</td>' in page
