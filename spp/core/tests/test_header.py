"""The header shows each person their own navigation and brings the language switch back to
the page it was used on."""


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


def test_the_language_switch_comes_back_to_the_page_it_was_used_on(client):
    for path in ("/mentions-legales/", "/accessibilite/"):
        page = client.get(path).content.decode()
        assert f'name="next" type="hidden" value="{path}"' in page


def test_the_menu_offers_the_back_office_to_members_only_and_a_citizen_s_page_never_reads_memberships():  # noqa: E501
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from spp.core.tests.factories import MembershipFactory

    citizen, agent = UserFactory(), MembershipFactory(role="agent").user
    pages = {}
    for person in (citizen, agent):
        client = Client()
        client.force_login(person)
        with CaptureQueriesContext(connection) as queries:
            pages[person.pk] = client.get("/mentions-legales/").content.decode()
        if person is citizen:
            assert not [q for q in queries if q["sql"].startswith('SELECT "core_membership"')]
    assert 'href="/gestion/"' not in pages[citizen.pk]
    assert 'href="/gestion/"' in pages[agent.pk]
