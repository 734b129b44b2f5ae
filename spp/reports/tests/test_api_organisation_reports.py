"""An organisation's reports through the API (#15): read with an API token of the
organisation (read scope suffices) or a member's session; another organisation's token or an
outsider gets a 404; no personal data leaves."""

import pytest

from spp.core import services as core_services
from spp.core.tests.factories import MembershipFactory, OperatorFactory, UserFactory
from spp.reports.tests.factories import CategoryFactory, ReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def category():
    return CategoryFactory()


def _token(organisation, scope="read"):
    admin = MembershipFactory(organisation=organisation, role="admin").user
    return core_services.api_token_create(actor=admin, organisation=organisation,
                                          name="Export", scope=scope)[1]


def _url(organisation) -> str:
    return f"/api/v1/reports/organisations/{organisation.slug}/reports"


def test_a_read_token_lists_its_organisations_reports_without_personal_data(client, category):
    report = ReportFactory(category=category, reporter_email="habitant@exemple.fr")
    raw = _token(category.service.authority)
    response = client.get(_url(category.service.authority),
                          headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200
    (row,) = response.json()
    assert row["reference"] == report.reference and row["category_code"] == category.code
    assert "habitant@exemple.fr" not in response.content.decode()
    assert report.reporter.email not in response.content.decode()


def test_a_token_of_organisation_a_cannot_read_organisation_b(client, category):
    ReportFactory(category=category)
    other = CategoryFactory()  # another service, another authority
    raw = _token(other.service.authority)
    response = client.get(_url(category.service.authority),
                          headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 404
    own = client.get(_url(other.service.authority), headers={"Authorization": f"Bearer {raw}"})
    assert own.status_code == 200 and own.json() == []


def test_an_operator_sees_only_the_categories_routed_to_it(client, category):
    operator = OperatorFactory()
    routed = CategoryFactory(service=category.service, organisation=operator)
    mine, theirs = ReportFactory(category=routed), ReportFactory(category=category)
    rows = client.get(_url(operator), headers={"Authorization": f"Bearer {_token(operator)}"})
    references = {row["reference"] for row in rows.json()}
    assert references == {mine.reference} and theirs.reference not in references


def test_filters_status_since_and_limit(client, category):
    open_report = ReportFactory(category=category)
    ReportFactory(category=category, status="resolved")
    auth = {"Authorization": f"Bearer {_token(category.service.authority)}"}
    url = _url(category.service.authority)
    assert [r["reference"] for r in client.get(url, {"status": "open"}, headers=auth).json()] == [
        open_report.reference]
    assert len(client.get(url, {"limit": 1}, headers=auth).json()) == 1
    assert client.get(url, {"status": "tous"}, headers=auth).status_code == 422


def test_a_member_reads_with_the_session_and_an_outsider_gets_404(client, category):
    ReportFactory(category=category)
    authority = category.service.authority
    client.force_login(MembershipFactory(organisation=authority, role="agent").user)
    assert len(client.get(_url(authority)).json()) == 1
    client.force_login(UserFactory())
    assert client.get(_url(authority)).status_code == 404
    client.logout()
    assert client.get(_url(authority)).status_code == 401


def test_the_list_costs_the_same_few_queries_for_one_report_or_many(
        client, category, django_assert_max_num_queries):
    auth = {"Authorization": f"Bearer {_token(category.service.authority)}"}
    url = _url(category.service.authority)
    client.get(url, headers=auth)  # the token's last use is written once a minute at most
    ReportFactory.create_batch(30, category=category)
    # The token (1), the services and categories (2), the reports (1).
    with django_assert_max_num_queries(4):
        assert len(client.get(url, headers=auth).json()) == 30


def _csv_rows(response) -> list[list[str]]:
    import csv

    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(text[1:].splitlines()))


def test_a_read_token_exports_all_its_organisations_reports_as_csv(client, category):
    older = ReportFactory(category=category, description="=HYPERLINK(\"http://evil.example\")")
    newer = ReportFactory(category=category)
    ReportFactory(category=CategoryFactory())  # another authority's
    raw = _token(category.service.authority)
    response = client.get(_url(category.service.authority) + ".csv",
                          headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header, *rows = _csv_rows(response)
    assert header[:3] == ["reference", "service", "category_code"]
    assert {row[0] for row in rows} == {older.reference, newer.reference}
    description = header.index("description")
    formula = next(row for row in rows if row[0] == older.reference)[description]
    assert formula.startswith("'=")  # a spreadsheet shows it as text, never runs it


def test_the_csv_export_refuses_another_organisations_token(client, category):
    raw = _token(CategoryFactory().service.authority)
    response = client.get(_url(category.service.authority) + ".csv",
                          headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 404


def test_the_csv_export_reads_in_a_bounded_number_of_queries(
        client, category, django_assert_max_num_queries):
    ReportFactory.create_batch(12, category=category)
    raw = _token(category.service.authority)
    with django_assert_max_num_queries(8):
        response = client.get(_url(category.service.authority) + ".csv",
                              headers={"Authorization": f"Bearer {raw}"})
        assert len(_csv_rows(response)) == 13
