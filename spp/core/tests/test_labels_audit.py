"""Every audit action the platform records has a label people read, in French and English;
the journal shows it, the code kept beside it."""

import ast
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.functional import Promise

from spp.core import services
from spp.core.labels import ACTION_LABELS, action_choices, action_label
from spp.core.tests.factories import MembershipFactory

SOURCE = Path(__file__).resolve().parents[2]  # the spp package


def _dynamic_actions() -> dict[str, set[str]]:
    """The actions written as ``f"<prefix>{value}"``: each prefix and the values it takes."""
    from spp.carpool.models import RideSearch
    from spp.catalog import workflow as catalog_workflow
    from spp.consultations.models import ModerationDecision
    from spp.reports import workflow as reports_workflow
    from spp.rosters.models import Assignment

    guarantee = RideSearch.Guarantee
    return {
        # enrolment_accept writes "create" or "reapply"; enrolment_transition its action
        "enrolment.": set(catalog_workflow.ENROLMENT_TRANSITIONS) | {"create"},
        "incident.": set(catalog_workflow.INCIDENT_TRANSITIONS),
        "report.": set(reports_workflow.TRANSITIONS),
        "consultation.moderation.": set(ModerationDecision.Action.values),
        "rosters.assignment.": set(Assignment.Source.values),
        # the guarantee's state once the fallback was called, or failed
        "carpool.guarantee_": {guarantee.FALLBACK_CALLED, guarantee.FALLBACK_FAILED},
    }


def _action_expressions():
    """(file, line, expression) of the ``action=`` of every call to ``audit_record`` in the
    source (tests and migrations aside)."""
    for path in sorted(SOURCE.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name != "audit_record":
                continue
            for keyword in node.keywords:
                if keyword.arg == "action":
                    yield path.relative_to(SOURCE.parent), node.lineno, keyword.value


def _codes(expression, dynamic, where) -> set[str]:
    """The action codes an ``action=`` expression can take."""
    if isinstance(expression, ast.Constant) and isinstance(expression.value, str):
        return {expression.value}
    if isinstance(expression, ast.IfExp):
        return _codes(expression.body, dynamic, where) | _codes(expression.orelse, dynamic, where)
    if (
        isinstance(expression, ast.JoinedStr)
        and len(expression.values) == 2
        and isinstance(expression.values[0], ast.Constant)
    ):
        prefix = expression.values[0].value
        assert prefix in dynamic, (
            f'{where}: the action f"{prefix}{{…}}" is new: list the values it takes in '
            f"_dynamic_actions and label each in spp/core/labels.py"
        )
        return {prefix + value for value in dynamic[prefix]}
    raise AssertionError(
        f'{where}: write the action as a string (or f"prefix{{value}}") so '
        f"that this test can check its label: {ast.unparse(expression)}"
    )


def _recorded_actions() -> set[str]:
    dynamic = _dynamic_actions()
    return {
        code
        for path, line, expression in _action_expressions()
        for code in _codes(expression, dynamic, f"{path}:{line}")
    }


def test_the_scan_finds_the_actions_recorded_across_the_apps():
    recorded = _recorded_actions()
    assert {
        "report.create",
        "enrolment.approve",
        "rosters.assignment.signup",
        "carpool.line_updated",
        "charter.accept",
        "user.erase",
    } <= recorded
    assert len(recorded) > 80


def test_every_action_recorded_has_a_label():
    missing = sorted(_recorded_actions() - set(ACTION_LABELS))
    assert not missing, f"audit actions without a label in spp/core/labels.py: {missing}"


def test_no_label_is_left_for_an_action_no_longer_recorded():
    stale = sorted(set(ACTION_LABELS) - _recorded_actions())
    assert not stale, f"labels of actions no longer recorded: {stale}"


def test_an_action_reads_as_words():
    with translation.override("fr"):
        assert action_label("report.create") == "Signalement créé"


def test_every_label_is_marked_for_translation():
    with translation.override("en"):
        untranslatable = [
            code for code, label in ACTION_LABELS.items() if not isinstance(label, Promise)
        ]
    assert not untranslatable


def test_an_action_without_a_label_still_shows_as_its_code():
    assert action_label("catalog.unheard_of") == "catalog.unheard_of"


def test_the_filter_suggestions_keep_each_code_beside_its_label_sorted_by_label():
    with translation.override("fr"):
        assert action_choices(["report.create", "incident.close"]) == [
            ("incident.close", "Incident clos"),
            ("report.create", "Signalement créé"),
        ]


@pytest.mark.django_db
def test_the_journal_shows_the_label_with_the_code_in_its_title(client):
    membership = MembershipFactory(role="admin")
    client.force_login(membership.user)
    services.audit_record(
        actor=membership.user,
        action="enrolment.approve",
        organisation=membership.organisation,
        reason="Dossier complet",
    )
    page = client.get("/gestion/journal/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<span title="enrolment.approve">Inscription validée</span>' in page
    assert '<option value="enrolment.approve">Inscription validée</option>' in page
