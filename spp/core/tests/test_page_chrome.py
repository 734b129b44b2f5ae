"""The header, footer and charter banner are kept per process by their inputs: each person
still sees their own navigation, a working logout form and the way back from the language
switch."""

import re

import pytest
from django.test import Client

from spp.core import services
from spp.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _badge(page: str) -> str:
    start = page.index('href="/notifications/"')
    return page[start:page.index("</a>", start)]


def test_two_people_each_see_their_own_unread_count():
    busy, quiet = UserFactory(), UserFactory()
    services.notification_send(recipient=busy, title="Garde confirmée")
    services.notification_send(recipient=busy, title="Nouvelle garde")
    pages = {}
    for person in (busy, quiet, busy):
        client = Client()
        client.force_login(person)
        pages.setdefault(person.pk, []).append(_badge(client.get("/mon-profil/").content.decode()))
    assert all(">2</span>" in badge for badge in pages[busy.pk])
    assert "badge" not in pages[quiet.pk][0]


def test_the_logout_form_of_a_kept_header_carries_this_visitors_valid_token():
    for _ in range(2):  # the second header comes from the process's copy
        client = Client(enforce_csrf_checks=True)
        client.force_login(UserFactory())
        page = client.get("/mon-profil/").content.decode()
        form = page[page.index('action="/accounts/logout/"'):]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        response = client.post("/accounts/logout/", {"csrfmiddlewaretoken": token})
        assert response.status_code == 302
        assert client.get("/mon-profil/").status_code == 302  # signed out: to the login page


def test_the_language_switch_comes_back_to_the_page_it_was_used_on(client):
    for path in ("/mentions-legales/", "/accessibilite/"):
        page = client.get(path).content.decode()
        assert f'name="next" type="hidden" value="{path}"' in page
