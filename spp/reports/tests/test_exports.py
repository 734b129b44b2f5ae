"""The agents' export of their queue, through HTTP: the queue's filters, the queue's people,
no formula handed to a spreadsheet, and as many queries for 1,000 rows as for 10."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from spp.core.models import AuditLogEntry
from spp.core.tests.factories import OperatorFactory, UserFactory
from spp.reports.models import Report
from spp.reports.tests.factories import VOIRON, CategoryFactory, ReportFactory, agent_of

pytestmark = pytest.mark.django_db


def _export(client, service, fmt="csv", **params):
    return client.get(reverse("reports:queue_export", args=[service.slug, fmt]), params)


def _csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_csv_export_lists_the_open_reports_with_labels_not_codes(client):
    report = ReportFactory(address="12 rue des Lilas")
    ReportFactory(category=report.category, status="resolved")
    client.force_login(agent_of(report.service.authority))
    response = _export(client, report.service)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    header, *rows = _csv(response)
    assert header[:3] == ["Référence", "Catégorie", "État"]
    assert [row[0] for row in rows] == [report.reference]
    assert rows[0][1] == report.category.name and rows[0][2] == "Nouveau"
    assert "12 rue des Lilas" in rows[0]


def test_the_export_follows_the_queues_filters(client):
    report = ReportFactory()
    resolved = ReportFactory(category=report.category, status="resolved")
    other = ReportFactory(category=CategoryFactory(service=report.service))
    client.force_login(agent_of(report.service.authority))
    rows = _csv(_export(client, report.service, status="resolved"))[1:]
    assert [row[0] for row in rows] == [resolved.reference]
    rows = _csv(_export(client, report.service, status="all", category=other.category_id))[1:]
    assert [row[0] for row in rows] == [other.reference]


def test_the_export_neutralises_a_description_written_as_a_formula(client):
    report = ReportFactory(description='=HYPERLINK("http://evil.example/","x")', address="@SUM(A1)")
    client.force_login(agent_of(report.service.authority))
    row = _csv(_export(client, report.service))[1]
    assert '\'=HYPERLINK("http://evil.example/","x")' in row
    assert "'@SUM(A1)" in row
    response = _export(client, report.service, fmt="xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    description = next(c for c in cells if c.value == report.description)
    assert description.data_type == "s"
    assert [c.value for c in next(sheet.iter_rows())][0] == "Référence"


def test_an_outsider_cannot_export_and_an_operator_exports_only_its_categories(client):
    report = ReportFactory()
    operator = OperatorFactory()
    report.service.operator = operator
    report.service.save(update_fields=["operator"])
    theirs = ReportFactory(category=CategoryFactory(service=report.service, organisation=operator))
    client.force_login(UserFactory())
    assert _export(client, report.service).status_code == 404
    client.force_login(agent_of(operator))
    rows = _csv(_export(client, report.service))[1:]
    assert [row[0] for row in rows] == [theirs.reference]
    client.force_login(agent_of(report.service.authority))
    assert _export(client, report.service, fmt="pdf").status_code == 404


def test_each_export_is_written_in_the_audit_log(client):
    report = ReportFactory()
    agent = agent_of(report.service.authority)
    client.force_login(agent)
    _csv(_export(client, report.service, status="all"))
    entry = AuditLogEntry.objects.get(action="report.export")
    assert entry.actor == agent and entry.data["format"] == "csv"


def test_the_export_flags_an_open_report_past_its_target_date(client):
    today = timezone.localdate()
    late = ReportFactory(target_date=today - timedelta(days=2))
    ReportFactory(category=late.category, target_date=today + timedelta(days=2))
    client.force_login(agent_of(late.service.authority))
    header, *rows = _csv(_export(client, late.service))
    column = header.index("En retard")
    assert {row[0]: row[column] for row in rows}[late.reference] == "oui"
    assert sorted(row[column] for row in rows) == ["non", "oui"]


def _add(category, count):
    now = timezone.now()
    Report.objects.bulk_create(
        [
            Report(
                service=category.service,
                category=category,
                latitude=VOIRON[0],
                longitude=VOIRON[1],
                description=f"Trou {i}",
                reporter_email=f"r{i}@exemple.fr",
                created_at=now - timedelta(minutes=i),
            )
            for i in range(count)
        ]
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_queries_do_not_grow_with_the_reports(client, fmt):
    category = CategoryFactory()
    client.force_login(agent_of(category.organisation))

    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as context:
            response = _export(client, category.service, fmt=fmt)
            body = b"".join(response.streaming_content)
        return len(context), len(body)

    _add(category, 10)
    queries()  # warm the per-process caches
    few, small = queries()
    _add(category, 990)
    many, large = queries()
    assert many == few and large > small
