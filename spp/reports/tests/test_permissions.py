"""Every cell of docs/permissions.md's reports table, checked against abilities()."""

import pytest
from django.contrib.auth.models import AnonymousUser

from spp.catalog.tests.roles import delegated_service_and_people
from spp.core.testing.permission_tables import assert_table_matches
from spp.core.tests.factories import UserFactory
from spp.reports import permissions
from spp.reports.tests.factories import CategoryFactory, ReportFactory

pytestmark = pytest.mark.django_db


def test_every_cell_of_the_documented_table_matches_the_code():
    service, people = delegated_service_and_people()
    service.patterns = ["reports"]
    service.save(update_fields=["patterns"])
    report = ReportFactory(category=CategoryFactory(service=service,
                                                    organisation=service.operator))
    assert_table_matches(
        "reports.report", people, lambda person: permissions.abilities(person, report)
    )


def test_category_routed_to_the_authority_is_not_the_operators():
    service, people = delegated_service_and_people()
    report = ReportFactory(category=CategoryFactory(service=service,
                                                    organisation=service.authority))
    assert not permissions.abilities(people["agent (operator)"], report)["handle"]
    assert permissions.abilities(people["agent (authority)"], report)["handle"]


def test_reporter_cannot_support_and_confirm_needs_a_resolved_report_and_an_account():
    report = ReportFactory()
    assert not permissions.abilities(report.reporter, report)["support"]
    report.status = "resolved"
    assert permissions.abilities(UserFactory(), report)["confirm"]
    assert not permissions.abilities(AnonymousUser(), report)["confirm"]
    assert not permissions.abilities(UserFactory(), report)["support"]
