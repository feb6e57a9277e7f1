"""The set-based evaluator: DOMAIN.md's counting rules as SQL over the whole registry.

What a run needs of each registration apart from the as-of date and the standard (birth
date, also registered elsewhere, who pays the insurance and for which month) is kept in
`checks_registrationfact`, brought up to date by each import (services/facts.py). A run then
makes one pass over that narrow table: the exclusions are filters, the level and specialty
a join to a small table of which registered (level, specialties) satisfy which requirement,
and the counts are grouped per enterprise and requirement. The evidence — each person of a
flagged enterprise with the first reason, in the policy's order, that kept them out — is
written for the findings only. The same SQL runs on SQLite and PostgreSQL. The plain
evaluator in `hecha.standards.evaluate` is the reference; a property test proves both agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import connection

from hecha.checks.models import FactsState
from hecha.standards.ages import over_age_cutoff
from hecha.standards.model import Standard

TEMP_TABLES = (
    "chk_names",
    "chk_req",
    "chk_ent",
    "chk_qual",
    "chk_need",
    "chk_match",
    "chk_count",
)


@dataclass(frozen=True)
class Scope:
    as_of: date
    district_code: str | None  # None: the whole city


def _p(day: date) -> object:
    """Dates as the backend compares them: ISO text on SQLite, a date on PostgreSQL."""
    return day.isoformat() if connection.vendor == "sqlite" else day


def _si_threshold(as_of: date, window: int) -> str:
    months = as_of.year * 12 + (as_of.month - 1) - window
    return f"{months // 12:04d}-{months % 12 + 1:02d}"


def social_insurance_loaded() -> bool:
    with connection.cursor() as cur:
        cur.execute("SELECT 1 FROM registry_socialinsurance WHERE is_current LIMIT 1")
        return cur.fetchone() is not None


def _params(standard: Standard, scope: Scope) -> dict[str, object]:
    return {
        "as_of": _p(scope.as_of),
        "si_threshold": _si_threshold(scope.as_of, standard.policy.social_insurance_window_months),
        "age_cutoff": over_age_cutoff(scope.as_of, standard.policy.age_limit),
    }


def _conditions(si_loaded: bool) -> dict[str, str]:
    """Each exclusion reason as SQL over a registration fact `p` and its match `m` (the
    requirement the row is judged for; NULL when level or specialty do not fit)."""
    never = "1 = 0"
    return {
        "registered_elsewhere": "p.elsewhere",
        "expired": "p.valid_until < %(as_of)s",
        "social_insurance_elsewhere": (
            "(p.si_uscc IS NOT NULL AND p.si_uscc <> p.uscc)" if si_loaded else never
        ),
        "social_insurance_lapsed": (
            "(p.si_month IS NULL OR p.si_month < %(si_threshold)s)" if si_loaded else never
        ),
        "over_age": "p.birth <= %(age_cutoff)s",
        "wrong_specialty": "m.rule_id IS NULL",
    }


def reason_sql(standard: Standard, si_loaded: bool) -> str:
    """The first reason, in the policy's order, why a person does not count (NULL if none)."""
    conditions = _conditions(si_loaded)
    branches = " ".join(f"WHEN {conditions[r]} THEN '{r}'" for r in standard.policy.exclusion_order)
    return f"CASE {branches} ELSE NULL END"


def counts_filter(si_loaded: bool) -> str:
    """A registration counts when no reason applies (the order matters only for evidence).
    `clean`: not registered elsewhere, and insured by the enterprise it is registered with."""
    parts = ["p.valid_until >= %(as_of)s", "p.birth > %(age_cutoff)s"]
    if si_loaded:
        parts = ["p.clean", *parts, "p.si_month >= %(si_threshold)s"]
    else:
        parts = ["NOT p.elsewhere", *parts]
    return " AND ".join(parts)


def _analyse(cur, *tables: str) -> None:
    """PostgreSQL has no statistics for a new temp table (autovacuum never sees them), and
    plans a large join as if it were tiny; SQLite plans well without."""
    if connection.vendor == "postgresql":
        for table in tables:
            cur.execute(f"ANALYZE {table}")


def _index(cur, name: str, on: str) -> None:
    """SQLite joins through indexes (nested loops); PostgreSQL hashes these joins faster than
    it builds the index, so it gets none."""
    if connection.vendor != "postgresql":
        cur.execute(f"CREATE INDEX {name} ON {on}")


def _create_temp_tables(cur) -> None:
    if connection.vendor == "postgresql":
        # room to hash the joins and groupings in memory, for this run only
        cur.execute("SET LOCAL work_mem = '256MB'")
    for table in TEMP_TABLES:
        cur.execute(f"DROP TABLE IF EXISTS {table}")
    cur.execute(
        "CREATE TEMP TABLE chk_req (qualification VARCHAR(60), rule_id VARCHAR(80),"
        " text VARCHAR(300), min_people INTEGER, level INTEGER, position INTEGER,"
        " unconfirmed BOOLEAN, clause VARCHAR(300))"
    )
    cur.execute("CREATE TEMP TABLE chk_names (qualification VARCHAR(60), kind VARCHAR(20))")


def _load_requirements(cur, standard: Standard) -> None:
    rows = []
    for position, (qualification, req) in enumerate(standard.all_requirements()):
        unconfirmed = standard.unconfirmed(qualification, req)
        rows.append(
            (qualification, req.rule_id, req.text, req.min_people, req.level, position,
             unconfirmed, req.clause)
        )  # fmt: skip
    cur.executemany("INSERT INTO chk_req VALUES (%s, %s, %s, %s, %s, %s, %s, %s)", rows)
    names = [(name, standard.coverage_of(name)) for name in standard.qualifications]
    cur.executemany("INSERT INTO chk_names VALUES (%s, %s)", names)


def _select_population(cur, standard: Standard, scope: Scope) -> None:
    statuses = sorted(standard.policy.compared_business_statuses)
    marks = ", ".join(["%s"] * len(statuses))
    district = "AND e.district_code = %s" if scope.district_code else ""
    params: list[object] = [*statuses] + ([scope.district_code] if scope.district_code else [])
    cur.execute(
        "CREATE TEMP TABLE chk_ent AS SELECT e.uscc, e.name, e.district_code"
        " FROM registry_enterprise e WHERE e.is_current"
        f" AND e.business_status IN ({marks}) {district}",
        params,
    )
    cur.execute(
        "CREATE TEMP TABLE chk_qual AS SELECT q.uscc, q.name AS qualification, e.district_code"
        " FROM registry_qualification q JOIN chk_ent e ON e.uscc = q.uscc"
        " WHERE q.is_current AND q.valid_until >= %s",
        [_p(scope.as_of)],
    )
    # each requirement of each compared qualification: what is counted, and what may be short
    cur.execute(
        "CREATE TEMP TABLE chk_need AS SELECT q.uscc, r.rule_id, r.min_people FROM chk_qual q"
        " JOIN chk_req r ON r.qualification = q.qualification"
    )
    _index(cur, "chk_need_key", "chk_need (uscc, rule_id)")
    _analyse(cur, "chk_ent", "chk_qual", "chk_need")


def _match_specialties(cur, standard: Standard) -> None:
    """Which (level, specialties) registrations satisfy which requirement. Specialties are
    stored normalised, so there are few distinct values (kept with the facts): each is
    judged here once, and the count joins this small table instead of testing every pair."""
    held = FactsState.objects.filter(pk=1).values_list("held", flat=True).first() or []
    rows = [
        (level, specialties, req.rule_id)
        for level, specialties in held
        for _, req in standard.all_requirements()
        if req.accepts(level, specialties.split(";"))
    ]
    cur.execute(
        "CREATE TEMP TABLE chk_match (level INTEGER, specialties VARCHAR(200), rule_id VARCHAR(80))"
    )
    cur.executemany("INSERT INTO chk_match VALUES (%s, %s, %s)", rows)
    _index(cur, "chk_match_key", "chk_match (rule_id, level, specialties)")
    _analyse(cur, "chk_match")


def _judge(cur, standard: Standard, scope: Scope, si_loaded: bool) -> None:
    """Count, per enterprise and requirement it must meet, the people with no exclusion
    reason: the enterprise's facts, filtered, joined to the requirement by level and
    specialty. Only the requirements of qualifications the enterprise holds are counted
    (a person matches many requirements of other qualifications)."""
    if connection.vendor == "postgresql":
        # join in the written order: each enterprise's people first, then the requirement's
        # levels and specialties (the planner would match every person to every requirement
        # of every qualification first, three times the rows)
        cur.execute("SET LOCAL join_collapse_limit = 1")
    cur.execute(
        "CREATE TEMP TABLE chk_count AS"
        " SELECT n.uscc, n.rule_id, COUNT(*) AS counted"
        " FROM chk_need n"
        " JOIN checks_registrationfact p ON p.uscc = n.uscc"
        " JOIN chk_match m ON m.rule_id = n.rule_id AND m.level = p.level"
        " AND m.specialties = p.specialties"
        f" WHERE {counts_filter(si_loaded)}"
        " GROUP BY n.uscc, n.rule_id",
        _params(standard, scope),
    )
    if connection.vendor == "postgresql":
        cur.execute("RESET join_collapse_limit")
    _index(cur, "chk_count_key", "chk_count (uscc, rule_id)")
    _analyse(cur, "chk_count")


def evaluate(*, standard: Standard, scope: Scope, progress=None) -> bool:
    """Fill the temp tables (`chk_qual`, `chk_req`, `chk_count`, ...) for the scope.

    Returns whether social-insurance data was loaded (and so judged). Must run inside a
    transaction, after `refresh_facts`; the caller reads the temp tables (FINDINGS_SQL,
    evidence_sql, COVERAGE_SQL) and drops them with `drop_temp_tables`.
    """
    si_loaded = social_insurance_loaded()
    steps = [
        ("载入资质标准", lambda cur: (_create_temp_tables(cur), _load_requirements(cur, standard))),
        ("选取比对企业和资质", lambda cur: _select_population(cur, standard, scope)),
        ("按专业和等级逐项计数", lambda cur: (
            _match_specialties(cur, standard), _judge(cur, standard, scope, si_loaded))),
    ]  # fmt: skip
    with connection.cursor() as cur:
        for done, (stage, step) in enumerate(steps):
            if progress:
                progress(stage, done, len(steps) + 1)
            step(cur)
    return si_loaded


# The unmet requirements: each compared qualification's requirements with fewer counted
# people than required (none counted at all included).
FINDINGS_SQL = """
SELECT s.uscc, e.name, e.district_code, r.qualification, r.rule_id, r.text, r.min_people,
       s.counted, r.unconfirmed, r.clause
FROM (SELECT n.uscc, n.rule_id, COALESCE(c.counted, 0) AS counted
      FROM chk_need n LEFT JOIN chk_count c ON c.uscc = n.uscc AND c.rule_id = n.rule_id
      WHERE COALESCE(c.counted, 0) < n.min_people) s
JOIN chk_ent e ON e.uscc = s.uscc
JOIN chk_req r ON r.rule_id = s.rule_id
"""


def evidence_sql(standard: Standard, si_loaded: bool) -> str:
    """Every person registered with a stored finding's enterprise, with the first reason they
    did not count for that requirement ('' when they counted). Params: run, then _params."""
    return (
        "SELECT f.id, p.id_number, p.name,"
        f" COALESCE({reason_sql(standard, si_loaded)}, '')"
        " FROM checks_finding f"
        " JOIN checks_registrationfact p ON p.uscc = f.uscc"
        " LEFT JOIN chk_match m ON m.level = p.level AND m.specialties = p.specialties"
        " AND m.rule_id = f.rule_id"
        " WHERE f.run_id = %(run)s"
    )


def evidence_params(standard: Standard, scope: Scope, run_id: int) -> dict[str, object]:
    return {**_params(standard, scope), "run": run_id}


# Every compared qualification, by district, name and how it was judged: assessed, no
# personnel requirement in this version, or a name the version's catalogue does not hold.
# No silent pass. The assessed ones are split into met and unmet with UNMET_SQL.
COVERAGE_SQL = """
SELECT c.district_code, c.qualification, COALESCE(n.kind, 'unknown_name') AS kind, c.held
FROM (SELECT district_code, qualification, COUNT(*) AS held FROM chk_qual
      GROUP BY district_code, qualification) c
LEFT JOIN chk_names n ON n.qualification = c.qualification
"""

# Per district and qualification, how many enterprises have at least one finding (unmet).
UNMET_SQL = """
SELECT district_code, qualification, COUNT(DISTINCT uscc)
FROM checks_finding WHERE run_id = %s
GROUP BY district_code, qualification
"""


def drop_temp_tables() -> None:
    with connection.cursor() as cur:
        for table in TEMP_TABLES:
            cur.execute(f"DROP TABLE IF EXISTS {table}")
