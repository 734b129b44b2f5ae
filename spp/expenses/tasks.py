"""Background work of the expenses app, run through Django's Tasks API."""

from django.utils import timezone
from django_tasks import task


@task()
def payment_export_notify(export_id: int) -> None:
    """Tell each claimant of an export that their claims were put in payment. Idempotent: the
    export is claimed for notifying with one UPDATE, so a retried run tells nobody twice."""
    from spp.expenses.models import PaymentExport
    from spp.expenses.services.payments import payment_export_notify_claimants

    claimed = PaymentExport.objects.filter(pk=export_id, claimants_notified_at__isnull=True
                                           ).update(claimants_notified_at=timezone.now())
    if claimed:
        payment_export_notify_claimants(PaymentExport.objects.select_related("service")
                                        .get(pk=export_id))
