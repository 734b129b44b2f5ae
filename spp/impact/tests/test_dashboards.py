"""The dashboards and their downloads, through HTTP: who opens them, the period selector,
the files, and a query count that does not grow with the authority's services."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from spp.catalog.tests.roles import delegated_service_and_people
from spp.core.testing.permission_tables import assert_table_matches
from spp.core.tests.factories import MembershipFactory, UserFactory
from spp.impact import permissions
from spp.impact.services.refresh import figures_refresh
from spp.impact.tests.figures_data import small_ledger

pytestmark = pytest.mark.django_db


def test_every_cell_of_the_documented_table_matches_the_code():
    service, people = delegated_service_and_people()
    assert_table_matches(
        "impact.service", people, lambda person: permissions.abilities(person, service)
    )


@pytest.fixture
def ledger():
    data = small_ledger()
    figures_refresh(years=[2025])
    data["admin"] = MembershipFactory(organisation=data["authority"], role="admin").user
    return data


def authority_url(data, name="impact:authority", *args):
    return reverse(name, args=[data["authority"].slug, *args])


def test_the_authoritys_admin_reads_its_figures_for_the_chosen_period(client, ledger):
    client.force_login(ledger["admin"])
    response = client.get(authority_url(ledger), {"periode": "2025-T1"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "1er trimestre 2025" in page
    assert "Contributeurs actifs" in page and "Méthode" in page
    assert ledger["rota"].name in page  # the comparison of its services
    assert 'role="img"' in page and "<title" in page  # the charts, with their title


def test_the_reader_picks_the_figure_charted_beside_the_contributors(client, ledger):
    client.force_login(ledger["admin"])
    page = client.get(authority_url(ledger), {"periode": "2025", "courbe": "km_avoided"})
    text = page.content.decode()
    assert "Contributeurs actifs par mois en 2025" in text
    assert "Kilomètres de voiture évités par mois en 2025" in text
    # March's 10 km avoided, in the chart's table.
    assert [row["cells"] for row in page.context["month_rows"]][2] == ["4", "10,0 km"]
    unknown = client.get(authority_url(ledger), {"periode": "2025", "courbe": "salaire"})
    assert "Heures données par mois en 2025" in unknown.content.decode()


def test_a_period_that_does_not_exist_is_said_and_this_year_shown(client, ledger):
    client.force_login(ledger["admin"])
    response = client.get(authority_url(ledger), {"periode": "2025-T7"})
    assert response.status_code == 200
    assert "La période demandée n’existe pas" in response.content.decode()


def test_a_coordinator_reads_the_services_figures_not_the_authoritys(client, ledger):
    coordinator = MembershipFactory(organisation=ledger["authority"], role="coordinator").user
    client.force_login(coordinator)
    service_url = reverse("impact:service", args=[ledger["authority"].slug,
                                                  ledger["rota"].slug])
    assert client.get(service_url, {"periode": "2025"}).status_code == 200
    assert client.get(authority_url(ledger)).status_code == 404
    assert client.get(authority_url(ledger, "impact:authority_download", "csv")).status_code \
        == 404


def test_a_citizen_and_another_authoritys_admin_are_answered_404(client, ledger):
    for person in (UserFactory(), MembershipFactory(role="admin").user):
        client.force_login(person)
        assert client.get(authority_url(ledger)).status_code == 404
        assert client.get(reverse("impact:service", args=[
            ledger["authority"].slug, ledger["rota"].slug])).status_code == 404


def test_the_index_lists_the_dashboards_a_person_may_open_or_says_there_is_none(client,
                                                                               ledger):
    client.force_login(ledger["admin"])
    page = client.get(reverse("impact:index")).content.decode()
    assert authority_url(ledger) in page
    client.force_login(UserFactory())
    assert "Votre compte n’a aucun de ces rôles" in client.get(
        reverse("impact:index")).content.decode()


def test_the_back_office_leads_to_the_dashboards(client, ledger):
    client.force_login(ledger["admin"])
    page = client.get(reverse("core:back_office")).content.decode()
    assert f'href="{reverse("impact:index")}"' in page


def test_the_csv_download_holds_the_period_and_its_months_for_each_scope(client, ledger):
    client.force_login(ledger["admin"])
    response = client.get(authority_url(ledger, "impact:authority_download", "csv"),
                          {"periode": "2025-T1"})
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[:4] == ["Périmètre", "Période", "Du", "Au"]
    # The authority and its three services, each: the quarter, then its three months.
    assert len(body) == 4 * 4
    quarter = dict(zip(header, body[0], strict=True))
    assert quarter["Période"] == "1er trimestre 2025"
    assert quarter["Contributeurs actifs (personnes)"] == "5"
    assert Decimal(quarter["Heures données (heures)"]) == Decimal("9")
    assert body[1][1] == "janvier 2025" and body[1][2] == date(2025, 1, 1).isoformat()


def test_the_xlsx_download_opens_as_a_workbook(client, ledger):
    client.force_login(ledger["admin"])
    response = client.get(reverse("impact:service_download", args=[
        ledger["authority"].slug, ledger["rota"].slug, "xlsx"]), {"periode": "2025"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Périmètre"
    assert len(rows) == 1 + 13  # the year and its twelve months
    assert client.get(reverse("impact:service_download", args=[
        ledger["authority"].slug, ledger["rota"].slug, "pdf"])).status_code == 404


def test_the_dashboard_reads_the_same_number_of_queries_whatever_the_services(
        client, ledger, django_assert_max_num_queries):
    client.force_login(ledger["admin"])
    client.get(authority_url(ledger))  # the session and the person, read once
    with django_assert_max_num_queries(6) as few:
        client.get(authority_url(ledger), {"periode": "2025"})
    from spp.catalog.tests.factories import ServiceFactory

    for _ in range(4):
        ServiceFactory(authority=ledger["authority"])
    figures_refresh(years=[2025])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(authority_url(ledger), {"periode": "2025"})
