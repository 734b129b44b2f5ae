"""Each service keeps its numbers of active participants and of pending requests
(``Service.active_participant_count``, ``pending_enrolment_count``), moved by the enrolment
services in their transaction, so that the public pages and the back office no longer count
enrolments. The numbers start from a count of the existing rows."""

from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def count_the_enrolments(apps, schema_editor):
    Service = apps.get_model("catalog", "Service")
    Enrolment = apps.get_model("catalog", "Enrolment")
    Service.objects.update(**{
        field: Coalesce(
            Subquery(
                Enrolment.objects.filter(service=OuterRef("pk"), status=status)
                .order_by()
                .values("service")
                .annotate(count=Count("*"))
                .values("count")
            ),
            Value(0),
        )
        for status, field in [("active", "active_participant_count"),
                              ("pending", "pending_enrolment_count")]
    })


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
        migrations.AddField(
            model_name="service",
            name="pending_enrolment_count",
            field=models.PositiveIntegerField(
                default=0,
                editable=False,
                help_text="Tenu à jour à chaque changement d’état d’une inscription.",
                verbose_name="demandes d’inscription en attente",
            ),
        ),
        migrations.RunPython(count_the_enrolments, migrations.RunPython.noop),
    ]
