"""What an Open311 filing checks before it writes — the category a service code names, the
service's territory, the coordinates — read afresh at each request: a category withdrawn, a
service unpublished, a commune added or removed, a boundary redrawn count at once."""

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


def _commune(insee, name, centre, boundary):
    return Commune.objects.create(insee=insee, name=name, departement="38", latitude=centre[0],
                                  longitude=centre[1], boundary=boundary)


def test_a_category_withdrawn_refuses_the_next_filing(client, category, api_key):
    assert _post(client, api_key, category).status_code == 200
    category.is_active = False
    category.save()
    response = _post(client, api_key, category)
    assert response.status_code == 400 and "service_code" in response.json()[0]["description"]
    assert Report.objects.count() == 1


def test_a_service_unpublished_refuses_the_next_filing(client, category, api_key):
    assert _post(client, api_key, category).status_code == 200
    category.service.is_published = False
    category.service.save()
    assert _post(client, api_key, category).status_code == 404
    assert Report.objects.count() == 1


def test_a_commune_added_to_the_service_widens_its_territory(client, category, api_key):
    category.service.communes.add(_commune("38998", "Ailleurs", (44.05, 4.05), ELSEWHERE))
    assert _post(client, api_key, category).status_code == 400
    category.service.communes.add(_commune("38563", "Voiron", VOIRON, AROUND_VOIRON))
    assert _post(client, api_key, category).status_code == 200


def test_a_commune_removed_from_its_side_narrows_the_territory(client, category, api_key):
    voiron = _commune("38563", "Voiron", VOIRON, AROUND_VOIRON)
    category.service.communes.add(voiron, _commune("38998", "Ailleurs", (44.05, 4.05),
                                                   ELSEWHERE))
    assert _post(client, api_key, category).status_code == 200
    voiron.services.clear()
    assert _post(client, api_key, category).status_code == 400


def test_a_boundary_redrawn_moves_the_territory(client, category, api_key):
    commune = _commune("38563", "Voiron", VOIRON, AROUND_VOIRON)
    category.service.communes.add(commune)
    assert _post(client, api_key, category).status_code == 200
    commune.boundary = ELSEWHERE
    commune.save()
    assert _post(client, api_key, category).status_code == 400
    assert Report.objects.count() == 1


def test_a_point_in_a_commune_far_from_the_nearest_centres_is_inside(client, category,
                                                                     api_key):
    """The boundaries of the communes nearest the point are read first; a large commune whose
    centre lies farther away still holds its points."""
    large = {"type": "Polygon", "coordinates": [[
        [5.0, 45.0], [6.0, 45.0], [6.0, 46.0], [5.0, 46.0], [5.0, 45.0]]]}
    category.service.communes.add(
        _commune("38001", "Grande", (45.9, 5.9), large),
        *[_commune(f"3810{i}", f"Petite {i}", (VOIRON[0] + 0.3, VOIRON[1] + 0.01 * i),
                   {"type": "Polygon", "coordinates": [[
                       [VOIRON[1] + 0.01 * i, 45.6], [VOIRON[1] + 0.01 * i + 0.005, 45.6],
                       [VOIRON[1] + 0.01 * i + 0.005, 45.7], [VOIRON[1] + 0.01 * i, 45.7],
                       [VOIRON[1] + 0.01 * i, 45.6]]]}) for i in range(3)])
    assert _post(client, api_key, category).status_code == 200


def test_communes_without_boundaries_bound_the_territory_by_their_centres(client, category,
                                                                         api_key):
    category.service.communes.add(_commune("38563", "Voiron", VOIRON, None))
    assert _post(client, api_key, category).status_code == 200
    assert _post(client, api_key, category, lat="44.0").status_code == 400


@pytest.mark.parametrize("change", [{"lat": "95"}, {"long": "-200"}, {"lat": "nan"},
                                    {"lat": "inf"}, {"long": "1e999"}, {"long": "-inf"}])
def test_coordinates_off_the_globe_are_refused_with_a_clear_error(client, category, api_key,
                                                                  change):
    """The service has no commune (no territorial limit): the coordinates' own check answers,
    in the spec's error list."""
    response = _post(client, api_key, category, **change)
    assert response.status_code == 400
    [problem] = response.json()
    assert problem["code"] == 400 and "-90 à 90" in problem["description"]
    assert not Report.objects.exists()


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_description_longer_than_the_forms_2000_characters_is_refused_in_the_error_list(
        client, category, api_key, fmt):
    """The web form caps a description at 2,000 characters; Open311 is held to the same cap
    rather than storing whatever a client sends (a 200,000-character text was accepted)."""
    data = {"api_key": api_key, "service_code": category.code, "lat": str(VOIRON[0]),
            "long": str(VOIRON[1]), "description": "x" * 200_000}
    response = client.post(f"/open311/v2/requests.{fmt}", data)
    assert response.status_code == 400
    assert b"description" in response.content and b"2000" in response.content
    assert not Report.objects.exists()
    data["description"] = "x" * 2000
    assert client.post(f"/open311/v2/requests.{fmt}", data).status_code == 200


def test_an_unknown_jurisdiction_is_named_in_the_error_list(client, category, api_key):
    response = _post(client, api_key, category, jurisdiction_id="nulle-part")
    assert response.status_code == 404
    assert response.json() == [{"code": 404, "description": "jurisdiction_id inconnu : nulle-part"}]


def test_a_filing_reads_the_category_in_one_query(client, category, api_key):
    """Category, service, authority and organisation: one query, whatever the services."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert _post(client, api_key, category).status_code == 200
    categories = [q["sql"] for q in context.captured_queries
                  if 'FROM "reports_category"' in q["sql"]]
    assert len(categories) == 1
