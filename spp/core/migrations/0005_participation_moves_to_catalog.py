"""The participation ledger moves to the catalog (issue #13: core imports nothing above it).

Only Django's idea of the model changes here: core forgets ``Participation`` and catalog 0004
declares it again over the same table, ``core_participation``, which stays as it is with its
rows, indexes and constraints. Nothing is copied or rebuilt, however long the ledger."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0004_cache_version"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Participation")],
            database_operations=[],
        ),
    ]
