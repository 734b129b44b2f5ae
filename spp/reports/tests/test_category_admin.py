"""A service's coordinators create report categories and change their routing from the back
office; every change is audited, a double submission creates one category, others get 404."""

import uuid

import pytest
from django.core.exceptions import ValidationError

from spp.core.models import AuditLogEntry
from spp.core.tests.factories import OperatorFactory, OrganisationFactory
from spp.reports import services
from spp.reports.models import Category
from spp.reports.tests.factories import CategoryFactory, ReportsServiceFactory, agent_of

pytestmark = pytest.mark.django_db


def _delegated_service():
    return ReportsServiceFactory(slug="voirie", operator=OperatorFactory())


def test_a_coordinator_creates_a_category_routed_to_the_operator_once(client):
    service = _delegated_service()
    client.force_login(agent_of(service.authority, role="coordinator"))
    data = {"form_token": str(uuid.uuid4()), "name": "Lampadaire éteint",
            "organisation": service.operator_id, "team": "Éclairage", "target_days": 5}
    first = client.post("/signalements/gestion/services/voirie/categories/nouvelle/", data)
    second = client.post("/signalements/gestion/services/voirie/categories/nouvelle/", data)
    category = Category.objects.get()
    assert first.status_code == second.status_code == 302
    assert category.code == "voirie-lampadaire-eteint"
    assert category.organisation == service.operator and category.team == "Éclairage"
    assert category.is_active
    assert AuditLogEntry.objects.filter(action="report_category.create").count() == 1


def test_a_category_cannot_be_routed_outside_the_service(client):
    service = _delegated_service()
    client.force_login(agent_of(service.authority, role="admin"))
    response = client.post("/signalements/gestion/services/voirie/categories/nouvelle/", {
        "form_token": str(uuid.uuid4()), "name": "Tags", "organisation": OrganisationFactory().pk,
        "target_days": 5})
    assert response.status_code == 200 and 'value="Tags"' in response.content.decode()
    assert not Category.objects.exists()
    with pytest.raises(ValidationError):
        services.category_create(actor=agent_of(service.authority, role="admin"),
                                 service=service, name="Tags",
                                 organisation=OrganisationFactory())


def test_rerouting_and_closing_a_category_is_audited_with_what_changed(client):
    category = CategoryFactory(service=_delegated_service())
    client.force_login(agent_of(category.service.authority, role="coordinator"))
    response = client.post(
        f"/signalements/gestion/services/voirie/categories/{category.pk}/",
        {"name": category.name, "organisation": category.service.operator_id, "team": "Voirie",
         "target_days": 10})
    assert response.status_code == 302
    category.refresh_from_db()
    assert category.organisation == category.service.operator and not category.is_active
    entry = AuditLogEntry.objects.get(action="report_category.update")
    assert set(entry.data["changed"]) == {"organisation", "is_active"}


@pytest.mark.parametrize("who", ["agent (authority)", "coordinator (other operator)"])
def test_the_category_pages_answer_404_to_agents_and_outsiders(client, who):
    category = CategoryFactory(service=_delegated_service())
    user = (agent_of(category.service.authority) if who == "agent (authority)"
            else agent_of(OperatorFactory(), role="coordinator"))
    client.force_login(user)
    for url in ("/signalements/gestion/services/voirie/categories/nouvelle/",
                f"/signalements/gestion/services/voirie/categories/{category.pk}/"):
        assert client.get(url).status_code == 404


def test_a_category_of_another_service_is_not_found(client):
    service = _delegated_service()
    other = CategoryFactory()
    client.force_login(agent_of(service.authority, role="admin"))
    url = f"/signalements/gestion/services/voirie/categories/{other.pk}/"
    assert client.get(url).status_code == 404
