"""Query-count guards of the reports pages and of Open311: as many SQL queries with 1,000
reports as with 10."""

import random
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from spp.core.tests.factories import OperatorFactory
from spp.ops.testing import assert_queries_do_not_grow
from spp.reports.models import Report
from spp.reports.tests.factories import VOIRON, CategoryFactory, agent_of

pytestmark = pytest.mark.django_db


def _add_reports(categories, count, *, spread=0.005, statuses=("new", "acknowledged")):
    rng = random.Random(count)
    now = timezone.now()
    Report.objects.bulk_create([
        Report(service=categories[i % len(categories)].service,
               category=categories[i % len(categories)],
               latitude=VOIRON[0] + rng.uniform(-spread, spread),
               longitude=VOIRON[1] + rng.uniform(-spread, spread),
               description=f"Trou n° {i}", status=statuses[i % len(statuses)],
               reporter_email=f"r{i}@exemple.fr", created_at=now - timedelta(minutes=i),
               target_date=now.date() + timedelta(days=i % 20))
        for i in range(count)])


@pytest.fixture
def categories():
    """Two categories of one service: one handled by the authority, one by an operator."""
    first = CategoryFactory()
    operator = OperatorFactory()
    first.service.operator = operator
    first.service.save(update_fields=["operator"])
    return [first, CategoryFactory(service=first.service, organisation=operator)]


@pytest.fixture
def nothing_shared(monkeypatch):
    """Every generation read is new: each request computes its answer (the real work)."""
    from itertools import count

    from spp.core import generations

    numbers = count(1)
    monkeypatch.setattr(generations, "current_many",
                        lambda scopes: {scope: next(numbers) for scope in scopes})
    monkeypatch.setattr(generations, "current", lambda scope: next(numbers))


@pytest.mark.parametrize("who", ["authority", "operator"])
def test_queue_queries_do_not_grow_with_the_reports(client, categories, who, nothing_shared):
    """The real work: service, categories and reports read at each request."""
    organisation = categories[0].organisation if who == "authority" else (
        categories[1].organisation)
    client.force_login(agent_of(organisation))
    url = reverse("reports:service_manage", args=[categories[0].service.slug])
    assert_queries_do_not_grow(client, url, lambda n: _add_reports(categories, n))


def test_without_a_shared_copy_the_queue_reads_the_reports(client, categories,
                                                          nothing_shared):
    client.force_login(agent_of(categories[0].organisation))
    url = reverse("reports:service_manage", args=[categories[0].service.slug])
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    tables = " ".join(query["sql"] for query in context.captured_queries)
    assert "reports_report" in tables and "catalog_service" in tables


def test_a_shared_queue_reads_neither_reports_nor_service_and_checks_access_every_time(
        client, categories):
    client.force_login(agent_of(categories[0].organisation))
    url = reverse("reports:service_manage", args=[categories[0].service.slug])
    _add_reports(categories, 30)
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    tables = " ".join(query["sql"] for query in context.captured_queries)
    assert "reports_report" not in tables and "catalog_service" not in tables
    # The access check runs every time, on the roles cached with the person
    # (spp/core/auth_backends.py): a role taken away shows on the next request.
    organisation = categories[0].organisation
    organisation.memberships.all().delete()
    assert client.get(url).status_code == 404


def test_map_json_queries_do_not_grow_with_the_reports(client, categories):
    bbox = f"{VOIRON[0] - 0.01},{VOIRON[1] - 0.01},{VOIRON[0] + 0.01},{VOIRON[1] + 0.01}"
    url = reverse("reports:map_json", args=[categories[0].service.slug]) + f"?bbox={bbox}"
    assert_queries_do_not_grow(client, url, lambda n: _add_reports(categories, n))


def test_open311_search_queries_do_not_grow_with_the_requests(client, categories):
    url = (f"/open311/v2/requests.json?jurisdiction_id={categories[0].service.slug}"
           "&status=open")
    assert_queries_do_not_grow(client, url, lambda n: _add_reports(categories, n))


def test_report_form_offer_queries_do_not_grow_with_the_near_reports(client, categories):
    category = categories[0]
    url = reverse("reports:report_new", args=[category.service.slug])

    def post():
        data = {"category": category.pk, "latitude": VOIRON[0], "longitude": VOIRON[1],
                "description": "Trou", "email": "a@exemple.fr", "form_token": str(uuid.uuid4())}
        with CaptureQueriesContext(connection) as context:
            response = client.post(url, data)
        assert response.status_code == 200 and "duplicates-offer" in response.text
        return len(context)

    _add_reports([category], 10, spread=0.0001)
    post()
    few = post()
    _add_reports([category], 990, spread=0.0001)
    assert post() == few
