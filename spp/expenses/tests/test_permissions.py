"""Every cell of docs/permissions.md's expenses table, checked against service_abilities(),
and the claim's own rules: its claimant, its approvers, nobody else."""

import pytest

from spp.catalog.tests.roles import delegated_service_and_people
from spp.core.testing.permission_tables import assert_table_matches
from spp.core.tests.factories import UserFactory
from spp.expenses import permissions
from spp.expenses.tests.factories import ClaimFactory, PolicyFactory

pytestmark = pytest.mark.django_db


def test_every_cell_of_the_documented_table_matches_the_code():
    service, people = delegated_service_and_people()
    policy = PolicyFactory(service=service)
    assert_table_matches("expenses.service", people,
                         lambda person: permissions.service_abilities(person, service, policy))


def test_a_policy_for_admins_only_leaves_coordinators_out_of_review():
    service, people = delegated_service_and_people()
    policy = PolicyFactory(service=service, approver="admin")
    reviewers = {role for role, person in people.items()
                 if permissions.service_abilities(person, service, policy)["review"]}
    assert reviewers == {"admin (authority)", "admin (operator)"}


def test_a_claim_is_its_claimants_to_edit_and_its_approvers_to_review():
    service, people = delegated_service_and_people()
    claim = ClaimFactory(policy=PolicyFactory(service=service), status="draft")
    own = permissions.claim_abilities(claim.claimant, claim)
    assert (own["view"], own["edit"], own["withdraw"], own["review"]) == (True, True, True, False)
    stranger = permissions.claim_abilities(UserFactory(), claim)
    assert not any(stranger.values())
    claim.status = "submitted"
    coordinator = permissions.claim_abilities(people["coordinator (operator)"], claim)
    assert (coordinator["view"], coordinator["edit"], coordinator["review"]) == (True, False, True)
