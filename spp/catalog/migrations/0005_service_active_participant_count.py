"""Each service keeps its number of active participants (``Service.active_participant_count``),
moved by the enrolment services in their transaction, so that the public pages no longer
count every active enrolment. The number starts from a count of the existing rows."""

from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def count_the_active_enrolments(apps, schema_editor):
    Service = apps.get_model("catalog", "Service")
    Enrolment = apps.get_model("catalog", "Enrolment")
    Service.objects.update(
        active_participant_count=Coalesce(
            Subquery(
                Enrolment.objects.filter(service=OuterRef("pk"), status="active")
                .order_by()
                .values("service")
                .annotate(count=Count("*"))
                .values("count")
            ),
            Value(0),
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0004_participation_from_core"),
    ]

    operations = [
        migrations.AddField(
            model_name="service",
            name="active_participant_count",
            field=models.PositiveIntegerField(
                default=0,
                editable=False,
                help_text="Tenu à jour à chaque changement d’état d’une inscription.",
                verbose_name="participants actifs",
            ),
        ),
        migrations.RunPython(count_the_active_enrolments, migrations.RunPython.noop),
    ]
