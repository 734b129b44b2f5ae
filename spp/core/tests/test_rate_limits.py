"""Rate limits: sign-up and password reset (allauth's, answered by our French 429 page), the
API (problem+json), and the counter they share (spp/core/ratelimits.py). Each runs with a
cache of its own that counts, so it runs under DummyCache too. The reports, Open311 and
consultations apps test their own submissions."""

import pytest
from django.core import mail

from spp.core import ratelimits
from spp.core.models import User
from spp.core.testing.ratelimits import counting_cache
from spp.core.tests.factories import UserFactory

PROXY = "10.0.0.1"


@pytest.fixture
def behind_one_proxy(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    counting_cache(settings)


def test_a_rate_reads_as_allauths():
    assert ratelimits.parse_rate("20/h") == (20, 3600)
    assert ratelimits.parse_rate("5/15m") == (5, 900)
    assert ratelimits.parse_rate("3/d/ip") == (3, 86400)
    for wrong in ("20", "x/h", "20/w", "0/h", "20/0m"):
        with pytest.raises(ValueError):
            ratelimits.parse_rate(wrong)


def test_the_counter_refuses_the_one_too_many_until_its_window_ends(settings):
    counting_cache(settings, reports="3/h")
    start = 1_800_000_000.0 + 600  # ten minutes into an hour window
    assert [ratelimits.hit("reports", "ip:a", now=start) for _ in range(3)] == [None] * 3
    assert ratelimits.hit("reports", "ip:a", now=start + 1) == 3600 - 601
    assert ratelimits.hit("reports", "ip:b", now=start + 1) is None  # another person
    assert ratelimits.hit("reports", "ip:a", now=start + 3000) is None  # the next hour


def test_an_empty_rate_switches_a_limit_off(settings):
    counting_cache(settings, reports="")
    assert all(ratelimits.hit("reports", "ip:a") is None for _ in range(50))


def test_the_dummy_cache_counts_nothing_and_so_refuses_nothing(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    settings.SPP_RATE_LIMITS = {**settings.SPP_RATE_LIMITS, "reports": "1/h"}
    assert all(ratelimits.hit("reports", "ip:a") is None for _ in range(5))


def _sign_up(client, n, address):
    return client.post("/accounts/signup/", {
        "email": f"personne{n}@exemple.fr", "password1": "Un mot de passe long 2027",
        "password2": "Un mot de passe long 2027"},
        REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)


@pytest.mark.django_db
def test_one_sign_up_too_many_from_an_address_gets_a_french_page_and_retry_after(
        client, settings, behind_one_proxy):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/h/ip"}
    assert [_sign_up(client.__class__(), n, "203.0.113.5").status_code
            for n in range(2)] == [302, 302]
    refused = _sign_up(client.__class__(), 2, "203.0.113.5")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "3600"
    assert "Trop de demandes en peu de temps" in refused.text
    assert "Réessayez dans 60 minutes" in refused.text
    assert not User.objects.filter(email="personne2@exemple.fr").exists()
    assert _sign_up(client.__class__(), 3, "198.51.100.7").status_code == 302


@pytest.mark.django_db
def test_asking_a_password_reset_too_often_for_one_account_is_refused(
        client, settings, behind_one_proxy):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS,
                                    "reset_password": "20/h/ip,1/h/key"}
    user = UserFactory()

    def ask():
        return client.post("/accounts/password/reset/", {"email": user.email},
                           REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5")

    assert ask().status_code == 302
    refused = ask()
    assert refused.status_code == 429 and refused["Retry-After"] == "3600"
    assert len(mail.outbox) == 1


def test_the_default_limits_are_set_for_sign_up_and_password_reset(settings):
    from allauth.account import app_settings

    assert app_settings.RATE_LIMITS["signup"] == "30/h/ip"
    assert app_settings.RATE_LIMITS["reset_password"] == "20/h/ip,3/h/key"


@pytest.mark.django_db
def test_one_api_request_too_many_gets_problem_json_with_retry_after(client, settings,
                                                                   behind_one_proxy):
    counting_cache(settings, api="2/m")

    def get(address):
        return client.get("/api/v1/catalog/services", REMOTE_ADDR=PROXY,
                          HTTP_X_FORWARDED_FOR=address)

    assert [get("203.0.113.5").status_code for _ in range(2)] == [200, 200]
    refused = get("203.0.113.5")
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"
    assert 1 <= int(refused["Retry-After"]) <= 60
    body = refused.json()
    assert body["status"] == 429 and body["title"] == "Trop de requêtes"
    assert "réessayez dans" in body["detail"]
    assert get("198.51.100.7").status_code == 200


@pytest.mark.django_db
def test_a_signed_in_person_is_counted_by_account_not_by_address(client, settings):
    counting_cache(settings, api="1/m")
    client.force_login(UserFactory())
    assert client.get("/api/v1/catalog/services").status_code == 200
    assert client.get("/api/v1/catalog/services").status_code == 429
    other = client.__class__()
    other.force_login(UserFactory())
    assert other.get("/api/v1/catalog/services").status_code == 200
