"""Django's SQLite backend, whose ``flush`` empties the tables that refuse deletes.

The audit log is append-only: a trigger refuses every DELETE on it (``spp/core/audit_guard.py``).
On PostgreSQL, ``flush`` (an operator emptying the whole database, and the test runner between
tests that commit) runs TRUNCATE, which row triggers do not see. SQLite has no TRUNCATE: flush
runs ``DELETE FROM`` each table, which the trigger refuses. So here flush sets the database's
triggers aside, empties the tables and puts the triggers back, in one transaction — what
TRUNCATE does on PostgreSQL, and nothing more: any other DELETE still meets the trigger."""

from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteDatabaseWrapper
from django.db.backends.sqlite3.operations import DatabaseOperations as SQLiteOperations


class DatabaseOperations(SQLiteOperations):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        statements = super().sql_flush(
            style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )
        if not statements:
            return statements
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            triggers = cursor.fetchall()
        return [
            *(f"DROP TRIGGER {self.quote_name(name)};" for name, _ in triggers),
            *statements,
            *(f"{sql};" for _, sql in triggers),
        ]


class DatabaseWrapper(SQLiteDatabaseWrapper):
    ops_class = DatabaseOperations
