"""Query-count guards of the reports pages and of Open311: as many SQL queries with 1,000
reports as with 10. Every request computes its page: nothing is kept between requests."""

import random
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from spp.core.tests.factories import OperatorFactory
from spp.ops.query_counts import assert_queries_do_not_grow
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


@pytest.mark.parametrize("who", ["authority", "operator"])
@pytest.mark.parametrize("status", ["open", "all", "overdue"])
def test_queue_queries_do_not_grow_with_the_reports(client, categories, who, status):
    organisation = categories[0].organisation if who == "authority" else (
        categories[1].organisation)
    client.force_login(agent_of(organisation))
    url = reverse("reports:service_manage", args=[categories[0].service.slug]) + (
        f"?status={status}")
    assert_queries_do_not_grow(client, url, lambda n: _add_reports(categories, n))


@pytest.mark.parametrize("query", ["", "?status=open", "?category={code}"])
def test_public_map_page_queries_do_not_grow_with_the_reports(client, categories, query):
    url = reverse("reports:service_home", args=[categories[0].service.slug]) + query.format(
        code=categories[1].code)
    assert_queries_do_not_grow(client, url, lambda n: _add_reports(categories, n))


def test_map_json_queries_do_not_grow_with_the_reports(client, categories):
    bbox = f"{VOIRON[0] - 0.01},{VOIRON[1] - 0.01},{VOIRON[0] + 0.01},{VOIRON[1] + 0.01}"
    url = reverse("reports:map_json", args=[categories[0].service.slug]) + f"?bbox={bbox}"
    assert_queries_do_not_grow(client, url, lambda n: _add_reports(categories, n))


@pytest.mark.parametrize("query", ["&status=open", "", "&status=closed", "&service_code={code}"])
def test_open311_search_queries_do_not_grow_with_the_requests(client, categories, query):
    """No end_date: the client polling up to now (the default 90-day window)."""
    url = (f"/open311/v2/requests.json?jurisdiction_id={categories[0].service.slug}"
           + query.format(code=categories[0].code))
    assert_queries_do_not_grow(client, url, lambda n: _add_reports(
        categories, n, statuses=("new", "resolved")))


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


@pytest.mark.parametrize("who", ["authority", "operator"])
def test_queue_reads_its_service_and_the_handled_categories_in_one_query(client, categories,
                                                                         who):
    """The queue's service and its categories come in one query (the service's row joined to
    its categories), the reports in one more; the operator's agent sees only its category."""
    organisation = categories[0].organisation if who == "authority" else (
        categories[1].organisation)
    client.force_login(agent_of(organisation))
    _add_reports(categories, 10)
    url = reverse("reports:service_manage", args=[categories[0].service.slug])
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        page = client.get(url).content.decode()
    reads = [q["sql"] for q in context if "reports_category" in q["sql"]
             or "catalog_service" in q["sql"] or "reports_report" in q["sql"]]
    assert len(reads) == 2, reads
    assert "catalog_service" in reads[0] and "reports_category" in reads[0]
    assert (f'<option value="{categories[0].pk}"' in page) == (who == "authority")
    assert f'<option value="{categories[1].pk}"' in page


def test_map_json_reads_the_viewport_in_one_query_by_primary_key(client, categories):
    """The viewport's reports: one query (their ids in the box, then their rows by primary
    key: on PostgreSQL an array the planner reads through the primary key, not a hash join
    over the whole table)."""
    _add_reports(categories, 30)
    bbox = f"{VOIRON[0] - 0.01},{VOIRON[1] - 0.01},{VOIRON[0] + 0.01},{VOIRON[1] + 0.01}"
    url = reverse("reports:map_json", args=[categories[0].service.slug]) + f"?bbox={bbox}"
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        data = client.get(url).json()
    assert len(data["reports"]) == 30 and not data["truncated"]
    reads = [q["sql"] for q in context if "reports_report" in q["sql"]]
    assert len(reads) == 1
    if connection.vendor == "postgresql":
        assert "= ANY(ARRAY(SELECT" in reads[0]
