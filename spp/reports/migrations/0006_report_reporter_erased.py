"""A report whose author is erased stays, for the public, without its author."""

from django.db import migrations, models
from django.db.models import Q


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0005_assignee_events_confirmation"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="reporter_erased_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RemoveConstraint(model_name="report", name="report_has_reporter"),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.CheckConstraint(
                condition=Q(reporter__isnull=False) | ~Q(reporter_email="") | ~Q(source="web")
                | Q(reporter_erased_at__isnull=False),
                name="report_has_reporter",
            ),
        ),
    ]
