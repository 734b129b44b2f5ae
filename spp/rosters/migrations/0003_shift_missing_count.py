"""Places missing counted on each shift, kept by the writes on its needs (services/common.py);
the existing shifts are counted from their needs."""

from django.db import migrations, models
from django.db.models import F, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce, Greatest


def count_missing_places(apps, schema_editor):
    Shift = apps.get_model("rosters", "Shift")
    ShiftNeed = apps.get_model("rosters", "ShiftNeed")
    missing = Coalesce(Subquery(
        ShiftNeed.objects.filter(shift=OuterRef("pk"), escalation__isnull=True).order_by()
        .values("shift").annotate(n=Sum(Greatest(F("min_count") - F("assigned_count"), 0)))
        .values("n")), 0)
    Shift.objects.update(missing_count=missing)


class Migration(migrations.Migration):

    dependencies = [
        ('rosters', '0002_shiftneed_live_place_counts'),
    ]

    operations = [
        migrations.AddField(
            model_name='shift',
            name='missing_count',
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name='places manquantes'),
        ),
        migrations.RunPython(count_missing_places, migrations.RunPython.noop),
    ]
