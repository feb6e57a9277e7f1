"""Set-based writing of checked columns: bulk insert, and supersede the rows they replace.

SQLite: `executemany` on the raw connection; PostgreSQL: `COPY ... FROM STDIN` (psycopg 3).
Replaced rows are found through a temporary table of keys, in one UPDATE per table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from itertools import islice, repeat
from typing import Any

from django.db import connection

CHUNK = 100_000
Progress = Callable[[str, int, int], None]


def _chunks(rows: Iterator[tuple], size: int = CHUNK) -> Iterator[list[tuple]]:
    while chunk := list(islice(rows, size)):
        yield chunk


def _raw_cursor() -> Any:
    connection.ensure_connection()
    return connection.connection.cursor()


def _has_current_rows(cursor: Any, db_table: str) -> bool:
    cursor.execute(f"SELECT 1 FROM {db_table} WHERE is_current LIMIT 1")
    return cursor.fetchone() is not None


def _bulk_load(
    cursor: Any, db_table: str, names: Sequence[str], rows: Iterator[tuple]
) -> Iterator[int]:
    """Write the rows, yielding the count written so far after each chunk."""
    done = 0
    if connection.vendor == "postgresql":
        with cursor.copy(f"COPY {db_table} ({', '.join(names)}) FROM STDIN") as copy:
            for chunk in _chunks(rows):
                for row in chunk:
                    copy.write_row(row)
                done += len(chunk)
                yield done
        return
    sql = f"INSERT INTO {db_table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    for chunk in _chunks(rows):
        cursor.executemany(sql, chunk)
        done += len(chunk)
        yield done


def supersede(
    *, db_table: str, key: Sequence[str], keys: Sequence[list[str]], batch_id: int
) -> int:
    """Mark the current rows with these keys as replaced by the batch; returns how many."""
    cursor = _raw_cursor()
    if not _has_current_rows(cursor, db_table):
        return 0
    cursor.execute("DROP TABLE IF EXISTS imp_keys")
    columns = ", ".join(f"{k} VARCHAR(200)" for k in key)
    cursor.execute(f"CREATE TEMPORARY TABLE imp_keys ({columns})")
    for _ in _bulk_load(cursor, "imp_keys", key, zip(*keys, strict=True)):
        pass
    if connection.vendor == "postgresql":
        cursor.execute("ANALYZE imp_keys")
    names = ", ".join(key)
    flag = "false" if connection.vendor == "postgresql" else "0"
    param = "%s" if connection.vendor == "postgresql" else "?"
    cursor.execute(
        f"UPDATE {db_table} SET is_current = {flag}, superseded_by_id = {param}"
        f" WHERE is_current AND ({names}) IN (SELECT {names} FROM imp_keys)",
        [batch_id],
    )
    replaced = cursor.rowcount
    cursor.execute("DROP TABLE imp_keys")
    return replaced


def insert(
    *,
    db_table: str,
    columns: dict[str, list],
    batch_id: int,
    label: str,
    progress: Progress | None,
) -> int:
    """Insert the columns as current rows of the batch; returns the number of rows."""
    total = len(next(iter(columns.values()), []))
    if not total:
        return 0
    names = ["batch_id", "is_current", *columns]
    rows = zip(repeat(batch_id), repeat(True), *columns.values())
    cursor = _raw_cursor()
    for done in _bulk_load(cursor, db_table, names, rows):
        if progress:
            progress(f"写入{label}", done, total)
    return total


def analyse(db_tables: Sequence[str]) -> None:
    """Fresh planner statistics after a large load (PostgreSQL; SQLite plans well without)."""
    if connection.vendor != "postgresql":
        return
    cursor = _raw_cursor()
    for db_table in db_tables:
        cursor.execute(f"ANALYZE {db_table}")
