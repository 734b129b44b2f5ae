"""The back office's page of an authority's Open311 client applications: its admins issue a
key (shown once, only its hash kept), renew it (the old key is refused at once) and revoke it;
everything is audited; anyone else gets a 404."""

import re
import uuid

import pytest

from spp.core.models import AuditLogEntry, FormToken
from spp.core.tests.factories import MembershipFactory, OperatorFactory
from spp.open311.models import ApiClient
from spp.open311.services import api_client_create, hash_key
from spp.open311.tests.test_open311 import ATTRIBUTES, _post
from spp.reports.tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db

KEY = re.compile(r'value="(o311_[^"]+)"')


@pytest.fixture
def category():
    return CategoryFactory(code="nid-de-poule", name="Nid-de-poule", attributes=ATTRIBUTES)


@pytest.fixture
def authority(category):
    return category.service.authority


@pytest.fixture
def admin(authority):
    return MembershipFactory(organisation=authority, role="admin").user


def _url(org, pk=None):
    base = f"/gestion/organisations/{org.slug}/open311/"
    return f"{base}{pk}/" if pk else base


def _create(client, org, name="Appli de quartier", token=None):
    return client.post(
        _url(org),
        {"form_token": str(token or uuid.uuid4()), "name": name, "contact_email": "dev@exemple.fr"},
    )


def test_an_admin_creates_a_client_and_sees_its_key_once(client, authority, admin):
    client.force_login(admin)
    response = _create(client, authority)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    raw = KEY.search(response.content.decode()).group(1)
    created = ApiClient.objects.get()
    assert created.organisation == authority and created.created_by == admin
    assert created.key_hash == hash_key(raw) and raw not in created.key_hash
    listing = client.get(_url(authority)).content.decode()
    assert "Appli de quartier" in listing and created.key_prefix in listing
    assert raw not in listing
    entry = AuditLogEntry.objects.get(action="open311.key_issue")
    assert entry.actor == admin and entry.organisation == authority


def test_submitting_the_creation_form_twice_creates_one_client(client, authority, admin):
    client.force_login(admin)
    token = uuid.uuid4()
    assert _create(client, authority, token=token).status_code == 200
    second = _create(client, authority, token=token)
    assert second.status_code == 302 and second.url == _url(authority)
    assert ApiClient.objects.count() == 1
    assert FormToken.objects.filter(token=token).count() == 1


def test_a_renewed_key_replaces_the_old_one_at_once(client, category, authority, admin):
    issued, old_key = api_client_create(actor=admin, name="Appli", organisation=authority)
    assert _post(client, old_key, category).status_code == 200
    client.force_login(admin)
    response = client.post(_url(authority, issued.pk), {"action": "rotate"})
    assert response.status_code == 200
    new_key = KEY.search(response.content.decode()).group(1)
    assert new_key != old_key
    client.logout()
    assert _post(client, old_key, category).status_code == 403
    assert _post(client, new_key, category).status_code == 200
    assert AuditLogEntry.objects.filter(action="open311.key_rotate", actor=admin).count() == 1


def test_a_revoked_key_is_refused_by_the_post_endpoint(client, category, authority, admin):
    issued, key = api_client_create(actor=admin, name="Appli", organisation=authority)
    client.force_login(admin)
    response = client.post(_url(authority, issued.pk), {"action": "revoke"})
    assert response.status_code == 302
    client.logout()
    assert _post(client, key, category).status_code == 403
    issued.refresh_from_db()
    assert not issued.is_active
    assert AuditLogEntry.objects.filter(action="open311.key_revoke").count() == 1


def test_a_revoked_client_gets_no_new_key(client, authority, admin):
    issued, _key = api_client_create(actor=admin, name="Appli", organisation=authority)
    client.force_login(admin)
    client.post(_url(authority, issued.pk), {"action": "revoke"})
    before = ApiClient.objects.get().key_hash
    response = client.post(_url(authority, issued.pk), {"action": "rotate"}, follow=True)
    assert "révoquée" in response.content.decode()
    assert ApiClient.objects.get().key_hash == before
    assert not AuditLogEntry.objects.filter(action="open311.key_rotate").exists()


@pytest.mark.parametrize("role", ["agent", "coordinator"])
def test_the_authoritys_other_members_get_a_404(client, authority, role):
    issued, _key = api_client_create(actor=None, name="Appli")
    ApiClient.objects.filter(pk=issued.pk).update(organisation=authority)
    client.force_login(MembershipFactory(organisation=authority, role=role).user)
    assert client.get(_url(authority)).status_code == 404
    assert _create(client, authority).status_code == 404
    assert client.post(_url(authority, issued.pk), {"action": "revoke"}).status_code == 404
    assert ApiClient.objects.get().is_active


def test_an_operators_admin_gets_a_404_for_their_own_organisation(client):
    operator = OperatorFactory()
    client.force_login(MembershipFactory(organisation=operator, role="admin").user)
    assert client.get(_url(operator)).status_code == 404


def test_another_authoritys_admin_cannot_reach_this_authoritys_clients(client, authority):
    issued, _key = api_client_create(actor=None, name="Appli")
    ApiClient.objects.filter(pk=issued.pk).update(organisation=authority)
    other = MembershipFactory(role="admin")
    client.force_login(other.user)
    assert client.get(_url(authority)).status_code == 404
    # Their own page does not open this client either.
    response = client.post(_url(other.organisation, issued.pk), {"action": "revoke"})
    assert response.status_code == 404
    assert ApiClient.objects.get().is_active


def test_clients_issued_by_platform_staff_are_not_listed(client, authority, admin):
    api_client_create(actor=None, name="Appli de la plateforme")
    client.force_login(admin)
    assert "Appli de la plateforme" not in client.get(_url(authority)).content.decode()


def test_the_back_office_home_links_the_page_for_an_authority_admin_only(client, authority, admin):
    client.force_login(admin)
    assert _url(authority) in client.get("/gestion/").content.decode()
    coordinator = MembershipFactory(organisation=authority, role="coordinator").user
    client.force_login(coordinator)
    assert _url(authority) not in client.get("/gestion/").content.decode()
