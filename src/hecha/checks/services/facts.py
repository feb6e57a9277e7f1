"""What a run needs to know of each current registration that does not depend on the as-of
date or the standard: the birth date from the ID number, whether the same person is also
registered elsewhere, and who last paid their social insurance and for which month.

They change only when an import changes the registry, so they are kept in one table and
brought up to date for the people an import touched (incremental), not recomputed by every
run. A run then reads one narrow table instead of joining three large ones: the comparison
stays set-based and near the plain one-pass query over the files (benchmarks/check_bench.py).

The registry changes only through imports (CONTRACT.md §3; the admin is read-only), each in
a new batch: the facts record the batches they took in, and take in any other finished one
(each import does it after committing; a run does it first, so it never reads stale facts).
A person's facts change only when a batch writes or replaces one of their registrations or
their insurance record, so those people are the ones redone.
"""

from __future__ import annotations

from django.db import connection, transaction

from hecha.checks.models import FactsState

# one registration, judged by the person alone; the run adds as-of and standard
_SELECT = """
SELECT p.id, p.id_number, p.name, p.uscc, p.level, p.specialties, p.valid_until,
       substr(p.id_number, 7, 8),
       CASE WHEN x.id_number IS NULL THEN {false} ELSE {true} END,
       si.uscc, si.last_paid_month,
       CASE WHEN x.id_number IS NULL AND si.uscc = p.uscc THEN {true} ELSE {false} END
FROM registry_registeredperson p
LEFT JOIN ({elsewhere}) x ON x.id_number = p.id_number
LEFT JOIN registry_socialinsurance si ON si.id_number = p.id_number AND si.is_current
WHERE p.is_current = {true} {only}
"""
_ELSEWHERE = (
    "SELECT id_number FROM registry_registeredperson WHERE is_current {only}"
    " GROUP BY id_number HAVING COUNT(*) > 1"
)
_COLUMNS = (
    "registration_id, id_number, name, uscc, level, specialties, valid_until, birth,"
    " elsewhere, si_uscc, si_month, clean"
)


def _bools() -> dict[str, str]:
    return {"true": "TRUE", "false": "FALSE"}


def _fill(cur, column: str) -> None:
    """Insert the facts of the current registrations of chk_chunk's people (`column`
    "id_number") or enterprises ("uscc")."""
    if column == "id_number":
        people = "id_number IN (SELECT k FROM chk_chunk)"
    else:  # every registration of the people registered with these enterprises
        people = (
            "id_number IN (SELECT id_number FROM registry_registeredperson"
            " WHERE is_current AND uscc IN (SELECT k FROM chk_chunk))"
        )
    elsewhere = _ELSEWHERE.format(only=f"AND {people}")
    only = f"AND p.{column} IN (SELECT k FROM chk_chunk)"
    select = _SELECT.format(elsewhere=elsewhere, only=only, **_bools())
    # ordered by enterprise: a run reads an enterprise's people together
    cur.execute(
        f"INSERT INTO checks_registrationfact ({_COLUMNS}) {select} ORDER BY p.uscc, p.id_number"
    )


def _analyse(cur) -> None:
    cur.execute("ANALYZE checks_registrationfact")


# Facts are redone in short transactions of this many people (or, for the first build, of
# enterprises): a national refresh takes half a minute, and on SQLite a write transaction
# holds the whole file, so case work would wait for it.
CHUNK = 5_000


def _collect(cur, batches: list[int] | None) -> str:
    """Fill the temp table chk_keys with what to redo: the people these batches wrote or
    replaced a registration or insurance record of (returns "id_number"), or, for the first
    build (`batches` None), every enterprise with registrations or facts (returns "uscc")."""
    cur.execute("DROP TABLE IF EXISTS chk_keys")
    cur.execute("CREATE TEMP TABLE chk_keys (k VARCHAR(18) PRIMARY KEY)")
    if batches is None:
        cur.execute(
            "INSERT INTO chk_keys (k) SELECT uscc FROM registry_registeredperson"
            " WHERE is_current UNION SELECT uscc FROM checks_registrationfact"
        )
        return "uscc"
    marks = ", ".join(["%s"] * len(batches))
    for table in ("registry_registeredperson", "registry_socialinsurance"):
        cur.execute(
            "INSERT INTO chk_keys (k) SELECT DISTINCT t.id_number FROM "
            f"{table} t WHERE (t.batch_id IN ({marks}) OR t.superseded_by_id IN ({marks}))"
            " AND NOT EXISTS (SELECT 1 FROM chk_keys c WHERE c.k = t.id_number)",
            [*batches, *batches],
        )
    return "id_number"


def _redo_in_chunks(cur, column: str) -> None:
    """Delete and refill the facts of chk_keys' people (or enterprises), CHUNK at a time,
    each chunk in its own transaction."""
    cur.execute("DROP TABLE IF EXISTS chk_chunk")
    cur.execute("CREATE TEMP TABLE chk_chunk (k VARCHAR(18) PRIMARY KEY)")
    last = ""
    while True:
        cur.execute("DELETE FROM chk_chunk")
        cur.execute(
            "INSERT INTO chk_chunk (k) SELECT k FROM chk_keys WHERE k > %s ORDER BY k LIMIT %s",
            [last, CHUNK],
        )
        cur.execute("SELECT MAX(k) FROM chk_chunk")
        last = cur.fetchone()[0]
        if last is None:
            break
        with transaction.atomic():
            cur.execute(
                f"DELETE FROM checks_registrationfact WHERE {column} IN (SELECT k FROM chk_chunk)"
            )
            _fill(cur, column)
    cur.execute("DROP TABLE IF EXISTS chk_chunk")
    cur.execute("DROP TABLE IF EXISTS chk_keys")


def _done_batches(cur) -> list[int]:
    cur.execute("SELECT id FROM registry_importbatch WHERE status = 'done' ORDER BY id")
    return [row[0] for row in cur.fetchall()]


def refresh_facts() -> list[int]:
    """Bring the facts up to date with the registry; returns the batches they reflect.

    The first time, a full build; after that, only the people the batches not yet taken in
    touched (batches are taken in by id, not by order: two imports may commit in either
    order). The work is done in short transactions (CHUNK); each chunk deletes and refills
    its people's facts at once, so two refreshes at the same time leave the same facts.
    """
    state, _ = FactsState.objects.get_or_create(pk=1)
    with connection.cursor() as cur:
        done = _done_batches(cur)
        new = sorted(set(done) - set(state.batches))
        if state.built and not new:
            return done
        column = _collect(cur, new if state.built else None)
        _redo_in_chunks(cur, column)
        if column == "uscc":
            _analyse(cur)
        cur.execute("SELECT DISTINCT level, specialties FROM checks_registrationfact")
        held = {(level, specialties) for level, specialties in cur.fetchall()}
    with transaction.atomic():
        state = FactsState.objects.select_for_update().get(pk=1)
        state.built = True
        state.batches = sorted(set(state.batches) | set(done))
        state.held = sorted(held | {tuple(h) for h in state.held})
        state.save()
    return done
