"""The one cache pattern: a fragment's version moves in the write's own transaction, so a
cached fragment is never read again once what it shows has changed, and a rolled-back write
leaves the version where it was."""

import pytest
from django.db import transaction
from django.template import Context, Template

from spp.core import selectors, services

pytestmark = pytest.mark.django_db

FRAGMENT = Template("{% load cache %}{% cache 600 greeting version %}{{ text }}{% endcache %}")


def _render(text: str) -> str:
    return FRAGMENT.render(Context({"text": text,
                                    "version": selectors.cache_version("greeting")}))


def test_a_version_starts_at_zero_and_each_bump_adds_one():
    assert selectors.cache_version("greeting") == 0
    services.cache_version_bump(name="greeting")
    services.cache_version_bump(name="greeting")
    assert selectors.cache_version("greeting") == 2


def test_a_fragment_is_computed_again_once_its_version_moved(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "cache-version-test"}}
    assert _render("bonjour") == "bonjour"
    assert _render("changed, not shown yet") == "bonjour"
    services.cache_version_bump(name="greeting")
    assert _render("bonsoir") == "bonsoir"


def test_a_rolled_back_write_leaves_the_version_as_it_was():
    with pytest.raises(RuntimeError), transaction.atomic():
        services.cache_version_bump(name="greeting")
        raise RuntimeError("the write failed")
    assert selectors.cache_version("greeting") == 0
