"""Sessions that know whose they are (``spp/core/sessions.py``), so erasing a person ends them.
The sessions of Django's own table are not carried over: everyone signs in again once."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0010_audit_log_append_only"),
    ]

    operations = [
        migrations.CreateModel(
            name="PersonSession",
            fields=[
                ("session_key", models.CharField(max_length=40, primary_key=True, serialize=False,
                                                 verbose_name="session key")),
                ("session_data", models.TextField(verbose_name="session data")),
                ("expire_date", models.DateTimeField(db_index=True, verbose_name="expire date")),
                ("user_id", models.BigIntegerField(blank=True, db_index=True, editable=False,
                                                   null=True)),
            ],
            options={
                "verbose_name": "session",
                "verbose_name_plural": "sessions",
                "abstract": False,
            },
        ),
    ]
