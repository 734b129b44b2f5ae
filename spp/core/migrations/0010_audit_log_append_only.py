"""The audit log becomes append-only in the database itself (docs/privacy.md, "Audit").

A trigger refuses every DELETE, and every UPDATE that changes what an entry records: when it
happened, what was done (``action``), to what (``target_type``, ``target_id``), by whom and for
which organisation. Two changes only go through:

- ``actor_id`` or ``organisation_id`` becoming NULL: Django's ``on_delete=SET_NULL`` when that
  person's or organisation's row is deleted (the entry stays, without the link);
- the text columns (``target_repr``, ``reason``, ``data``) rewritten together with
  ``redacted_at`` moving forward: the erasure of a person takes their name, address and phone
  out of the entries (``spp.core.services.erasure``); the entry says when.

On PostgreSQL, TRUNCATE (``manage.py flush``, emptying the whole database) is not a row event
and is left to the operator; on SQLite, ``spp.ops.sqlite`` gives flush the same meaning.
To change the rule: a new migration that drops and re-creates these triggers."""

from django.db import migrations, models

REFUSED = "le journal d''audit est en ajout seul"

POSTGRESQL = f"""
CREATE FUNCTION core_auditlogentry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION '{REFUSED} : une entrée ne se supprime pas'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.id IS DISTINCT FROM OLD.id
       OR NEW.created_at IS DISTINCT FROM OLD.created_at
       OR NEW.action IS DISTINCT FROM OLD.action
       OR NEW.target_type IS DISTINCT FROM OLD.target_type
       OR NEW.target_id IS DISTINCT FROM OLD.target_id
       OR (NEW.actor_id IS NOT NULL AND NEW.actor_id IS DISTINCT FROM OLD.actor_id)
       OR (NEW.organisation_id IS NOT NULL
           AND NEW.organisation_id IS DISTINCT FROM OLD.organisation_id)
       OR (NEW.redacted_at IS DISTINCT FROM OLD.redacted_at
           AND (NEW.redacted_at IS NULL OR NEW.redacted_at <= OLD.redacted_at))
       OR ((NEW.target_repr IS DISTINCT FROM OLD.target_repr
            OR NEW.reason IS DISTINCT FROM OLD.reason
            OR NEW.data IS DISTINCT FROM OLD.data)
           AND NEW.redacted_at IS NOT DISTINCT FROM OLD.redacted_at)
    THEN
        RAISE EXCEPTION '{REFUSED} : une entrée ne se modifie pas'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER core_auditlogentry_append_only BEFORE UPDATE OR DELETE ON core_auditlogentry
    FOR EACH ROW EXECUTE FUNCTION core_auditlogentry_append_only();
"""

POSTGRESQL_REVERSE = """
DROP TRIGGER IF EXISTS core_auditlogentry_append_only ON core_auditlogentry;
DROP FUNCTION IF EXISTS core_auditlogentry_append_only();
"""

SQLITE = [
    f"""CREATE TRIGGER core_auditlogentry_no_delete BEFORE DELETE ON core_auditlogentry
BEGIN
    SELECT RAISE(ABORT, '{REFUSED} : une entrée ne se supprime pas');
END""",
    f"""CREATE TRIGGER core_auditlogentry_no_update BEFORE UPDATE ON core_auditlogentry
WHEN NEW.id IS NOT OLD.id
    OR NEW.created_at IS NOT OLD.created_at
    OR NEW.action IS NOT OLD.action
    OR NEW.target_type IS NOT OLD.target_type
    OR NEW.target_id IS NOT OLD.target_id
    OR (NEW.actor_id IS NOT NULL AND NEW.actor_id IS NOT OLD.actor_id)
    OR (NEW.organisation_id IS NOT NULL AND NEW.organisation_id IS NOT OLD.organisation_id)
    OR (NEW.redacted_at IS NOT OLD.redacted_at
        AND (NEW.redacted_at IS NULL OR NEW.redacted_at <= OLD.redacted_at))
    OR ((NEW.target_repr IS NOT OLD.target_repr
         OR NEW.reason IS NOT OLD.reason
         OR NEW.data IS NOT OLD.data)
        AND NEW.redacted_at IS OLD.redacted_at)
BEGIN
    SELECT RAISE(ABORT, '{REFUSED} : une entrée ne se modifie pas');
END""",
]

SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS core_auditlogentry_no_delete",
    "DROP TRIGGER IF EXISTS core_auditlogentry_no_update",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor, [])
        for statement in [statements] if isinstance(statements, str) else statements:
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0009_api_tokens"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditlogentry",
            name="redacted_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="expurgée le"
            ),
        ),
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        ),
    ]
