"""PostgreSQL only: a GIN index over the French full-text vector of proposals' title and body.

The expression is exactly the one Django's SearchVector("title", "body", config="french")
produces (see selectors.proposal_search), so the planner uses it. On SQLite nothing is done:
search there is a plain substring match."""

from django.db import migrations

INDEX = "proposal_search_fr_idx"
CREATE = (
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON consultations_proposal USING gin ("
    "(to_tsvector('french'::regconfig, COALESCE(\"title\", '') || ' ' || COALESCE(\"body\", ''))))"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("consultations", "0001_initial")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
