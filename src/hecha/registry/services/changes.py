"""What an import will change, per table: rows added (a key not current before), changed (a
current row with that key holds other values) and unchanged (the same values again).

Read before anything is written, from the current rows of the table in one pass; the values
are compared as text, so that a date read back from the database equals its ISO text. Each
current row is remembered by its key and a 64-bit hash of its values, not the values
themselves: a national personnel table is millions of rows.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import connection

from hecha.registry.services.tables import Table


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def count_changes(table: Table, columns: dict[str, list]) -> dict[str, int]:
    """{"added": n, "changed": n, "unchanged": n} of the clean columns against the table."""
    names = list(columns)
    total = len(next(iter(columns.values()), []))
    if not total:
        return {"added": 0, "changed": 0, "unchanged": 0}
    key_at = [names.index(k) for k in table.key]
    current: dict[tuple, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(names)} FROM {table.db_table} WHERE is_current")
        while chunk := cursor.fetchmany(10_000):
            for row in chunk:
                values = tuple(map(_text, row))
                current[tuple(values[i] for i in key_at)] = hash(values)
    added = changed = 0
    for row in zip(*columns.values(), strict=True):
        values = tuple(map(_text, row))
        before = current.get(tuple(values[i] for i in key_at))
        if before is None:
            added += 1
        elif before != hash(values):
            changed += 1
    return {"added": added, "changed": changed, "unchanged": total - added - changed}
