"""The public map: open reports by default, reports grouped into grid cells at low zoom (one
query, whatever their number), and a legend of the markers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from spp.reports import selectors
from spp.reports.models import Report
from spp.reports.tests.factories import VOIRON, CategoryFactory, ReportFactory

pytestmark = pytest.mark.django_db

BOX = f"{VOIRON[0] - 0.05},{VOIRON[1] - 0.05},{VOIRON[0] + 0.05},{VOIRON[1] + 0.05}"


def _reports(category, points, status="new"):
    Report.objects.bulk_create(
        [
            Report(
                service=category.service,
                category=category,
                latitude=lat,
                longitude=lon,
                description="Trou",
                status=status,
                reporter_email="r@exemple.fr",
            )
            for lat, lon in points
        ]
    )


def test_at_low_zoom_near_reports_come_as_one_group_with_its_count_and_centre(client):
    category = CategoryFactory()
    _reports(
        category,
        [
            (VOIRON[0], VOIRON[1]),
            (VOIRON[0] + 0.0002, VOIRON[1] + 0.0002),
            (VOIRON[0] + 0.0004, VOIRON[1]),
        ],
    )
    url = reverse("reports:map_json", args=[category.service.slug])
    data = client.get(url, {"bbox": BOX, "zoom": 12}).json()
    assert "reports" not in data and data["truncated"] is False
    [group] = data["clusters"]
    assert group["count"] == 3 and "ref" not in group
    assert group["lat"] == pytest.approx(VOIRON[0] + 0.0002, abs=1e-6)
    assert group["lon"] == pytest.approx(VOIRON[1] + 0.0002 / 3, abs=1e-6)


def test_a_report_alone_in_its_cell_comes_as_a_marker_with_its_status(client):
    category = CategoryFactory(name="Nid-de-poule")
    alone = ReportFactory(category=category, status="acknowledged")
    _reports(category, [(VOIRON[0] + 0.03, VOIRON[1] + 0.03)] * 2)
    url = reverse("reports:map_json", args=[category.service.slug])
    clusters = client.get(url, {"bbox": BOX, "zoom": 13}).json()["clusters"]
    assert [c["count"] for c in clusters] == [2, 1]
    assert {k: clusters[1][k] for k in ("ref", "status", "category")} == {
        "ref": alone.reference,
        "status": "acknowledged",
        "category": "Nid-de-poule",
    }


def test_far_apart_reports_are_separate_groups_and_zooming_in_splits_them(client):
    category = CategoryFactory()
    _reports(category, [(VOIRON[0], VOIRON[1]), (VOIRON[0] + 0.004, VOIRON[1] + 0.004)])
    url = reverse("reports:map_json", args=[category.service.slug])
    assert len(client.get(url, {"bbox": BOX, "zoom": 10}).json()["clusters"]) == 1
    assert len(client.get(url, {"bbox": BOX, "zoom": 14}).json()["clusters"]) == 2


def test_from_the_threshold_zoom_single_reports_are_sent(client):
    category = CategoryFactory()
    ReportFactory.create_batch(2, category=category)
    url = reverse("reports:map_json", args=[category.service.slug])
    data = client.get(url, {"bbox": BOX, "zoom": selectors.CLUSTER_BELOW_ZOOM}).json()
    assert "clusters" not in data and len(data["reports"]) == 2
    assert len(client.get(url, {"bbox": BOX, "zoom": "x"}).json()["reports"]) == 2


def test_groups_follow_the_status_and_category_filters(client):
    category = CategoryFactory()
    other = CategoryFactory(service=category.service)
    _reports(category, [VOIRON] * 3)
    _reports(category, [VOIRON] * 2, status="resolved")
    _reports(other, [VOIRON] * 4)
    url = reverse("reports:map_json", args=[category.service.slug])

    def counts(**extra):
        answer = client.get(url, {"bbox": BOX, "zoom": 11, **extra}).json()
        return [c["count"] for c in answer["clusters"]]

    assert counts() == [9]
    assert counts(status="open") == [7]
    assert counts(status="open", category=category.code) == [3]
    assert counts(status="resolved") == [2]


def test_groups_are_capped_biggest_first(client):
    category = CategoryFactory()
    _reports(
        category,
        [(VOIRON[0] + 0.01 * i, VOIRON[1]) for i in range(4)] + [(VOIRON[0] + 0.02, VOIRON[1])] * 3,
    )
    rows, more = selectors.report_map_clusters(
        service=category.service, bbox=tuple(map(float, BOX.split(","))), zoom=14, cap=2
    )
    assert more is True and len(rows) == 2 and rows[0]["count"] == 4


def test_groups_are_read_in_one_query_whatever_the_number_of_reports(client):
    category = CategoryFactory()
    url = reverse("reports:map_json", args=[category.service.slug])
    counts = []
    for size in (1, 200):
        _reports(
            category,
            [(VOIRON[0] + 0.0001 * (i % 97), VOIRON[1] + 0.0003 * (i % 89)) for i in range(size)],
        )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, {"bbox": BOX, "zoom": 12}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    reports = [q["sql"] for q in queries if "reports_report" in q["sql"]]
    assert len(reports) == 1 and "GROUP BY" in reports[0]


def test_the_public_page_shows_open_reports_by_default(client):
    open_report = ReportFactory()
    closed = ReportFactory(category=open_report.category, status="resolved", resolution_round=1)
    url = reverse("reports:service_home", args=[open_report.service.slug])
    page = client.get(url).text
    assert open_report.reference in page and closed.reference not in page
    assert '<option value="open" selected>' in page and 'data-status="open"' in page
    everything = client.get(url, {"status": "all"}).text
    assert open_report.reference in everything and closed.reference in everything
    assert '<option value="all" selected>' in everything
    assert closed.reference not in client.get(url, {"status": "bogus"}).text


def test_the_public_page_has_a_legend_of_statuses_and_groups(client):
    report = ReportFactory()
    page = client.get(reverse("reports:service_home", args=[report.service.slug])).text
    assert 'class="map-legend"' in page
    for value, label in Report.Status.choices:
        assert f'map-legend__dot--{value}" aria-hidden="true"></span> {label}</li>' in page
    assert "Groupe de signalements proches" in page
