"""Generation numbers: a scope's number changes when a service advances it, and only then;
an entry kept under them is served while they hold, from the process's memory when it can."""

import time

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


def _cache_calls(monkeypatch) -> list:
    calls = []
    original = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys: calls.append(list(keys)) or original(keys))
    return calls


def test_an_entry_read_again_in_the_same_process_asks_the_cache_for_its_numbers_only(
        monkeypatch):
    numbers = generations.read("spp:test:page", ["test:scope"])[1]
    generations.store("spp:test:page", numbers, ({"name": "Voirie", "patterns": ["reports"]},
                                                 "<p>93 KB</p>"), 60)
    calls = _cache_calls(monkeypatch)
    values, content = generations.read("spp:test:page", ["test:scope"])[0]
    assert content == "<p>93 KB</p>" and values["patterns"] == ("reports",)
    assert calls == [[generations.key("test:scope")]]
    with pytest.raises(TypeError):
        values["name"] = "changed"  # shared by the process's requests: read-only


@pytest.mark.django_db
def test_an_entry_kept_in_the_process_is_not_served_once_its_scope_moved():
    numbers = generations.read("spp:test:page", ["test:scope"])[1]
    generations.store("spp:test:page", numbers, "before", 60)
    generations.advance("test:scope")
    found, numbers = generations.read("spp:test:page", ["test:scope"])
    assert found is None
    generations.store("spp:test:page", numbers, "after", 60)
    assert generations.read("spp:test:page", ["test:scope"])[0] == "after"


def test_an_entry_kept_in_the_process_is_not_served_past_its_time(monkeypatch):
    numbers = generations.read("spp:test:page", ["test:scope"])[1]
    generations.store("spp:test:page", numbers, "until the next shift", 30)
    later = time.time() + 31
    monkeypatch.setattr(generations.time, "time", lambda: later)
    cache.delete("spp:test:page")  # what the cache's own expiry does at the same time
    assert generations.read("spp:test:page", ["test:scope"])[0] is None


@pytest.mark.django_db
def test_an_entry_holding_an_object_is_read_from_the_cache_each_time(monkeypatch):
    """A model instance could carry one request's state (cached relations) into the next."""
    from spp.core.tests.factories import UserFactory

    numbers = generations.read("spp:test:object-page", ["test:scope"])[1]
    person = UserFactory.build(email="a@exemple.fr")
    generations.store("spp:test:object-page", numbers, (person,), 60)
    calls = _cache_calls(monkeypatch)
    first = generations.read("spp:test:object-page", ["test:scope"])[0][0]
    second = generations.read("spp:test:object-page", ["test:scope"])[0][0]
    assert first.email == second.email == "a@exemple.fr" and first is not second
    assert calls == [["spp:test:object-page", generations.key("test:scope")]] * 2
