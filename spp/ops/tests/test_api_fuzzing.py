"""The whole REST API fuzzed from its own OpenAPI document (schemathesis, #15): anonymously,
with a signed-in session and with an API token, every operation answers without a server error,
with the content type and body its schema declares. Examples are bounded so that `make test`
stays within minutes; a failure prints the request that caused it, as a curl line to replay."""

import pytest
import schemathesis
from django.conf import settings as settings_module
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from spp.core.models import ApiToken
from spp.core.services.api_tokens import api_token_create
from spp.core.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

CHECKS = [not_a_server_error, content_type_conformance, response_schema_conformance]
BOUNDED = settings(
    max_examples=12, deadline=None, database=None, suppress_health_check=list(HealthCheck)
)
# What a real server puts in every request's environment (the rate limits read it).
A_CLIENT_ADDRESS = {"REMOTE_ADDR": "192.0.2.10"}
CSRF_SECRET = "fuzzingfuzzingfuzzingfuzzing1234"

# The schema is read through the application itself (no server, no network); reading it
# touches no table, so it can happen when pytest collects this module.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def _requests_keep_the_tests_connection():
    """Django closes the database connection at the end of each request; inside a test, that
    connection holds the test's transaction. Django's test client sets this aside around its
    requests; schemathesis calls the WSGI application directly, so this module does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def signed_in_admin_cookies():
    """An organisation admin's session and CSRF cookies, as a browser sends them with an API
    write: with them, writes reach the handlers instead of stopping at CSRF."""
    client = Client()
    client.force_login(MembershipFactory(role="admin").user)
    # A CSRF secret as Django's cookie holds it; the header repeats it, as a page's script does.
    return {
        settings_module.SESSION_COOKIE_NAME: client.cookies[
            settings_module.SESSION_COOKIE_NAME
        ].value,
        settings_module.CSRF_COOKIE_NAME: CSRF_SECRET,
    }


@schema.parametrize()
@BOUNDED
def test_no_operation_fails_an_anonymous_caller(case):
    case.call_and_validate(checks=CHECKS, environ_base=A_CLIENT_ADDRESS)


@schema.parametrize()
@BOUNDED
def test_no_operation_fails_a_signed_in_admin(case, signed_in_admin_cookies):
    case.call_and_validate(
        checks=CHECKS,
        environ_base=A_CLIENT_ADDRESS,
        cookies=signed_in_admin_cookies,
        headers={"X-CSRFToken": CSRF_SECRET},
    )


@pytest.fixture
def write_token():
    """A write-scope API token of an organisation, as an integration holds it."""
    admin = MembershipFactory(role="admin")
    _token, clear = api_token_create(
        actor=admin.user, organisation=admin.organisation, name="Fuzzing",
        scope=ApiToken.Scope.WRITE)
    return clear


@schema.parametrize()
@BOUNDED
def test_no_operation_fails_an_integration_with_a_token(case, write_token):
    case.call_and_validate(
        checks=CHECKS, environ_base=A_CLIENT_ADDRESS,
        headers={"Authorization": f"Bearer {write_token}"})
