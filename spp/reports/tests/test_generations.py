"""The shared cached lists (agents' queue table, Open311 searches) are never stale: every write
that changes what they show advances the generations they are stored under, and a cached queue
still checks each agent's access first."""

import pytest
from django.contrib.admin.sites import AdminSite
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse

from spp.core import generations
from spp.core.tests.factories import OperatorFactory, UserFactory
from spp.reports import services
from spp.reports.admin import ReportAdmin
from spp.reports.models import Report
from spp.reports.selectors import REQUESTS_SCOPE, service_scope, setup_scope
from spp.reports.tests.factories import VOIRON, CategoryFactory, ReportFactory, agent_of

pytestmark = pytest.mark.django_db


class Moved:
    """Notes the generations of ``service_id`` before a write; ``moved()`` after it (with
    ``setup``: that of the service's row and categories too)."""

    def __init__(self, service_id, *, setup=False):
        self.scopes = [service_scope(service_id), REQUESTS_SCOPE,
                       *([setup_scope(service_id)] if setup else [])]
        self.before = generations.current_many(self.scopes)

    def moved(self) -> bool:
        after = generations.current_many(self.scopes)
        return all(after[scope] != self.before[scope] for scope in self.scopes)


def test_filing_a_report_advances_the_generations():
    category = CategoryFactory()
    watch = Moved(category.service_id)
    services.report_create(actor=UserFactory(), service=category.service, category=category,
                           latitude=VOIRON[0], longitude=VOIRON[1], description="Trou")
    assert watch.moved()


def test_supporting_advances_the_generations():
    report = ReportFactory()
    watch = Moved(report.service_id)
    services.report_support(actor=AnonymousUser(), report=report, email="voisin@exemple.fr")
    assert watch.moved()


@pytest.mark.parametrize("action, note", [("acknowledge", ""), ("reject", "Voie privée")])
def test_a_status_change_advances_the_generations(action, note):
    report = ReportFactory()
    watch = Moved(report.service_id)
    services.report_transition(actor=agent_of(report.category.organisation), report=report,
                               action=action, note=note)
    assert watch.moved()


def test_marking_a_duplicate_advances_the_generations():
    original = ReportFactory()
    copy = ReportFactory(category=original.category)
    watch = Moved(copy.service_id)
    services.report_transition(actor=agent_of(copy.category.organisation), report=copy,
                               action="mark_duplicate", note="", duplicate_of=original)
    assert watch.moved()


@pytest.mark.parametrize("public", [True, False])
def test_an_update_or_a_note_advances_the_generations(public):
    report = ReportFactory()
    watch = Moved(report.service_id)
    services.report_add_event(actor=agent_of(report.category.organisation), report=report,
                              body="Équipe passée", public=public)
    assert watch.moved()


def test_a_new_target_date_advances_the_generations():
    from datetime import date

    report = ReportFactory()
    watch = Moved(report.service_id)
    services.report_set_target_date(actor=agent_of(report.category.organisation),
                                    report=report, target_date=date(2030, 1, 1))
    assert watch.moved()


def test_a_still_there_confirmation_advances_the_generations():
    report = ReportFactory(status="resolved", resolution_round=1)
    watch = Moved(report.service_id)
    services.report_confirm(actor=UserFactory(), report=report, outcome="still_there")
    assert watch.moved()


def test_saving_a_category_or_its_service_advances_the_generations():
    category = CategoryFactory()
    watch = Moved(category.service_id, setup=True)
    category.name = "Chaussée déformée"
    category.save()
    assert watch.moved()
    watch = Moved(category.service_id, setup=True)
    category.service.is_published = False
    category.service.save()
    assert watch.moved()


def test_renaming_an_organisation_advances_the_open311_generation():
    category = CategoryFactory()
    before = generations.current(REQUESTS_SCOPE)
    category.organisation.name = "Métropole renommée"
    category.organisation.save()
    assert generations.current(REQUESTS_SCOPE) != before


def test_an_admin_edit_of_a_report_advances_the_generations():
    report = ReportFactory()
    watch = Moved(report.service_id)
    request = RequestFactory().post("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    report.status = Report.Status.IN_PROGRESS
    ReportAdmin(Report, AdminSite()).save_model(request, report, form=None, change=True)
    assert watch.moved()


def test_deleting_reports_in_the_admin_advances_the_generations():
    first, second = ReportFactory(), ReportFactory()
    admin, request = ReportAdmin(Report, AdminSite()), RequestFactory().post("/")
    watch = Moved(first.service_id)
    admin.delete_model(request, first)
    assert watch.moved()
    watch = Moved(second.service_id)
    admin.delete_queryset(request, Report.objects.filter(pk=second.pk))
    assert watch.moved()


def _queue(client, report, **params):
    return client.get(reverse("reports:service_manage", args=[report.service.slug]), params)


def test_the_cached_queue_shows_a_status_change_and_a_support_at_once(client):
    report = ReportFactory()
    agent = agent_of(report.category.organisation)
    client.force_login(agent)
    assert "badge--new" in _queue(client, report).text
    assert "badge--new" in _queue(client, report).text  # served from the cache
    services.report_transition(actor=agent, report=report, action="acknowledge")
    page = _queue(client, report).text
    assert "badge--acknowledged" in page and "badge--new" not in page
    services.report_support(actor=AnonymousUser(), report=report, email="voisin@exemple.fr")
    assert "<td>1</td></tr>" in _queue(client, report).text


def test_the_cached_queue_is_read_only_after_the_access_check(client):
    report = ReportFactory()
    client.force_login(agent_of(report.category.organisation))
    assert report.reference in _queue(client, report).text
    client.force_login(UserFactory())
    assert _queue(client, report).status_code == 404


def test_an_operator_agent_never_gets_the_authoritys_cached_table(client):
    routed = CategoryFactory(organisation=OperatorFactory())
    routed.service.operator = routed.organisation
    routed.service.save(update_fields=["operator"])
    other = CategoryFactory(service=routed.service)
    mine, theirs = ReportFactory(category=routed), ReportFactory(category=other)
    client.force_login(agent_of(routed.service.authority))
    page = _queue(client, mine).text
    assert mine.reference in page and theirs.reference in page
    client.force_login(agent_of(routed.organisation))
    page = _queue(client, mine).text
    assert mine.reference in page and theirs.reference not in page


def test_a_service_handed_to_another_operator_changes_the_queues_access_at_once(client):
    routed = CategoryFactory(organisation=OperatorFactory())
    service = routed.service
    service.operator = routed.organisation
    service.save(update_fields=["operator"])
    report = ReportFactory(category=routed)
    client.force_login(agent_of(routed.organisation))
    assert _queue(client, report).status_code == 200
    assert _queue(client, report).status_code == 200  # the service read from the cache
    service.operator = OperatorFactory()
    service.save(update_fields=["operator"])
    assert _queue(client, report).status_code == 404


def test_a_slug_given_to_another_service_leads_to_that_services_queue(client):
    first = ReportFactory()
    agent = agent_of(first.category.organisation)
    client.force_login(agent)
    url = reverse("reports:service_manage", args=[first.service.slug])
    assert first.reference in client.get(url).text
    slug, first.service.slug = first.service.slug, "ancien-service"
    first.service.save(update_fields=["slug"])
    second = ReportFactory(category=CategoryFactory(
        service__slug=slug, service__authority=first.service.authority))
    page = client.get(url).text
    assert second.reference in page and first.reference not in page


def test_the_queue_shows_a_renamed_category_at_once(client):
    report = ReportFactory()
    client.force_login(agent_of(report.category.organisation))
    assert report.category.name in _queue(client, report).text
    report.category.name = "Chaussée déformée"
    report.category.save()
    assert "Chaussée déformée" in _queue(client, report).text
