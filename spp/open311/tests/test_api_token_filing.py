"""An organisation's API token files Open311 requests (#15), beside the Open311 keys: passed
as the spec's ``api_key`` or in ``Authorization: Bearer``, of write scope only; the keys keep
working both ways; the submission records which sent it."""

import pytest

from spp.core import services as core_services
from spp.core.tests.factories import MembershipFactory
from spp.open311.models import Submission
from spp.open311.services import api_client_create
from spp.open311.tests.test_open311 import ATTRIBUTES, _post
from spp.reports.models import Report
from spp.reports.tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def category():
    return CategoryFactory(code="nid-de-poule", name="Nid-de-poule", attributes=ATTRIBUTES)


def _token(category, scope):
    organisation = category.service.authority
    admin = MembershipFactory(organisation=organisation, role="admin").user
    return core_services.api_token_create(actor=admin, organisation=organisation,
                                          name="Appli de quartier", scope=scope)


def test_a_write_token_files_a_request_as_the_api_key(client, category):
    token, raw = _token(category, "write")
    response = _post(client, raw, category)
    assert response.status_code == 200
    submission = Submission.objects.get()
    assert submission.api_token == token and submission.client is None
    assert submission.report.reference == response.json()[0]["service_request_id"]


def test_a_write_token_files_a_request_in_the_bearer_header(client, category):
    token, raw = _token(category, "write")
    response = _post(client, "", category, headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200
    assert Submission.objects.get().api_token == token


def test_a_read_token_files_nothing(client, category):
    _token_row, raw = _token(category, "read")
    response = _post(client, raw, category)
    assert response.status_code == 403
    assert "lecture" in response.json()[0]["description"]
    assert not Report.objects.exists()


def test_a_revoked_token_files_nothing(client, category):
    token, raw = _token(category, "write")
    core_services.api_token_revoke(actor=token.created_by, token=token)
    assert _post(client, raw, category).status_code == 403
    assert not Report.objects.exists()


def test_an_open311_key_still_works_as_api_key_and_as_bearer(client, category):
    api_client, raw = api_client_create(actor=None, name="Appli historique")
    assert _post(client, raw, category).status_code == 200
    response = _post(client, "", category, headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200
    assert Submission.objects.filter(client=api_client).count() == 2


def test_a_retry_with_the_same_idempotency_key_files_once(client, category):
    _token_row, raw = _token(category, "write")
    headers = {"Idempotency-Key": "essai-1"}
    first = _post(client, raw, category, headers=headers)
    again = _post(client, raw, category, headers=headers)
    assert first.json() == again.json() and Report.objects.count() == 1


def test_the_database_refuses_a_submission_with_no_sender_or_two(category):
    from django.db import IntegrityError, transaction

    token, _raw = _token(category, "write")
    api_client, _key = api_client_create(actor=None, name="Appli")
    report = Report.objects.create(service=category.service, category=category, latitude=45.36,
                                   longitude=5.59, description="x", reporter_email="a@b.fr",
                                   source="open311", reference="SIG-TEST-0001")
    for sender in ({}, {"client": api_client, "api_token": token}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Submission.objects.create(report=report, **sender)
