"""Two admins who demote each other at the same instant never leave the organisation without
an admin: the admin rows are locked first, so the second finds it is no longer an admin
(real threads, each with its own PostgreSQL connection)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from spp.core import services
from spp.core.models import Membership
from spp.core.tests.factories import MembershipFactory
from spp.ops.query_counts import at_once


def _demote(actor_id: int, membership_id: int):
    membership = Membership.objects.select_related("organisation").get(pk=membership_id)
    actor = Membership.objects.select_related("user").get(user_id=actor_id).user
    try:
        services.member_change_role(actor=actor, membership=membership, role="agent")
    except (PermissionDenied, ValidationError) as error:
        return type(error).__name__
    return "done"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_admins_demoting_each_other_at_once_leave_one_admin():
    first = MembershipFactory(role="admin")
    second = MembershipFactory(role="admin", organisation=first.organisation)
    outcomes = at_once(
        [
            lambda: _demote(first.user_id, second.pk),
            lambda: _demote(second.user_id, first.pk),
        ]
    )
    assert sorted(outcomes) == ["PermissionDenied", "done"]
    assert Membership.objects.filter(organisation=first.organisation, role="admin").count() == 1
