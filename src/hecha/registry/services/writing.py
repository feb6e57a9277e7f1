"""Set-based writing of checked columns: bulk insert, and supersede the rows they replace.

SQLite: `executemany` on the raw connection; PostgreSQL: `COPY ... FROM STDIN` (psycopg 3).

An import never holds the database for long (SQLite has one write lock for the whole file,
and case work must not wait behind a national import): its rows are written *staged* — not
current, and marked superseded by their own batch, so that no reader, current or as of an
earlier batch, sees them — in short transactions of STAGE_CHUNK rows. Then one transaction
makes the batch current: the rows it replaces are marked superseded and the staged rows
current, two UPDATEs per table. A batch that fails before that is discarded row by row, in
short transactions too; nothing current changed.

PostgreSQL locks rows, not the database, so there an import is one transaction instead: the
rows it replaces are marked superseded by key, and its rows are copied in current at once —
written once, not staged and then rewritten by the switch (MVCC writes every updated row
anew); a failure rolls it all back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from itertools import islice, repeat
from typing import Any

from django.db import connection, transaction

CHUNK = 100_000
# rows per short write transaction: a few hundredths of a second on SQLite
STAGE_CHUNK = 5_000
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


def analyse(db_tables: Sequence[str]) -> None:
    """Fresh planner statistics after a large load (PostgreSQL; SQLite plans well without)."""
    if connection.vendor != "postgresql":
        return
    cursor = _raw_cursor()
    for db_table in db_tables:
        cursor.execute(f"ANALYZE {db_table}")


def _params() -> tuple[str, str, str]:
    if connection.vendor == "postgresql":
        return "false", "true", "%s"
    return "0", "1", "?"


def stage(
    *,
    db_table: str,
    columns: dict[str, list],
    batch_id: int,
    label: str,
    progress: Progress | None,
    current: bool = False,
) -> int:
    """Write the columns as staged rows of the batch, STAGE_CHUNK rows per transaction;
    returns the number of rows. Staged rows are invisible until `make_current`; with
    `current` (PostgreSQL, inside the caller's one transaction, after `supersede`) they are
    written current at once."""
    total = len(next(iter(columns.values()), []))
    names = ["batch_id", "is_current", "superseded_by_id", *columns]
    superseded_by = None if current else batch_id
    rows = zip(repeat(batch_id), repeat(current), repeat(superseded_by), *columns.values())
    done = 0
    for chunk in _chunks(rows, STAGE_CHUNK):
        with transaction.atomic():
            for _ in _bulk_load(_raw_cursor(), db_table, names, iter(chunk)):
                pass
        done += len(chunk)
        if progress:
            progress(f"写入{label}", done, total)
    return total


def make_current(*, db_table: str, key: Sequence[str], batch_id: int) -> int:
    """Within the caller's transaction: mark the current rows that the batch's staged rows
    replace as superseded, then the staged rows current; returns how many were replaced."""
    false, true, param = _params()
    names = ", ".join(key)
    cursor = _raw_cursor()
    replaced = 0
    if _has_current_rows(cursor, db_table):
        cursor.execute(
            f"UPDATE {db_table} SET is_current = {false}, superseded_by_id = {param}"
            f" WHERE is_current AND ({names}) IN"
            f" (SELECT {names} FROM {db_table} WHERE batch_id = {param})",
            [batch_id, batch_id],
        )
        replaced = cursor.rowcount
    cursor.execute(
        f"UPDATE {db_table} SET is_current = {true}, superseded_by_id = NULL"
        f" WHERE batch_id = {param}",
        [batch_id],
    )
    return replaced


def supersede(*, db_table: str, key: Sequence[str], keys: dict[str, list], batch_id: int) -> int:
    """PostgreSQL, within the caller's transaction: mark superseded by the batch the current
    rows whose key is among `keys` (key column -> values); returns how many."""
    cursor = _raw_cursor()
    if not _has_current_rows(cursor, db_table) or not next(iter(keys.values()), []):
        return 0
    names = ", ".join(key)
    arrays = ", ".join(["%s::text[]"] * len(key))
    cursor.execute(
        f"UPDATE {db_table} SET is_current = false, superseded_by_id = %s"
        f" WHERE is_current AND ({names}) IN (SELECT * FROM unnest({arrays}))",
        [batch_id, *([str(v) for v in keys[k]] for k in key)],
    )
    return cursor.rowcount


def discard(*, db_table: str, batch_id: int) -> int:
    """Delete a failed batch's staged rows, STAGE_CHUNK per transaction; returns how many."""
    _, _, param = _params()
    removed = 0
    while True:
        with transaction.atomic():
            cursor = _raw_cursor()
            cursor.execute(
                f"DELETE FROM {db_table} WHERE id IN (SELECT id FROM {db_table}"
                f" WHERE batch_id = {param} AND NOT is_current LIMIT {STAGE_CHUNK})",
                [batch_id],
            )
            if cursor.rowcount <= 0:
                return removed
            removed += cursor.rowcount
