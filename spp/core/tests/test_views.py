"""Core pages: legal pages, profile, data export, audit log and branding."""

import pytest

from spp.core.models import AuditLogEntry, Organisation
from spp.core.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path, text",
    [
        ("/accessibilite/", "partiellement conforme"),
        ("/mentions-legales/", "Éditeur"),
        ("/donnees-personnelles/", "Vos droits"),
    ],
)
def test_legal_pages_are_public(client, path, text):
    response = client.get(path)
    assert response.status_code == 200 and text in response.content.decode()


def test_a_person_edits_their_profile(client):
    user = UserFactory()
    client.force_login(user)
    client.post(
        "/mon-profil/",
        {
            "first_name": "Léa",
            "last_name": "Martin",
            "phone": "0612345678",
            "preferred_language": "fr",
            "email_notifications": "on",
        },
    )
    user.refresh_from_db()
    assert (user.first_name, user.phone) == ("Léa", "0612345678")


def test_the_language_chosen_in_the_profile_is_the_one_the_pages_use_next(client):
    client.force_login(UserFactory())
    response = client.post("/mon-profil/", {"first_name": "Léa", "last_name": "Martin",
                                            "phone": "", "preferred_language": "en",
                                            "email_notifications": "on"}, follow=True)
    assert '<html lang="en"' in response.content.decode()
    assert "Your profile has been saved" in response.content.decode()
    assert client.cookies["django_language"].value == "en"


def test_a_person_downloads_their_own_data_as_json(client):
    user = UserFactory(first_name="Léa")
    client.force_login(user)
    data = client.get("/mon-profil/mes-donnees.json").json()
    assert data["profil"]["email"] == user.email and data["profil"]["prenom"] == "Léa"


def test_the_audit_log_is_for_the_authoritys_admins_and_filters_by_action(client):
    admin = MembershipFactory(role="admin").user
    organisation = admin.memberships.get().organisation
    AuditLogEntry.objects.create(
        organisation=organisation, action="enrolment.approve", target_repr="Inscription A"
    )
    AuditLogEntry.objects.create(
        organisation=organisation, action="incident.close", target_repr="Incident B"
    )
    client.force_login(admin)
    page = client.get("/gestion/journal/?action=incident").content.decode()
    assert "Incident B" in page and "Inscription A" not in page
    client.force_login(MembershipFactory(organisation=organisation, role="agent").user)
    assert client.get("/gestion/journal/").status_code == 403


def test_an_admin_sets_the_brand_colours_and_a_poor_contrast_is_refused(client):
    admin = MembershipFactory(role="admin").user
    organisation = admin.memberships.get().organisation
    client.force_login(admin)
    client.get("/")
    url = f"/gestion/organisations/{organisation.slug}/identite/"
    response = client.post(url, {"primary_colour": "#ffff00", "accent_colour": "#b3261e"})
    assert "Contraste insuffisant" in response.content.decode()
    client.post(url, {"primary_colour": "#004d40", "accent_colour": "#b3261e"})
    assert Organisation.objects.get(pk=organisation.pk).primary_colour == "#004d40"
    assert 'href="/marque/004d40-b3261e.css"' in client.get("/").content.decode()


def test_an_agent_cannot_change_the_brand(client):
    agent = MembershipFactory(role="agent").user
    client.force_login(agent)
    slug = agent.memberships.get().organisation.slug
    assert client.get(f"/gestion/organisations/{slug}/identite/").status_code == 403


def test_a_citizen_has_no_back_office(client):
    client.force_login(UserFactory())
    assert client.get("/gestion/").status_code == 403


def test_the_language_switch_serves_the_interface_in_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert '<html lang="en"' in page


def test_the_contributors_page_shows_expired_qualifications_as_such(client):
    from datetime import timedelta

    from django.utils import timezone

    from spp.catalog.tests.factories import (
        EnrolmentFactory,
        QualificationFactory,
        service_with_charter,
    )

    agent = MembershipFactory(role="agent").user
    service = service_with_charter(authority=agent.memberships.get().organisation)
    enrolment = EnrolmentFactory(service=service)
    QualificationFactory(user=enrolment.user, qualification_type__name="PSC1",
                         obtained_on=timezone.localdate() - timedelta(days=1200),
                         expires_on=timezone.localdate() - timedelta(days=5))
    client.force_login(agent)
    page = client.get(f"/gestion/services/{service.slug}/contributeurs/").content.decode()
    assert "PSC1 — expirée" in page


def test_a_person_signing_in_on_a_new_browser_sees_their_profiles_language(client, settings):
    client.force_login(UserFactory(preferred_language="en"))
    response = client.get("/mon-profil/")
    assert '<html lang="en"' in response.content.decode()
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_a_language_chosen_in_the_browser_wins_over_the_profiles(client, settings):
    client.force_login(UserFactory(preferred_language="en"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    response = client.get("/mon-profil/")
    assert '<html lang="fr"' in response.content.decode()
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
