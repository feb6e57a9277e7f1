"""What an import will change, per table: rows added (a key not current before), changed (a
current row with that key holds other values) and unchanged (the same values again).

Read before anything is written, from the current rows of the table in one pass; the values
are compared as text, so that a date read back from the database equals its ISO text. Each
current row is remembered by its key and a 64-bit hash of its values, not the values
themselves: a national personnel table is millions of rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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


@dataclass
class Changes:
    """One file against the current rows: its counts, and which of its rows to write — the
    added and the changed (`write[i]` is 1); an unchanged row is not written again (its
    current row stays, from the batch that last changed it)."""

    added: int = 0
    changed: int = 0
    unchanged: int = 0
    write: bytearray = field(default_factory=bytearray)

    def counts(self) -> dict[str, int]:
        return {"added": self.added, "changed": self.changed, "unchanged": self.unchanged}


def changes_of(table: Table, columns: dict[str, list]) -> Changes:
    """The clean columns against the table: what each row adds, changes or repeats.

    A row is unchanged when a current row with its key has the same values, compared through
    Python's hash of their text (SipHash with a key drawn per process, so no file can be made
    to collide with the current data on purpose)."""
    names = list(columns)
    total = len(next(iter(columns.values()), []))
    if not total:
        return Changes()
    key_at = [names.index(k) for k in table.key]
    current: dict[tuple, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(names)} FROM {table.db_table} WHERE is_current")
        while chunk := cursor.fetchmany(10_000):
            for row in chunk:
                values = tuple(map(_text, row))
                current[tuple(values[i] for i in key_at)] = hash(values)
    out = Changes(write=bytearray(total))
    for n, row in enumerate(zip(*columns.values(), strict=True)):
        values = tuple(map(_text, row))
        before = current.get(tuple(values[i] for i in key_at))
        if before is None:
            out.added += 1
        elif before != hash(values):
            out.changed += 1
        else:
            continue
        out.write[n] = 1
    out.unchanged = total - out.added - out.changed
    return out
