"""What erasing a person (``spp.core.services.user_erase``) does to the reports app's rows.
Called through ``ReportsConfig.personal_data_erase`` (``spp.core.personal_data``).

A report serves the public (the anomaly is still there, others supported it): it stays, with
its text, position and photos, without its author — no account, no address, dated
``reporter_erased_at`` — including those filed without an account with one of the person's
addresses. Their supports and confirmations are deleted (each report keeps its count of
supports, a figure the public saw), as are reports still waiting for the email confirmation
of one of their addresses. Reports assigned to them as an agent go back to the queue."""

from django.db.models import Q
from django.utils import timezone

from spp.reports.models import Confirmation, PendingReport, Report, Supporter


def _any_address(field: str, addresses: list[str]) -> Q:
    query = Q(pk__in=[])
    for address in addresses:
        query |= Q(**{f"{field}__iexact": address})
    return query


def personal_data_erase(user) -> None:
    addresses = [user.email, *user.emailaddress_set.values_list("email", flat=True)]
    Report.objects.filter(Q(reporter=user) | _any_address("reporter_email", addresses)).update(
        reporter=None, reporter_email="", reporter_erased_at=timezone.now()
    )
    Report.objects.filter(assignee=user).update(assignee=None)
    Supporter.objects.filter(Q(user=user) | _any_address("email", addresses)).delete()
    Confirmation.objects.filter(user=user).delete()
    PendingReport.objects.filter(_any_address("email", addresses)).delete()
