"""Households and their duty quotas, and personal calendar feeds."""

from django.db import transaction
from django.utils.translation import gettext as _

from spp.catalog.models import Enrolment
from spp.core.services import audit_record
from spp.rosters.models import CalendarFeed, Household, HouseholdMember
from spp.rosters.services.common import bad, require_manager


@transaction.atomic
def household_create(*, actor, service, name: str, monthly_quota: int, members) -> Household:
    """A household of enrolled people owing ``monthly_quota`` duties a month."""
    require_manager(actor, service)
    enrolled = set(Enrolment.objects.filter(service=service, user__in=members)
                   .values_list("user_id", flat=True))
    if any(m.pk not in enrolled for m in members):
        raise bad("members", _("Chaque membre du foyer doit être inscrit au service."))
    household = Household(service=service, name=name, monthly_quota=monthly_quota)
    household.full_clean()
    household.save()
    for member in members:
        if HouseholdMember.objects.filter(service=service, user=member).exists():
            raise bad("members", _("%(p)s appartient déjà à un foyer.") % {"p": member})
        HouseholdMember.objects.create(household=household, user=member)
    audit_record(actor=actor, action="rosters.household.create", target=household,
                 organisation=service.authority)
    return household


def calendar_feed_for(*, user) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def calendar_feed_revoke(*, user) -> CalendarFeed:
    """Replace the secret: the old address stops working at once."""
    CalendarFeed.objects.filter(user=user).delete()
    return CalendarFeed.objects.create(user=user)


def households_read(*, actor, service, month) -> None:
    """Record that ``actor`` (the service's staff) read its households and who is in them
    (docs/privacy.md: every read of household data is in the audit log)."""
    audit_record(actor=actor, action="rosters.households.read", target=service,
                 organisation=service.authority, data={"month": month.isoformat()})
