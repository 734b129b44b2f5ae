"""What a filing checks before it writes — which category a service code names, and the
service's territory — is kept in each process (open311/selectors.category_for_filing,
reports/selectors.service_territory_contains), and must follow every change at once: a
category withdrawn, a service unpublished, a commune added, a boundary redrawn."""

import pytest

from spp.core.models import Commune
from spp.open311.services import api_client_create
from spp.reports.models import Report
from spp.reports.tests.factories import VOIRON, CategoryFactory

pytestmark = pytest.mark.django_db

AROUND_VOIRON = {"type": "Polygon", "coordinates": [[
    [5.55, 45.34], [5.63, 45.34], [5.63, 45.39], [5.55, 45.39], [5.55, 45.34]]]}
ELSEWHERE = {"type": "Polygon", "coordinates": [[
    [4.0, 44.0], [4.1, 44.0], [4.1, 44.1], [4.0, 44.1], [4.0, 44.0]]]}


@pytest.fixture
def category():
    return CategoryFactory(code="lampadaire", name="Lampadaire éteint")


@pytest.fixture
def api_key():
    return api_client_create(actor=None, name="Appli de test")[1]


def _post(client, key, category, **extra):
    data = {"api_key": key, "service_code": category.code, "lat": str(VOIRON[0]),
            "long": str(VOIRON[1]), "description": "Lampadaire éteint depuis trois jours",
            "email": "appli@exemple.fr", **extra}
    return client.post("/open311/v2/requests.json", data)


def _filed_three_times(client, key, category):
    """Enough for the category and the territory to be kept (the first call learns which
    service to check, the second keeps, the third reads the kept copy)."""
    for _ in range(3):
        assert _post(client, key, category).status_code == 200


def test_a_category_withdrawn_refuses_the_next_filing(client, category, api_key):
    _filed_three_times(client, api_key, category)
    category.is_active = False
    category.save()
    response = _post(client, api_key, category)
    assert response.status_code == 400 and "service_code" in response.json()[0]["description"]
    assert Report.objects.count() == 3


def test_a_service_unpublished_refuses_the_next_filing(client, category, api_key):
    _filed_three_times(client, api_key, category)
    service = category.service
    service.is_published = False
    service.save()
    assert _post(client, api_key, category).status_code == 404
    assert Report.objects.count() == 3


def test_a_commune_added_to_the_service_widens_its_territory(client, category, api_key):
    service = category.service
    service.communes.add(Commune.objects.create(insee="38998", name="Ailleurs",
                                                departement="38", latitude=44.0, longitude=4.0,
                                                boundary=ELSEWHERE))
    for _ in range(3):
        assert _post(client, api_key, category).status_code == 400
    service.communes.add(Commune.objects.create(insee="38563", name="Voiron", departement="38",
                                                latitude=VOIRON[0], longitude=VOIRON[1],
                                                boundary=AROUND_VOIRON))
    assert _post(client, api_key, category).status_code == 200


def test_a_commune_removed_from_its_side_narrows_the_territory(client, category, api_key):
    voiron = Commune.objects.create(insee="38563", name="Voiron", departement="38",
                                    latitude=VOIRON[0], longitude=VOIRON[1],
                                    boundary=AROUND_VOIRON)
    elsewhere = Commune.objects.create(insee="38998", name="Ailleurs", departement="38",
                                       latitude=44.0, longitude=4.0, boundary=ELSEWHERE)
    category.service.communes.add(voiron, elsewhere)
    _filed_three_times(client, api_key, category)
    voiron.services.clear()
    assert _post(client, api_key, category).status_code == 400


def test_a_boundary_redrawn_moves_the_territory(client, category, api_key):
    commune = Commune.objects.create(insee="38563", name="Voiron", departement="38",
                                     latitude=VOIRON[0], longitude=VOIRON[1],
                                     boundary=AROUND_VOIRON)
    category.service.communes.add(commune)
    _filed_three_times(client, api_key, category)
    commune.boundary = ELSEWHERE
    commune.save()
    assert _post(client, api_key, category).status_code == 400
    assert Report.objects.count() == 3


@pytest.mark.parametrize("change", [{"lat": "95"}, {"long": "-200"}, {"lat": "nan"}])
def test_coordinates_off_the_globe_are_refused_with_a_clear_error(client, category, api_key,
                                                                  change):
    """The service has no commune (no territorial limit): the coordinates' own check answers,
    before PostgreSQL's constraint would have."""
    response = _post(client, api_key, category, **change)
    assert response.status_code == 400
    assert "-90 à 90" in response.json()[0]["description"]
    assert not Report.objects.exists()
