from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_audit_index_in_journal_order"),
    ]

    operations = [
        migrations.CreateModel(
            name="CacheVersion",
            fields=[
                ("name", models.CharField(max_length=200, primary_key=True, serialize=False)),
                ("number", models.PositiveBigIntegerField(default=0)),
            ],
        ),
    ]
