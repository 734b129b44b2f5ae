"""The signed-in person is read from the cache, and every save of their row is seen on the
next request: deactivation, a changed password, a profile edit, a role. Each test runs with the
database sessions of the tests and with the production sessions (spp/core/sessions.py), which
read the person ahead with the session."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from spp.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/mon-profil/"


@pytest.fixture(autouse=True, params=["django.contrib.sessions.backends.db", "spp.core.sessions"])
def session_engine(request, settings):
    settings.SESSION_ENGINE = request.param


def _user_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(PAGE)
    assert response.status_code == 200
    return sum('FROM "core_user"' in q["sql"] for q in captured.captured_queries)


def test_a_signed_in_page_reads_the_person_from_the_cache_after_the_first_request(client):
    client.force_login(UserFactory())
    client.get(PAGE)
    assert _user_queries(client) == 0


def test_a_person_deactivated_in_the_admin_is_signed_out_on_their_next_request(client):
    person = UserFactory()
    client.force_login(person)
    assert client.get(PAGE).status_code == 200
    person.is_active = False
    person.save()
    assert client.get(PAGE).status_code == 302  # to the login page


def test_a_changed_password_signs_out_the_other_sessions_at_once(client):
    person = UserFactory()
    client.force_login(person)
    assert client.get(PAGE).status_code == 200
    person.set_password("un-tout-autre-mot-de-passe-2026")
    person.save()
    assert client.get(PAGE).status_code == 302


def test_a_profile_edit_shows_on_the_next_page(client):
    person = UserFactory(first_name="Alice")
    client.force_login(person)
    client.get(PAGE)
    person.first_name = "Brigitte"
    person.save()
    assert 'value="Brigitte"' in client.get(PAGE).content.decode()


def test_a_role_given_or_taken_away_counts_on_the_next_request(client):
    from spp.core.models import Membership
    from spp.core.tests.factories import MembershipFactory, OrganisationFactory

    person, organisation = UserFactory(), OrganisationFactory()
    client.force_login(person)
    assert client.get("/gestion/").status_code == 403
    membership = MembershipFactory(user=person, organisation=organisation, role="admin")
    assert client.get("/gestion/").status_code == 200
    assert client.get("/gestion/journal/").status_code == 200
    membership.role = Membership.Role.AGENT
    membership.save()  # as the Django admin does
    assert client.get("/gestion/journal/").status_code == 403
    membership.delete()
    assert client.get("/gestion/").status_code == 403


def test_a_signed_in_page_reads_no_roles_once_the_person_is_cached(client):
    from spp.core.tests.factories import MembershipFactory

    client.force_login(MembershipFactory(role="admin").user)
    client.get("/gestion/journal/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/gestion/journal/").status_code == 200
    assert not [q for q in captured.captured_queries if 'FROM "core_membership"' in q["sql"]]
