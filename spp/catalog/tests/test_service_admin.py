"""Setting up services from the back office: creating one (régie or délégation, territory,
patterns, first charter), changing it, publishing it, and publishing a new charter version."""

import re
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from spp.catalog import selectors, services
from spp.catalog.models import Charter, Service
from spp.catalog.tests.factories import EnrolmentFactory, service_with_charter
from spp.core.models import AuditLogEntry, Commune
from spp.core.tests.factories import MembershipFactory, OperatorFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _commune(insee, name):
    return Commune.objects.create(
        insee=insee, name=name, departement=insee[:2], latitude=45.36, longitude=5.59
    )


@pytest.fixture
def admin():
    return MembershipFactory(organisation=OrganisationFactory(), role="admin").user


def _authority(user):
    return user.memberships.get().organisation


def _create_form(**overrides):
    data = {
        "form_token": str(uuid.uuid4()),
        "name": "Aide aux devoirs",
        "summary": "Des bénévoles aident les écoliers.",
        "description": "",
        "mode": "delegation",
        "operator": "",
        "territory_label": "Pays voironnais",
        "communes": "",
        "patterns": ["roster"],
        "requires_approval": "on",
        "charter_title": "Charte des bénévoles",
        "charter_body": "Je respecte les enfants et leurs familles.",
    }
    data.update(overrides)
    return data


def test_an_admin_creates_a_delegated_service_with_two_communes_and_its_first_charter(
    client, admin
):
    operator = OperatorFactory()
    _commune("38563", "Voiron")
    _commune("38185", "Grenoble")
    client.force_login(admin)
    response = client.post(
        "/gestion/services/nouveau/",
        _create_form(operator=operator.pk, communes="38563, 38185"),
    )
    service = Service.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/gestion/services/{service.slug}/modifier/"
    assert service.slug == "aide-aux-devoirs"
    assert service.authority == _authority(admin)
    assert service.operator == operator
    assert set(service.communes.values_list("insee", flat=True)) == {"38563", "38185"}
    assert service.is_published is False
    assert list(service.charters.values_list("version", flat=True)) == [1]
    actions = set(AuditLogEntry.objects.values_list("action", flat=True))
    assert {"service.create", "charter.publish"} <= actions


def test_a_service_created_with_publish_ticked_is_published_at_once(client, admin):
    client.force_login(admin)
    client.post("/gestion/services/nouveau/", _create_form(mode="regie", publish="on"))
    service = Service.objects.get()
    assert service.is_published and service.operator is None
    assert AuditLogEntry.objects.filter(action="service.publish").count() == 1


def test_a_second_service_with_the_same_name_gets_its_own_slug(client, admin):
    client.force_login(admin)
    client.post("/gestion/services/nouveau/", _create_form(mode="regie"))
    client.post("/gestion/services/nouveau/", _create_form(mode="regie"))
    assert sorted(Service.objects.values_list("slug", flat=True)) == [
        "aide-aux-devoirs",
        "aide-aux-devoirs-2",
    ]


def test_the_same_form_sent_twice_creates_one_service(client, admin):
    client.force_login(admin)
    data = _create_form(mode="regie")
    first = client.post("/gestion/services/nouveau/", data)
    second = client.post("/gestion/services/nouveau/", data)
    assert Service.objects.count() == 1
    assert second.status_code == 302 and second["Location"] == first["Location"]


def test_delegation_without_an_operator_is_refused_in_french_keeping_what_was_typed(client, admin):
    client.force_login(admin)
    response = client.post("/gestion/services/nouveau/", _create_form(name="Jardins partagés"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choisissez l’opérateur à qui le service est délégué." in page
    assert 'value="Jardins partagés"' in page
    assert not Service.objects.exists()


def test_unknown_insee_codes_are_named_back_and_the_typed_codes_kept(client, admin):
    _commune("38563", "Voiron")
    client.force_login(admin)
    response = client.post(
        "/gestion/services/nouveau/", _create_form(mode="regie", communes="38563 99999 abc")
    )
    page = response.content.decode()
    assert "Codes INSEE mal écrits : abc" in page
    assert "38563 99999 abc" in page
    response = client.post(
        "/gestion/services/nouveau/", _create_form(mode="regie", communes="38563 99999")
    )
    assert "Codes INSEE inconnus : 99999." in response.content.decode()
    assert not Service.objects.exists()


def test_a_service_needs_a_participation_pattern(client, admin):
    client.force_login(admin)
    data = _create_form(mode="regie")
    del data["patterns"]
    response = client.post("/gestion/services/nouveau/", data)
    assert "Choisissez au moins un mode de participation." in response.content.decode()


def test_an_admin_moves_a_delegated_service_to_regie_and_changes_its_communes(client):
    service = service_with_charter(operator=OperatorFactory())
    _commune("38563", "Voiron")
    service.communes.add(_commune("38185", "Grenoble"))
    admin = MembershipFactory(organisation=service.authority, role="admin").user
    client.force_login(admin)
    response = client.post(
        f"/gestion/services/{service.slug}/modifier/",
        {
            "name": service.name,
            "summary": service.summary,
            "mode": "regie",
            "operator": service.operator_id,
            "territory_label": "Ville de Voiron",
            "communes": "38563",
            "patterns": ["roster", "reports"],
        },
    )
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.operator is None
    assert service.patterns == ["roster", "reports"]
    assert service.requires_approval is False
    assert list(service.communes.values_list("insee", flat=True)) == ["38563"]
    entry = AuditLogEntry.objects.get(action="service.update")
    assert set(entry.data["changed"]) == {
        "operator",
        "territory_label",
        "patterns",
        "requires_approval",
        "communes",
    }


def test_the_edit_page_shows_the_service_as_it_is(client):
    service = service_with_charter(operator=OperatorFactory(name="Association Relais"))
    service.communes.add(_commune("38563", "Voiron"))
    client.force_login(MembershipFactory(organisation=service.authority, role="coordinator").user)
    page = client.get(f"/gestion/services/{service.slug}/modifier/").content.decode()
    assert "38563" in page and "Voiron (38563)" in page
    assert re.search(r'value="delegation"[^>]*checked', page)
    assert "Association Relais" in page


def test_an_operators_coordinator_cannot_change_the_delegation():
    service = service_with_charter(operator=OperatorFactory())
    coordinator = MembershipFactory(organisation=service.operator, role="coordinator").user
    with pytest.raises(PermissionDenied):
        services.service_update(actor=coordinator, service=service, operator=None)
    with pytest.raises(PermissionDenied):
        services.service_publication_set(actor=coordinator, service=service, published=False)


def test_an_authority_cannot_be_named_operator():
    service = service_with_charter()
    with pytest.raises(ValidationError):
        services.service_update(actor=None, service=service, operator=OrganisationFactory())


def test_publishing_and_withdrawing_a_service_are_audited(client):
    service = service_with_charter(is_published=False)
    client.force_login(MembershipFactory(organisation=service.authority, role="admin").user)
    client.post(f"/gestion/services/{service.slug}/publication/", {"published": "1"})
    service.refresh_from_db()
    assert service.is_published
    client.post(f"/gestion/services/{service.slug}/publication/", {"published": "0"})
    service.refresh_from_db()
    assert not service.is_published
    assert list(AuditLogEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        "service.publish",
        "service.unpublish",
    ]


def test_a_service_without_a_charter_cannot_be_published():
    from spp.catalog.tests.factories import ServiceFactory

    service = ServiceFactory(is_published=False)
    with pytest.raises(ValidationError):
        services.service_publication_set(actor=None, service=service, published=True)


def test_a_new_charter_version_is_a_new_row_and_asks_contributors_to_accept_it(client):
    service = service_with_charter()
    enrolment = EnrolmentFactory(service=service)
    first = Charter.objects.get(service=service)
    client.force_login(MembershipFactory(organisation=service.authority, role="admin").user)
    data = {"form_token": str(uuid.uuid4()), "title": "Charte", "body": "Texte révisé."}
    response = client.post(f"/gestion/services/{service.slug}/charte/", data)
    client.post(f"/gestion/services/{service.slug}/charte/", data)  # a double submission
    assert response.status_code == 302
    assert list(service.charters.order_by("version").values_list("version", flat=True)) == [1, 2]
    assert Charter.objects.get(pk=first.pk).body == first.body
    assert selectors.enrolment_needs_reacceptance(enrolment)
    assert enrolment.user.notifications.filter(url__endswith="/charte/").exists()


def test_someone_setting_up_two_authorities_chooses_among_them_and_no_other(client):
    first, second, other = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    user = MembershipFactory(organisation=first, role="admin").user
    MembershipFactory(organisation=second, role="coordinator", user=user)
    client.force_login(user)
    refused = client.post(
        "/gestion/services/nouveau/", _create_form(mode="regie", authority=other.pk)
    )
    assert refused.status_code == 200 and not Service.objects.exists()
    client.post("/gestion/services/nouveau/", _create_form(mode="regie", authority=second.pk))
    assert Service.objects.get().authority == second
