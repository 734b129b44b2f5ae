"""Generation numbers: a scope's number changes when a service advances it, and only then."""

import pytest
from django.core.cache import cache

from spp.core import generations


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_a_scope_keeps_its_generation_until_it_is_advanced():
    first = generations.current("reports:service:1")
    assert generations.current("reports:service:1") == first
    generations.advance("reports:service:1")
    assert generations.current("reports:service:1") != first


@pytest.mark.django_db
def test_advancing_one_scope_leaves_the_others_alone():
    before = generations.current_many(["a", "b"])
    generations.advance("a")
    after = generations.current_many(["a", "b"])
    assert after["a"] != before["a"]
    assert after["b"] == before["b"]


def test_an_emptied_cache_never_hands_back_a_number_already_used():
    first = generations.current("scope")
    cache.clear()
    assert generations.current("scope") != first


@pytest.mark.django_db(transaction=True)
def test_the_generation_moves_again_when_the_transaction_commits():
    from django.db import transaction

    before = generations.current("scope")
    with transaction.atomic():
        generations.advance("scope")
        inside = generations.current("scope")
        assert inside != before
    assert generations.current("scope") != inside
