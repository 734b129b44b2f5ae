"""A stored full-text vector for proposals (French, title and body), GIN-indexed, replacing the
expression index of 0002: a search then tests a stored vector instead of parsing every text it
reads again.

PostgreSQL only for the trigger, the backfill and the index: the trigger fills the column on
every insert (the ORM, bulk_create, COPY alike) and when title or body change, so support and
comment counts (``UPDATE … SET support_count = …``) never recompute it. On SQLite the column
exists and stays NULL (search is a substring match there)."""

import django.contrib.postgres.search
from django.db import migrations

TABLE = "consultations_proposal"
FUNCTION = "consultations_proposal_search_vector"
TRIGGER = "consultations_proposal_search_vector_trg"
INDEX = "proposal_search_vector_idx"
VECTOR = ("setweight(to_tsvector('french'::regconfig, COALESCE(NEW.title, '')), 'A') || "
          "setweight(to_tsvector('french'::regconfig, COALESCE(NEW.body, '')), 'B')")

FORWARD = [
    f"""CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN NEW.search_vector := {VECTOR}; RETURN NEW; END $$""",
    f"DROP TRIGGER IF EXISTS {TRIGGER} ON {TABLE}",
    f"""CREATE TRIGGER {TRIGGER} BEFORE INSERT OR UPDATE OF title, body ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()""",
    # The index before the backfill: built after an UPDATE in the same transaction, it would
    # stay unusable while any older transaction runs on the server (pg_index.indcheckxmin).
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON {TABLE} USING gin (search_vector)",
    f"UPDATE {TABLE} SET title = title",  # fires the trigger once for the existing rows
    "DROP INDEX IF EXISTS proposal_search_fr_idx",
    f"ANALYZE {TABLE}",
]

BACKWARD = [
    f"DROP TRIGGER IF EXISTS {TRIGGER} ON {TABLE}",
    f"DROP FUNCTION IF EXISTS {FUNCTION}()",
    f"DROP INDEX IF EXISTS {INDEX}",
    # 0002's expression index, as it was.
    f"""CREATE INDEX IF NOT EXISTS proposal_search_fr_idx ON {TABLE} USING gin ((to_tsvector(
        'french'::regconfig, COALESCE("title", '') || ' ' || COALESCE("body", ''))))""",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("consultations", "0002_proposal_search_index")]
    operations = [
        migrations.AddField(
            model_name="proposal",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create, drop, elidable=False),
    ]
