"""The tables of docs/permissions.md for setting up services, walked cell by cell, and the
404 that the pages answer to everyone the tables refuse."""

import pytest
from django.conf import settings
from django.shortcuts import resolve_url

from spp.catalog import permissions
from spp.catalog.tests.roles import delegated_service_and_people
from spp.core.testing.permission_tables import assert_table_matches, permission_table

pytestmark = pytest.mark.django_db


def test_every_cell_of_the_authority_table_matches_the_code():
    service, people = delegated_service_and_people()
    assert_table_matches("catalog.authority", people,
                         lambda person: permissions.authority_abilities(person, service.authority))


def test_the_set_up_pages_answer_as_the_tables_say(client):
    service, people = delegated_service_and_people()
    create = permission_table("catalog.authority")["create_service"]
    edit = permission_table("catalog.service")["edit_service"]
    for role, user in people.items():
        if role == "visitor":
            continue
        client.force_login(user)
        # An admin of another authority sets up their own authority's services, not this one's.
        sets_up_some = create[role] or role == "admin (other authority)"
        for url in ("/gestion/services/", "/gestion/services/nouveau/"):
            status = client.get(url).status_code
            assert status == (200 if sets_up_some else 404), f"{role} {url}: {status}"
        listed = service.name in client.get("/gestion/services/").content.decode()
        assert listed == create[role], role
        status = client.get(f"/gestion/services/{service.slug}/modifier/").status_code
        assert status == (200 if edit[role] else 404), f"{role} edit: {status}"
        status = client.post(
            f"/gestion/services/{service.slug}/publication/", {"published": "0"}
        ).status_code
        assert status == (302 if edit[role] else 404), f"{role} publication: {status}"


def test_a_visitor_is_sent_to_sign_in(client):
    service, _people = delegated_service_and_people()
    response = client.get(f"/gestion/services/{service.slug}/modifier/")
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))
