"""Staff reach the back office only with a second factor passed in their session (an
authenticator app, or one of its recovery codes); citizens are never asked
(spp/core/second_factor.py, docs/permissions.md "Second factor").

The test profile turns the requirement off (SPP_STAFF_MFA_REQUIRED, so that the suite's
back-office tests may sign staff in with ``force_login``); these tests turn it on."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from spp.core.second_factor import NEXT_SESSION_KEY, is_back_office_path
from spp.core.testing.second_factor import current_code, give_authenticator_app
from spp.core.tests.factories import TEST_PASSWORD, MembershipFactory, UserFactory

SETUP_PAGE = "/mon-profil/double-authentification/"
LOGIN = "/accounts/login/"
CODE_PAGE = "/accounts/2fa/authenticate/"


@pytest.fixture(autouse=True)
def _required(settings):
    settings.SPP_STAFF_MFA_REQUIRED = True


@pytest.fixture
def agent(db):
    return MembershipFactory(role="agent").user


def _sign_in_with_password(client, user):
    return client.post(LOGIN, {"login": user.email, "password": TEST_PASSWORD})


@pytest.mark.django_db
def test_staff_without_a_second_factor_are_sent_from_the_back_office_to_set_one_up(
        client, agent):
    client.force_login(agent)
    response = client.get("/gestion/")
    assert response.status_code == 302
    assert response["Location"] == SETUP_PAGE
    page = client.get(SETUP_PAGE)
    assert page.status_code == 200
    assert "La gestion demande une double authentification." in page.text
    assert reverse("mfa_activate_totp") in page.text


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["agent", "coordinator", "admin"])
def test_every_role_is_asked_on_the_back_office_pages_of_every_app(client, role):
    user = MembershipFactory(role=role).user
    client.force_login(user)
    for path in ["/gestion/services/", "/covoiturage/une-ligne/gestion/",
                 "/gardes/plannings/1/", "/frais/services/un-service/a-valider/"]:
        response = client.get(path)
        assert (response.status_code, response["Location"]) == (302, SETUP_PAGE), path


# allauth records the activation when its transaction commits, inside the request, as in
# production: a transactional test, so that the commit happens there too.
@pytest.mark.django_db(transaction=True)
def test_staff_come_back_to_the_page_they_wanted_once_the_app_is_set_up(client):
    agent = MembershipFactory(role="agent").user
    client.force_login(agent)
    client.get("/gestion/journal/")
    assert client.session[NEXT_SESSION_KEY] == "/gestion/journal/"
    activate = reverse("mfa_activate_totp")
    # A session opened long ago (here: force_login) confirms the password first.
    response = client.get(activate)
    assert response.status_code == 302 and "/accounts/reauthenticate/" in response["Location"]
    client.post(response["Location"], {"password": TEST_PASSWORD})
    page = client.get(activate)
    assert page.status_code == 200
    secret = client.session["mfa.totp.secret"]
    assert secret in page.text  # the key to copy by hand, beside the QR code

    refused = client.post(activate, {"code": "000000" if current_code(secret) != "000000"
                                     else "111111"})
    assert refused.status_code == 200 and not agent.authenticator_set.exists()

    response = client.post(activate, {"code": current_code(secret)})
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    codes_page = client.get(reverse("mfa_view_recovery_codes"))
    assert codes_page.status_code == 200 and SETUP_PAGE in codes_page.text
    onwards = client.get(SETUP_PAGE)
    assert onwards.status_code == 302 and onwards["Location"] == "/gestion/journal/"
    assert client.get("/gestion/").status_code == 200


@pytest.mark.django_db
def test_signing_in_asks_staff_for_the_code_and_refuses_a_wrong_one(client, agent):
    secret, _codes = give_authenticator_app(agent)
    response = _sign_in_with_password(client, agent)
    assert response.status_code == 302 and response["Location"] == CODE_PAGE
    assert "_auth_user_id" not in client.session  # not signed in with the password alone

    wrong = "000000" if current_code(secret) != "000000" else "111111"
    refused = client.post(CODE_PAGE, {"code": wrong})
    assert refused.status_code == 200 and "_auth_user_id" not in client.session

    client.post(CODE_PAGE, {"code": current_code(secret)})
    assert client.session["_auth_user_id"] == str(agent.pk)
    assert client.get("/gestion/").status_code == 200


@pytest.mark.django_db
def test_a_recovery_code_signs_in_once_only(client, agent):
    _secret, codes = give_authenticator_app(agent)
    _sign_in_with_password(client, agent)
    client.post(CODE_PAGE, {"code": codes[0]})
    assert client.session["_auth_user_id"] == str(agent.pk)
    assert client.get("/gestion/").status_code == 200

    client.post(reverse("account_logout"))
    _sign_in_with_password(client, agent)
    refused = client.post(CODE_PAGE, {"code": codes[0]})
    assert refused.status_code == 200 and "_auth_user_id" not in client.session
    client.post(CODE_PAGE, {"code": codes[1]})
    assert client.session["_auth_user_id"] == str(agent.pk)


@pytest.mark.django_db
def test_a_staff_session_opened_without_the_second_factor_is_asked_for_a_code(client, agent):
    secret, _codes = give_authenticator_app(agent)
    client.force_login(agent)  # a session that skipped the second factor
    response = client.get("/gestion/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_reauthenticate") + "?next=%2Fgestion%2F"
    back = client.post(response["Location"], {"code": current_code(secret)})
    assert back.status_code == 302 and back["Location"] == "/gestion/"
    assert client.get("/gestion/").status_code == 200


@pytest.mark.django_db
def test_citizens_are_never_asked(client):
    citizen = UserFactory()
    client.force_login(citizen)
    for path in ["/gestion/", "/mon-engagement/", "/frais/services/un-service/a-valider/"]:
        response = client.get(path)
        assert response.get("Location") not in (SETUP_PAGE,), path
        assert "reauthenticate" not in response.get("Location", ""), path
    assert client.get("/mon-engagement/").status_code == 200


@pytest.mark.django_db
def test_staff_are_not_asked_outside_the_back_office(client, agent):
    client.force_login(agent)
    assert client.get("/mon-engagement/").status_code == 200
    assert client.get("/mon-profil/").status_code == 200


@pytest.mark.django_db
def test_superusers_are_asked_on_django_admin(client):
    superuser = get_user_model().objects.create_superuser(email="root@exemple.fr",
                                                          password=TEST_PASSWORD)
    client.force_login(superuser)
    response = client.get("/admin/")
    assert (response.status_code, response["Location"]) == (302, SETUP_PAGE)


@pytest.mark.django_db
def test_with_the_requirement_off_staff_reach_the_back_office_without_it(
        client, agent, settings):
    settings.SPP_STAFF_MFA_REQUIRED = False
    client.force_login(agent)
    assert client.get("/gestion/").status_code == 200


@pytest.mark.parametrize("path", [
    "/gestion/", "/gestion/journal/", "/covoiturage/ligne/gestion/", "/pairs/x/gestion/",
    "/signalements/gestion/services/voirie/", "/admin/core/user/",
    "/gardes/besoins/3/alerte/", "/gardes/affectations/3/presence/", "/gardes/plannings/3/",
    "/frais/services/spv/a-valider/", "/frais/services/spv/budget/",
    "/frais/demandes/4/decision/", "/frais/paiements/2/fichier/",
    "/frais/organisations/commune/recus-fiscaux/", "/pairs/demandes/5/pairs/",
    "/inscriptions/3/", "/incidents/4/", "/impact/commune-de-voiron/",
])
def test_back_office_paths(path):
    assert is_back_office_path(path)


@pytest.mark.parametrize("path", [
    "/", "/mon-engagement/", "/mon-profil/", "/frais/", "/frais/demandes/4/", "/impact/",
    "/impact/mon-engagement/attestations/", "/gardes/spv-voiron/", "/gardes/mes-gardes/",
    "/covoiturage/ligne/", "/accounts/login/", "/incidents/declarer/", "/gestionnaire/",
])
def test_pages_that_are_not_back_office(path):
    assert not is_back_office_path(path)


@pytest.mark.django_db
def test_the_benchmark_signs_staff_in_as_having_passed_the_second_factor(client, agent):
    """bench/run.py measures the back office as staff see it, not the way to the code page."""
    import io
    import json

    from django.conf import settings as django_settings
    from django.core.management import call_command

    out = io.StringIO()
    call_command("bench_sessions", agent.email, stdout=out)
    client.cookies[django_settings.SESSION_COOKIE_NAME] = json.loads(out.getvalue())[agent.email]
    assert client.get("/gestion/").status_code == 200


@pytest.mark.django_db
def test_staff_without_a_password_confirm_by_an_emailed_code_before_setting_up_the_app(client):
    """An agent who signs in through ProConnect only has no password to confirm: allauth
    sends a code to their address instead, so they are never stuck outside the back office."""
    agent = MembershipFactory(role="agent").user
    agent.set_unusable_password()
    agent.save(update_fields=["password"])
    client.force_login(agent)
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/code/")


@pytest.mark.django_db
def test_staff_with_a_password_confirm_it_before_setting_up_the_app(client, agent):
    client.force_login(agent)
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302 and "/accounts/reauthenticate/" in response["Location"]


@pytest.mark.django_db
def test_a_session_that_passed_the_second_factor_reaches_the_back_office_without_asking_for_authenticators(  # noqa: E501
        client, agent, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    secret, _codes = give_authenticator_app(agent)
    _sign_in_with_password(client, agent)
    client.post(CODE_PAGE, {"code": current_code(secret)})
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/gestion/").status_code == 200
    assert not [q for q in queries if "mfa_authenticator" in q["sql"]]


@pytest.mark.django_db
def test_removing_the_app_in_a_session_sends_it_to_set_one_up_again(client, agent):
    secret, _codes = give_authenticator_app(agent)
    _sign_in_with_password(client, agent)
    client.post(CODE_PAGE, {"code": current_code(secret)})
    assert client.get("/gestion/").status_code == 200

    # allauth asks to confirm the password, then carries out the removal that was asked.
    asked = client.post(reverse("mfa_deactivate_totp"))
    client.post(asked["Location"], {"password": TEST_PASSWORD})
    assert not agent.authenticator_set.filter(type="totp").exists()
    response = client.get("/gestion/")
    assert response.status_code == 302 and response["Location"] == SETUP_PAGE
