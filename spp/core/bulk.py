"""Fast bulk inserts for the scale generators (``spp/<app>/scale.py`` may use them too).

On PostgreSQL rows go through ``COPY … FROM STDIN`` (psycopg's copy), an order of magnitude
faster than INSERTs; elsewhere (SQLite) through ``bulk_create`` in batches. Rows are tuples in
the order of ``fields`` (model attribute names such as ``user_id``); primary keys come from
the database's own sequence, so ordinary inserts keep working afterwards."""

import json
from collections.abc import Iterable
from itertools import islice

from django.db import connection, transaction

BATCH = 5_000


def chunks(rows: Iterable, size: int = BATCH):
    """Yield lists of at most ``size`` items (itertools.batched arrived in Python 3.12)."""
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def _copy_value(value):
    if isinstance(value, dict | list):
        return json.dumps(value)
    return value


def bulk_insert(model, fields: list[str], rows: Iterable[tuple]) -> int:
    """Insert ``rows`` into ``model``'s table; return how many were written."""
    written = 0
    if connection.vendor == "postgresql":
        columns = ", ".join(connection.ops.quote_name(model._meta.get_field(name).column)
                            for name in fields)
        table = connection.ops.quote_name(model._meta.db_table)
        with transaction.atomic(), connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([_copy_value(value) for value in row])
                    written += 1
        return written
    for batch in chunks(rows):
        with transaction.atomic():
            model.objects.bulk_create([model(**dict(zip(fields, row, strict=True)))
                                       for row in batch], batch_size=1_000)
        written += len(batch)
    return written
