"""Test-wide set-up.

- Tests run with SPP_ENV=test: tasks run inline, DEBUG is off, email goes to Django's outbox.
- Browser tests (marked ``browser``) drive Debian's Chromium (/usr/bin/chromium) through
  Playwright for Python against pytest-django's live server; ``assert_accessible(page)`` runs
  axe-core (shipped inside the axe-playwright-python package) and fails on any violation.
"""

import os
import shutil

import pytest

os.environ.setdefault("SPP_ENV", "test")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (the brand, cached results…)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _email_to_outbox(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(scope="session")
def playwright_browser():
    # Playwright's sync API runs an event loop in this thread; the ORM calls that tests make
    # between browser steps are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Generous: on a shared, loaded machine a page may take seconds to answer; a test that fails
# fails at its assertion anyway, never by waiting less.
BROWSER_TIMEOUT_MS = 30_000


@pytest.fixture
def page(playwright_browser, live_server):
    """A desktop-sized page whose relative URLs resolve against the live server."""
    from spp.core.testing.browser import assert_no_policy_violations, record_policy_violations

    context = playwright_browser.new_context(base_url=live_server.url, locale="fr-FR")
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    violations = record_policy_violations(context)
    yield context.new_page()
    context.close()
    assert_no_policy_violations(violations)


@pytest.fixture
def phone_page(playwright_browser, live_server):
    """A phone-sized, touch page (390×844), as most citizens use the platform."""
    from spp.core.testing.browser import assert_no_policy_violations, record_policy_violations

    context = playwright_browser.new_context(base_url=live_server.url, locale="fr-FR", **PHONE)
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    violations = record_policy_violations(context)
    yield context.new_page()
    context.close()
    assert_no_policy_violations(violations)


@pytest.fixture(autouse=True)
def _skip_postgres_only_tests_on_sqlite(request):
    """Tests marked ``postgres`` need PostgreSQL's behaviour (row locks, full-text search…)."""
    if request.node.get_closest_marker("postgres"):
        from django.db import connection

        if connection.vendor != "postgresql":
            pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://… (CI does)")


@pytest.fixture(autouse=True)
def _each_test_starts_in_the_default_language():
    """A request in English (the language cookie) leaves English active in the thread after
    the response; a later test calling a service directly would then read English messages.
    Each test starts, and ends, in the platform's default language."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()
