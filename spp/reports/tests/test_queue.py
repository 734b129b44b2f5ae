"""The agents' queue, through HTTP: what it lists follows every write at once (it is computed
at each request), each agent sees only what they handle, and no page number breaks it."""

import pytest
from django.contrib.admin.sites import AdminSite
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse

from spp.core.models import Membership
from spp.core.tests.factories import OperatorFactory, UserFactory
from spp.reports import services
from spp.reports.admin import ReportAdmin
from spp.reports.models import Report
from spp.reports.tests.factories import CategoryFactory, ReportFactory, agent_of

pytestmark = pytest.mark.django_db


def _queue(client, service, **params):
    return client.get(reverse("reports:service_manage", args=[service.slug]), params)


def test_a_report_moved_to_another_service_in_the_admin_leaves_the_old_queue_for_the_new(
        client):
    """Issue 13's first stale page: ReportAdmin.save_model used to refresh only the new
    service's cached queue."""
    report = ReportFactory()
    old_service = report.service
    elsewhere = CategoryFactory(service__authority=old_service.authority)
    new_service = elsewhere.service
    client.force_login(agent_of(old_service.authority))
    assert report.reference in _queue(client, old_service).text
    assert report.reference not in _queue(client, new_service).text
    request = RequestFactory().post("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    report.service, report.category = new_service, elsewhere
    ReportAdmin(Report, AdminSite()).save_model(request, report, form=None, change=True)
    assert report.reference not in _queue(client, old_service).text
    assert report.reference in _queue(client, new_service).text


def test_a_report_deleted_in_the_admin_leaves_the_queue(client):
    first, second = ReportFactory(), ReportFactory()
    admin, request = ReportAdmin(Report, AdminSite()), RequestFactory().post("/")
    client.force_login(agent_of(first.service.authority))
    assert first.reference in _queue(client, first.service).text
    admin.delete_model(request, first)
    assert first.reference not in _queue(client, first.service).text
    admin.delete_queryset(request, Report.objects.filter(pk=second.pk))
    client.force_login(agent_of(second.service.authority))
    assert second.reference not in _queue(client, second.service).text


def test_the_queue_shows_a_status_change_and_a_support_at_once(client):
    report = ReportFactory()
    agent = agent_of(report.category.organisation)
    client.force_login(agent)
    assert "badge--new" in _queue(client, report.service).text
    services.report_transition(actor=agent, report=report, action="acknowledge")
    page = _queue(client, report.service).text
    assert "badge--acknowledged" in page and "badge--new" not in page
    services.report_support(actor=AnonymousUser(), report=report, email="voisin@exemple.fr")
    assert '<td data-label="Appuis">1</td></tr>' in _queue(client, report.service).text


def test_the_queue_refuses_an_outsider_after_an_agent_saw_it(client):
    report = ReportFactory()
    client.force_login(agent_of(report.category.organisation))
    assert report.reference in _queue(client, report.service).text
    client.force_login(UserFactory())
    assert _queue(client, report.service).status_code == 404


def test_an_agent_whose_role_was_taken_is_refused_at_once(client):
    report = ReportFactory()
    agent = agent_of(report.category.organisation)
    client.force_login(agent)
    assert report.reference in _queue(client, report.service).text
    Membership.objects.filter(user=agent).delete()
    assert _queue(client, report.service).status_code == 404


def test_an_operator_agent_sees_only_the_categories_routed_to_the_operator(client):
    routed = CategoryFactory(organisation=OperatorFactory())
    routed.service.operator = routed.organisation
    routed.service.save(update_fields=["operator"])
    other = CategoryFactory(service=routed.service)
    mine, theirs = ReportFactory(category=routed), ReportFactory(category=other)
    client.force_login(agent_of(routed.service.authority))
    page = _queue(client, routed.service).text
    assert mine.reference in page and theirs.reference in page
    client.force_login(agent_of(routed.organisation))
    page = _queue(client, routed.service).text
    assert mine.reference in page and theirs.reference not in page


def test_a_service_handed_to_another_operator_changes_the_queues_access_at_once(client):
    routed = CategoryFactory(organisation=OperatorFactory())
    service = routed.service
    service.operator = routed.organisation
    service.save(update_fields=["operator"])
    ReportFactory(category=routed)
    client.force_login(agent_of(routed.organisation))
    assert _queue(client, service).status_code == 200
    service.operator = OperatorFactory()
    service.save(update_fields=["operator"])
    assert _queue(client, service).status_code == 404


def test_a_slug_given_to_another_service_leads_to_that_services_queue(client):
    first = ReportFactory()
    client.force_login(agent_of(first.category.organisation))
    url = reverse("reports:service_manage", args=[first.service.slug])
    assert first.reference in client.get(url).text
    slug, first.service.slug = first.service.slug, "ancien-service"
    first.service.save(update_fields=["slug"])
    second = ReportFactory(category=CategoryFactory(
        service__slug=slug, service__authority=first.service.authority))
    page = client.get(url).text
    assert second.reference in page and first.reference not in page


@pytest.mark.parametrize("page", ["²", "9999999999999999999999999", "-3", "x", "1" * 5000])
def test_any_page_number_answers_without_an_error(client, page):
    report = ReportFactory()
    client.force_login(agent_of(report.category.organisation))
    response = _queue(client, report.service, page=page)
    assert response.status_code == 200
    public = client.get(reverse("reports:service_home", args=[report.service.slug]),
                        {"page": page})
    assert public.status_code == 200


def test_the_queue_flags_open_reports_past_their_target_date_and_filters_them(client):
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    late = ReportFactory(target_date=today - timedelta(days=1))
    due_today = ReportFactory(category=late.category, target_date=today)
    resolved_late = ReportFactory(category=late.category, status="resolved",
                                  target_date=today - timedelta(days=5))
    client.force_login(agent_of(late.service.authority))
    page = _queue(client, late.service).text
    assert page.count("badge--overdue") == 1
    rows = {ref: page.split(ref, 1)[1].split("</tr>", 1)[0]
            for ref in (late.reference, due_today.reference)}
    assert "En retard" in rows[late.reference] and "En retard" not in rows[due_today.reference]
    page = _queue(client, late.service, status="overdue").text
    assert late.reference in page
    assert due_today.reference not in page and resolved_late.reference not in page
