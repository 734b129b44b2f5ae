"""Sign-in throttling behind the reverse proxy production requires: failed sign-ins are
counted per client address (read through the proxies we run, settings.TRUSTED_PROXY_COUNT)
and per account and address; Django's admin log-in form, which has no throttling of its own,
sends to that same sign-in."""

import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings as django_settings

from spp.core.tests.factories import TEST_PASSWORD, UserFactory

LOGIN = "/accounts/login/"
PROXY = "10.0.0.1"  # every request reaches the application from the proxy's address


@pytest.fixture
def behind_one_proxy(settings):
    """An instance behind one reverse proxy (TRUSTED_PROXY_COUNT=1), with a cache of its own
    for the counters (the suite also runs with DummyCache, which would count nothing)."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": f"throttling-{uuid.uuid4()}"}}


def _sign_in(client, email, password, *, client_address):
    client.post(LOGIN, {"login": email, "password": password},
                REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=client_address)
    return "_auth_user_id" in client.session


def _ten_wrong_passwords(client, email, client_address):
    for _ in range(10):
        assert not _sign_in(client, email, "pas-le-bon", client_address=client_address)


@pytest.mark.django_db
def test_ten_failed_sign_ins_for_one_account_do_not_block_another_person_behind_the_proxy(
        client, behind_one_proxy):
    account_a, account_b = UserFactory(), UserFactory()
    _ten_wrong_passwords(client, account_a.email, "203.0.113.5")
    assert not _sign_in(client, account_a.email, TEST_PASSWORD, client_address="203.0.113.5")
    assert _sign_in(client.__class__(), account_b.email, TEST_PASSWORD,
                    client_address="198.51.100.7")


@pytest.mark.django_db
def test_someone_guessing_an_accounts_password_elsewhere_does_not_lock_its_owner_out(
        client, behind_one_proxy):
    owner = UserFactory()
    _ten_wrong_passwords(client, owner.email, "203.0.113.5")
    assert _sign_in(client.__class__(), owner.email, TEST_PASSWORD,
                    client_address="198.51.100.7")


@pytest.mark.django_db
def test_a_request_that_skipped_a_trusted_proxy_is_counted_not_refused(client, settings,
                                                                     behind_one_proxy):
    """Two proxies configured, one X-Forwarded-For entry: allauth would answer a 500."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    assert _sign_in(client, UserFactory().email, TEST_PASSWORD, client_address="203.0.113.5")


@pytest.mark.django_db
def test_wrong_passwords_at_the_admin_log_in_are_sent_to_the_throttled_sign_in(
        client, behind_one_proxy):
    """Fifty wrong passwords then the right one, posted to Django's admin form: none is even
    checked there; each is sent to the site's sign-in, where the guesses are throttled."""
    staff = UserFactory(is_staff=True, is_superuser=True)
    for password in ["pas-le-bon"] * 50 + [TEST_PASSWORD]:
        response = client.post("/admin/login/", {"username": staff.email, "password": password},
                               REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5")
        assert response.status_code == 302
        assert response["Location"] == LOGIN + "?next=%2Fadmin%2Flogin%2F"
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302
    _ten_wrong_passwords(client, staff.email, "203.0.113.5")
    assert not _sign_in(client, staff.email, TEST_PASSWORD, client_address="203.0.113.5")


@pytest.mark.django_db
def test_a_staff_member_signs_in_through_the_site_and_comes_back_to_the_admin(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    response = client.get("/admin/")
    assert response.status_code == 302
    login_page = client.get(response["Location"], follow=True).redirect_chain[-1][0]
    assert login_page.startswith(LOGIN)
    signed_in = client.post(login_page, {"login": staff.email, "password": TEST_PASSWORD})
    assert signed_in.status_code == 302 and signed_in["Location"].startswith("/admin/")
    assert client.get("/admin/").status_code == 200


@pytest.mark.processes
@pytest.mark.parametrize(("environment", "count", "header"), [
    ({}, "0", "None"),
    ({"TRUSTED_PROXY_COUNT": "1"}, "1", "None"),
    ({"TRUSTED_CLIENT_IP_HEADER": "X-Real-IP"}, "0", "X-Real-IP"),
])
def test_the_trusted_proxies_come_from_the_environment(environment, count, header):
    inherited = {name: value for name, value in os.environ.items()
                 if name not in {"TRUSTED_PROXY_COUNT", "TRUSTED_CLIENT_IP_HEADER"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c",
         "from django.conf import settings as s; "
         "print(s.ALLAUTH_TRUSTED_PROXY_COUNT, s.ALLAUTH_TRUSTED_CLIENT_IP_HEADER)"],
        cwd=django_settings.BASE_DIR, env={**inherited, **environment}, capture_output=True,
        text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == [count, header]
