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


def _fill(cur, only: str = "") -> None:
    """Insert the facts of the current registrations (those of `only`'s people, or all)."""
    elsewhere = _ELSEWHERE.format(only=only.replace("p.id_number", "id_number"))
    select = _SELECT.format(elsewhere=elsewhere, only=only, **_bools())
    # ordered by enterprise: a run reads an enterprise's people together
    cur.execute(
        f"INSERT INTO checks_registrationfact ({_COLUMNS}) {select} ORDER BY p.uscc, p.id_number"
    )


def _analyse(cur) -> None:
    cur.execute("ANALYZE checks_registrationfact")


def _rebuild(cur) -> None:
    cur.execute("DELETE FROM checks_registrationfact")
    _fill(cur)
    _analyse(cur)


def _touched(cur, batches: list[int]) -> int:
    """Collect in a temp table the people whose registrations or insurance these batches
    wrote or replaced; returns how many."""
    cur.execute("DROP TABLE IF EXISTS chk_touched")
    cur.execute("CREATE TEMP TABLE chk_touched (id_number VARCHAR(18) PRIMARY KEY)")
    marks = ", ".join(["%s"] * len(batches))
    for table in ("registry_registeredperson", "registry_socialinsurance"):
        cur.execute(
            "INSERT INTO chk_touched (id_number) SELECT DISTINCT t.id_number FROM "
            f"{table} t WHERE (t.batch_id IN ({marks}) OR t.superseded_by_id IN ({marks}))"
            " AND NOT EXISTS (SELECT 1 FROM chk_touched c WHERE c.id_number = t.id_number)",
            [*batches, *batches],
        )
    cur.execute("SELECT COUNT(*) FROM chk_touched")
    return cur.fetchone()[0]


def _update(cur, batches: list[int]) -> None:
    touched = _touched(cur, batches)
    if touched:
        cur.execute(
            "DELETE FROM checks_registrationfact WHERE id_number IN"
            " (SELECT id_number FROM chk_touched)"
        )
        _fill(cur, only="AND p.id_number IN (SELECT id_number FROM chk_touched)")
    cur.execute("DROP TABLE IF EXISTS chk_touched")


def _done_batches(cur) -> list[int]:
    cur.execute("SELECT id FROM registry_importbatch WHERE status = 'done' ORDER BY id")
    return [row[0] for row in cur.fetchall()]


def refresh_facts() -> list[int]:
    """Bring the facts up to date with the registry; returns the batches they reflect.

    The first time, a full rebuild; after that, only the people the batches not yet taken
    in touched (batches are taken in by id, not by order: two imports may commit in either
    order). Concurrent refreshes wait for each other (row lock).
    """
    with transaction.atomic():
        state, _ = FactsState.objects.select_for_update().get_or_create(pk=1)
        with connection.cursor() as cur:
            done = _done_batches(cur)
            new = sorted(set(done) - set(state.batches))
            if state.built and not new:
                return done
            if not state.built:
                _rebuild(cur)
            else:
                _update(cur, new)
            cur.execute("SELECT DISTINCT level, specialties FROM checks_registrationfact")
            held = {(level, specialties) for level, specialties in cur.fetchall()}
        state.built, state.batches = True, done
        state.held = sorted(held | {tuple(h) for h in state.held})
        state.save()
    return done
