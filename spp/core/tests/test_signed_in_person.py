"""Every change to the signed-in person is seen on their next request: deactivation, a changed
password, a profile edit, a role given or taken away (in every process alike: nothing about the
person is kept between requests)."""

import pytest

from spp.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/mon-profil/"


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

