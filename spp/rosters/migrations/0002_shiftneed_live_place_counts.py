"""Live places counted on each need, kept by the assignment services; the existing ones are
counted from the assignments before the constraint is checked."""

import django.db.models.expressions
from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce


def count_live_places(apps, schema_editor):
    Assignment = apps.get_model("rosters", "Assignment")
    ShiftNeed = apps.get_model("rosters", "ShiftNeed")

    def live(trainee):
        return Coalesce(Subquery(
            Assignment.objects.filter(need=OuterRef("pk"), trainee=trainee,
                                      status__in=["published", "attended"])
            .order_by().values("need").annotate(n=Count("pk")).values("n")), 0)

    ShiftNeed.objects.update(assigned_count=live(False), trainee_count=live(True))


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0003_enrolment_list_index'),
        ('rosters', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='shiftneed',
            name='assigned_count',
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name='places prises (qualifiées)'),
        ),
        migrations.AddField(
            model_name='shiftneed',
            name='trainee_count',
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name='places prises (en formation)'),
        ),
        migrations.RunPython(count_live_places, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='shiftneed',
            constraint=models.CheckConstraint(condition=models.Q(('max_count__gte', django.db.models.expressions.CombinedExpression(models.F('assigned_count'), '+', models.F('trainee_count')))), name='shift_need_places_within_max'),
        ),
    ]
