"""Role × action matrix of the reports app (see docs/permissions.md, section reports)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from spp.core.tests.factories import MembershipFactory, OperatorFactory, UserFactory
from spp.reports import permissions
from spp.reports.tests.factories import CategoryFactory, ReportFactory

pytestmark = pytest.mark.django_db

HANDLING = ["handle", "change_status", "add_update", "add_note", "read_notes", "set_target_date"]


def _people(report, operator):
    authority = report.service.authority
    return {
        "visitor": AnonymousUser(),
        "citizen": UserFactory(),
        "reporter": report.reporter,
        "authority_agent": MembershipFactory(organisation=authority, role="agent").user,
        "authority_admin": MembershipFactory(organisation=authority, role="admin").user,
        "routed_operator_agent": MembershipFactory(organisation=operator, role="agent").user,
        "other_operator_agent": MembershipFactory(organisation=OperatorFactory()).user,
    }


EXPECTED = {
    # role: (view, support, handle actions, manage categories)
    "visitor": (True, True, False, False),
    "citizen": (True, True, False, False),
    "reporter": (True, False, False, False),
    "authority_agent": (True, True, True, False),
    "authority_admin": (True, True, True, True),
    "routed_operator_agent": (True, True, True, False),
    "other_operator_agent": (True, True, False, False),
}


@pytest.mark.parametrize("role", EXPECTED)
def test_role_matrix_on_an_open_report(role):
    operator = OperatorFactory()
    report = ReportFactory(category=CategoryFactory(organisation=operator))
    user = _people(report, operator)[role]
    view, support, handle, manage = EXPECTED[role]
    can = permissions.abilities(user, report)
    assert can["view"] is view and can["support"] is support
    assert all(can[action] is handle for action in HANDLING)
    assert permissions.can_manage_categories(user, report.service) is manage
    assert can["confirm"] is False


def test_confirm_only_signed_in_and_resolved():
    report = ReportFactory(status="resolved", resolution_round=1)
    assert permissions.abilities(UserFactory(), report)["confirm"]
    assert not permissions.abilities(AnonymousUser(), report)["confirm"]
    assert not permissions.abilities(UserFactory(), report)["support"]
