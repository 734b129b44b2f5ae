"""The agent's handling page, through HTTP: recategorising and reassigning a report (each
audited, each read in words by the citizen), its map, and its answers read as labels."""

import pytest
from django.urls import reverse

from spp.core.models import AuditLogEntry
from spp.core.tests.factories import OperatorFactory, UserFactory
from spp.reports import attributes, services
from spp.reports.models import Report
from spp.reports.tests.factories import CategoryFactory, ReportFactory, agent_of

pytestmark = pytest.mark.django_db

DEPTH = {
    "code": "profondeur",
    "datatype": "singlevaluelist",
    "description": "Profondeur estimée",
    "order": 1,
    "values": [
        {"key": "5-10", "name": "De 5 à 10 cm"},
        {"key": "plus-10", "name": "Plus de 10 cm"},
    ],
}
COUNT = {"code": "nombre", "datatype": "number", "description": "Nombre de trous", "order": 2}
WIDTH = {
    "code": "largeur",
    "datatype": "number",
    "description": "Largeur",
    "order": 3,
    "unit": "cm",
}


def _act(client, report, **data):
    return client.post(reverse("reports:report_handle_action", args=[report.reference]), data)


def test_an_agent_recategorises_a_report_and_the_citizen_reads_it_in_words(client):
    report = ReportFactory()
    other = CategoryFactory(service=report.service, name="Marquage effacé")
    agent = agent_of(report.service.authority)
    client.force_login(agent)
    response = _act(client, report, form="category", category=other.pk)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.category == other
    entry = AuditLogEntry.objects.get(action="report.recategorise")
    assert entry.actor == agent and entry.data["to"] == other.code
    client.force_login(report.reporter)
    page = client.get(report.get_absolute_url()).text
    assert "Changement de catégorie" in page and "devient « Marquage effacé »" in page


def test_a_report_cannot_move_to_another_services_or_an_inactive_category(client):
    report = ReportFactory()
    elsewhere = CategoryFactory()
    closed = CategoryFactory(service=report.service, is_active=False)
    client.force_login(agent_of(report.service.authority))
    for category in (elsewhere, closed):
        _act(client, report, form="category", category=category.pk)
        report.refresh_from_db()
        assert report.category_id != category.pk
    with pytest.raises(Exception, match="active"):
        services.report_recategorise(
            actor=agent_of(report.service.authority), report=report, category=elsewhere
        )


def test_an_outsider_cannot_recategorise_or_reassign(client):
    report = ReportFactory()
    other = CategoryFactory(service=report.service)
    client.force_login(UserFactory())
    assert _act(client, report, form="category", category=other.pk).status_code == 404
    assert _act(client, report, form="assign", assignee="").status_code == 404
    report.refresh_from_db()
    assert report.category_id != other.pk


def test_an_operator_agent_hands_a_report_to_the_authority_and_goes_back_to_the_queue(client):
    report = ReportFactory()
    operator = OperatorFactory()
    report.service.operator = operator
    report.service.save(update_fields=["operator"])
    ours = CategoryFactory(service=report.service, organisation=operator)
    mine = ReportFactory(category=ours)
    client.force_login(agent_of(operator))
    response = _act(client, mine, form="category", category=report.category_id)
    assert response.url == reverse("reports:service_manage", args=[report.service.slug])
    assert client.get(reverse("reports:report_handle", args=[mine.reference])).status_code == 404


def test_an_agent_assigns_a_report_to_a_colleague_and_the_citizen_does_not_see_the_name(client):
    report = ReportFactory()
    agent = agent_of(report.category.organisation)
    colleague = agent_of(report.category.organisation)
    colleague.first_name, colleague.last_name = "Camille", "Dupré"
    colleague.save(update_fields=["first_name", "last_name"])
    client.force_login(agent)
    page = client.get(reverse("reports:report_handle", args=[report.reference])).text
    assert "Camille Dupré" in page
    _act(client, report, form="assign", assignee=colleague.pk)
    report.refresh_from_db()
    assert report.assignee == colleague
    assert AuditLogEntry.objects.filter(action="report.assign", actor=agent).exists()
    client.force_login(report.reporter)
    public = client.get(report.get_absolute_url()).text
    assert "Confié à un agent de l’équipe « Voirie »" in public and "Dupré" not in public
    client.force_login(agent)
    _act(client, report, form="assign", assignee="")
    report.refresh_from_db()
    assert report.assignee is None


def test_a_report_cannot_be_assigned_to_someone_outside_its_category(client):
    report = ReportFactory()
    client.force_login(agent_of(report.category.organisation))
    stranger = UserFactory()
    _act(client, report, form="assign", assignee=stranger.pk)
    report.refresh_from_db()
    assert report.assignee is None
    with pytest.raises(Exception, match="ne traite pas"):
        services.report_assign(
            actor=agent_of(report.category.organisation), report=report, assignee=stranger
        )


def test_recategorising_releases_an_assignee_who_does_not_handle_the_new_category():
    report = ReportFactory()
    operator = OperatorFactory()
    report.service.operator = operator
    report.service.save(update_fields=["operator"])
    ours = CategoryFactory(service=report.service, organisation=operator)
    mine = ReportFactory(category=ours)
    operator_agent = agent_of(operator)
    services.report_assign(actor=operator_agent, report=mine, assignee=operator_agent)
    services.report_recategorise(actor=operator_agent, report=mine, category=report.category)
    assert Report.objects.get(pk=mine.pk).assignee is None


def test_the_handling_page_shows_the_reports_map_with_coordinates_for_pages_without_js(client):
    report = ReportFactory(latitude=45.3647, longitude=5.5897)
    client.force_login(agent_of(report.category.organisation))
    page = client.get(reverse("reports:report_handle", args=[report.reference])).text
    assert 'id="report-map"' in page and 'data-mode="point"' in page
    assert "reports/reports.js" in page and "<noscript>" in page
    assert "latitude 45,364700, longitude 5,589700" in page


def test_the_handling_page_reads_answers_as_labels_with_their_units(client):
    category = CategoryFactory(attributes=[DEPTH, COUNT, WIDTH])
    report = ReportFactory(
        category=category, attribute_values={"profondeur": "5-10", "nombre": 1.0, "largeur": 2.5}
    )
    client.force_login(agent_of(category.organisation))
    page = client.get(reverse("reports:report_handle", args=[report.reference])).text
    assert "<dt>Profondeur estimée</dt><dd>De 5 à 10 cm</dd>" in page
    assert "<dt>Nombre de trous</dt><dd>1</dd>" in page
    assert "<dt>Largeur</dt><dd>2,5\u00a0cm</dd>" in page
    assert "5-10" not in page.split("Profondeur estimée", 1)[1].split("</dd>", 1)[0]


def test_answers_keep_the_category_order_and_an_unknown_code_keeps_its_name():
    category = CategoryFactory(attributes=[COUNT, DEPTH])
    pairs = attributes.display(
        category, {"ancien": "x", "profondeur": ["5-10", "plus-10"], "nombre": 3}
    )
    assert pairs == [
        ("Profondeur estimée", "De 5 à 10 cm, Plus de 10 cm"),
        ("Nombre de trous", "3"),
        ("ancien", "x"),
    ]


def test_the_follow_up_page_reads_answers_as_labels(client):
    category = CategoryFactory(attributes=[DEPTH])
    report = ReportFactory(category=category, attribute_values={"profondeur": "plus-10"})
    page = client.get(report.get_absolute_url()).text
    assert "<dt>Profondeur estimée</dt><dd>Plus de 10 cm</dd>" in page
    assert "plus-10" not in page
