from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery


def count_unread_notifications(apps, schema_editor):
    """Start each person's counter from their inbox; the notification services keep it after."""
    User = apps.get_model("core", "User")
    Notification = apps.get_model("core", "Notification")
    unread = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(total=Count("pk"))
        .values("total")
    )
    with_unread = Notification.objects.filter(read_at__isnull=True).values("recipient")
    User.objects.filter(pk__in=with_unread).update(unread_notification_count=Subquery(unread))


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_participation_moves_to_catalog"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="unread_notification_count",
            field=models.PositiveIntegerField(
                default=0, db_default=0, editable=False, verbose_name="notifications non lues"
            ),
        ),
        migrations.RunPython(count_unread_notifications, migrations.RunPython.noop),
    ]
