"""An organisation's API tokens (#15), issued and revoked by its admins in the back office:
the token is shown once and only its hash is stored; revoking is confirmed and audited;
nobody but the organisation's admins reaches any of it."""

import re
import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from spp.core import services
from spp.core.models import ApiToken, AuditLogEntry
from spp.core.services.api_tokens import hash_token
from spp.core.tests.factories import MembershipFactory, OperatorFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'value="(spp_[^"]+)"')


@pytest.fixture
def organisation():
    return OrganisationFactory()


@pytest.fixture
def admin(organisation):
    return MembershipFactory(organisation=organisation, role="admin").user


def _url(organisation, pk=None):
    base = f"/gestion/organisations/{organisation.slug}/jetons-api/"
    return f"{base}{pk}/revoquer/" if pk else base


def _create(client, organisation, *, name="Export SIG", scope="read", lifetime="90",
            form_token=None):
    return client.post(_url(organisation), {"form_token": str(form_token or uuid.uuid4()),
                                            "name": name, "scope": scope,
                                            "lifetime_days": lifetime})


def _every_stored_text() -> str:
    """Every row of every table of the database, as text."""
    texts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            texts.extend(str(row) for row in cursor.fetchall())
    return "\n".join(texts)


def test_an_admin_creates_a_token_shown_once_and_stored_only_as_its_hash(
        client, organisation, admin):
    client.force_login(admin)
    response = _create(client, organisation)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    raw = TOKEN.search(page).group(1)
    assert "une seule fois" in page
    token = ApiToken.objects.get()
    assert (token.organisation, token.scope, token.created_by) == (organisation, "read", admin)
    assert token.secret_hash == hash_token(raw) and token.prefix == raw[:12]
    assert raw not in _every_stored_text()
    listing = client.get(_url(organisation)).content.decode()
    assert "Export SIG" in listing and token.prefix in listing and raw not in listing
    assert AuditLogEntry.objects.filter(action="api_token.create",
                                        organisation=organisation).count() == 1


def test_the_token_is_long_random_and_each_one_differs(organisation, admin):
    _first, raw_1 = services.api_token_create(actor=admin, organisation=organisation,
                                              name="A", scope="read")
    _second, raw_2 = services.api_token_create(actor=admin, organisation=organisation,
                                               name="B", scope="write")
    assert raw_1 != raw_2 and raw_1.startswith("spp_") and len(raw_1) >= 4 + 43


def test_a_lifetime_sets_the_expiry_and_none_means_until_revoked(organisation, admin):
    before = timezone.now()
    dated, _raw = services.api_token_create(actor=admin, organisation=organisation, name="A",
                                            scope="read", lifetime_days=30)
    undated, _raw = services.api_token_create(actor=admin, organisation=organisation,
                                              name="B", scope="read")
    assert before + timedelta(days=30) <= dated.expires_at <= timezone.now() + timedelta(days=30)
    assert undated.expires_at is None


def test_a_second_submission_of_the_same_form_creates_nothing_and_shows_no_token(
        client, organisation, admin):
    client.force_login(admin)
    form_token = uuid.uuid4()
    _create(client, organisation, form_token=form_token)
    again = _create(client, organisation, form_token=form_token)
    assert again.status_code == 302 and again["Location"] == _url(organisation)
    assert ApiToken.objects.count() == 1


def test_bad_input_is_refused_in_french_and_keeps_what_was_typed(client, organisation, admin):
    client.force_login(admin)
    response = _create(client, organisation, name="Mon export", scope="admin")
    page = response.content.decode()
    assert response.status_code == 200 and ApiToken.objects.count() == 0
    assert "Sélectionnez un choix valide" in page and 'value="Mon export"' in page


def test_the_service_refuses_an_unknown_scope_or_an_empty_name(organisation, admin):
    with pytest.raises(ValidationError) as error:
        services.api_token_create(actor=admin, organisation=organisation, name=" ",
                                  scope="everything")
    assert set(error.value.message_dict) == {"name", "scope"}


def test_the_list_says_when_there_is_no_token_yet(client, organisation, admin):
    client.force_login(admin)
    page = client.get(_url(organisation)).content.decode()
    assert "Aucun jeton d’API pour l’instant." in page


def test_revoking_asks_for_confirmation_then_refuses_the_token(client, organisation, admin):
    token, raw = services.api_token_create(actor=admin, organisation=organisation, name="A",
                                           scope="read")
    client.force_login(admin)
    confirm = client.get(_url(organisation, token.pk))
    assert confirm.status_code == 200 and "définitive" in confirm.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None  # a GET changes nothing
    assert client.post(_url(organisation, token.pk)).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == admin
    assert services.api_token_authenticate(raw) is None
    assert AuditLogEntry.objects.filter(action="api_token.revoke").count() == 1


def test_revoking_twice_writes_nothing_more(organisation, admin):
    token, _raw = services.api_token_create(actor=admin, organisation=organisation, name="A",
                                            scope="read")
    first = services.api_token_revoke(actor=admin, token=token).revoked_at
    assert services.api_token_revoke(actor=admin, token=token).revoked_at == first
    assert AuditLogEntry.objects.filter(action="api_token.revoke").count() == 1


@pytest.mark.parametrize("role", ["agent", "coordinator"])
def test_only_the_organisations_admins_reach_its_tokens(client, organisation, admin, role):
    token, _raw = services.api_token_create(actor=admin, organisation=organisation, name="A",
                                            scope="read")
    member = MembershipFactory(organisation=organisation, role=role).user
    other_admin = MembershipFactory(organisation=OperatorFactory(), role="admin").user
    for person in (member, other_admin):
        client.force_login(person)
        assert client.get(_url(organisation)).status_code == 404
        assert _create(client, organisation).status_code == 404
        assert client.post(_url(organisation, token.pk)).status_code == 404
    assert ApiToken.objects.count() == 1 and ApiToken.objects.get().revoked_at is None
    with pytest.raises(PermissionDenied):
        services.api_token_create(actor=member, organisation=organisation, name="B",
                                  scope="read")
    with pytest.raises(PermissionDenied):
        services.api_token_revoke(actor=other_admin, token=token)


def test_an_admin_cannot_revoke_another_organisations_token(client, organisation, admin):
    elsewhere = OrganisationFactory()
    other_admin = MembershipFactory(organisation=elsewhere, role="admin").user
    token, _raw = services.api_token_create(actor=other_admin, organisation=elsewhere,
                                            name="A", scope="read")
    client.force_login(admin)
    assert client.post(_url(organisation, token.pk)).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_visitor_is_sent_to_the_login_page(client, organisation):
    assert client.get(_url(organisation)).status_code == 302


def test_the_back_office_links_its_admins_to_their_tokens(client, organisation, admin):
    client.force_login(admin)
    assert _url(organisation) in client.get("/gestion/").content.decode()


def test_an_expired_token_is_refused_and_listed_as_expired(client, organisation, admin):
    token, raw = services.api_token_create(actor=admin, organisation=organisation, name="A",
                                           scope="read", lifetime_days=30)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1),
                                                created_at=timezone.now() - timedelta(days=31))
    assert services.api_token_authenticate(raw) is None
    client.force_login(admin)
    assert "expiré" in client.get(_url(organisation)).content.decode()


def test_last_use_is_written_at_most_once_a_minute(organisation, admin):
    token, raw = services.api_token_create(actor=admin, organisation=organisation, name="A",
                                           scope="read")
    services.api_token_authenticate(raw)
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first is not None
    services.api_token_authenticate(raw)
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first


def test_support_staff_read_tokens_in_the_admin_without_their_hash(admin_client, organisation,
                                                                   admin):
    token, _raw = services.api_token_create(actor=admin, organisation=organisation, name="A",
                                            scope="read")
    page = admin_client.get(f"/admin/core/apitoken/{token.pk}/change/")
    assert page.status_code == 200 and token.secret_hash not in page.content.decode()
    assert admin_client.get("/admin/core/apitoken/add/").status_code == 403
