"""The set-based evaluator: DOMAIN.md's counting rules as SQL over the whole registry.

Temp tables hold the requirements, the compared enterprises and qualifications, and the
people. The reasons that depend on the person alone are judged once per registration, with
CASE branches in the standard's exclusion order (so the policy stays data); the one reason
that depends on the requirement (level and specialty) is a join to a small table of which
registered specialties satisfy which requirement. Counts are grouped without materialising
every (person, requirement) pair; the evidence is written for the findings only. The same
SQL runs on SQLite and PostgreSQL. The plain evaluator in `hecha.standards.evaluate` is the
reference; a property test proves both agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import connection

from hecha.standards.ages import over_age_cutoff
from hecha.standards.model import Standard

TEMP_TABLES = (
    "chk_names",
    "chk_req",
    "chk_req_spec",
    "chk_ent",
    "chk_qual",
    "chk_elsewhere",
    "chk_person",
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


def _person_conditions(si_loaded: bool) -> dict[str, str]:
    """The exclusion reasons that depend on the person alone, as SQL over chk_person's source
    columns (p: the registration, si: the person's social insurance)."""
    never = "1 = 0"
    return {
        "registered_elsewhere": "x.id_number IS NOT NULL",
        "expired": "p.valid_until < %(as_of)s",
        "social_insurance_elsewhere": (
            "(si.uscc IS NOT NULL AND si.uscc <> p.uscc)" if si_loaded else never
        ),
        "social_insurance_lapsed": (
            "(si.last_paid_month IS NULL OR si.last_paid_month < %(si_threshold)s)"
            if si_loaded
            else never
        ),
        "over_age": "substr(p.id_number, 7, 8) <= %(age_cutoff)s",
    }


def _split_order(standard: Standard) -> tuple[list[str], list[str]]:
    """The person-level reasons before and after `wrong_specialty` in the policy's order:
    the one reason that depends on the requirement sits between them."""
    order = list(standard.policy.exclusion_order)
    cut = order.index("wrong_specialty") if "wrong_specialty" in order else len(order)
    return order[:cut], order[cut + 1 :]


def _case(reasons: list[str], conditions: dict[str, str]) -> str:
    if not reasons:
        return "NULL"
    branches = " ".join(f"WHEN {conditions[r]} THEN '{r}'" for r in reasons)
    return f"CASE {branches} ELSE NULL END"


# A registration's reason for one requirement: the first person-level reason before
# wrong_specialty, else wrong_specialty if no match, else the first one after it.
PAIR_REASON = (
    "COALESCE(p.excluded_before, CASE WHEN m.rule_id IS NULL THEN 'wrong_specialty' END,"
    " p.excluded_after)"
)


def _analyse(cur, *tables: str) -> None:
    """PostgreSQL has no statistics for a new temp table (autovacuum never sees them), and
    plans a million-row join as if it were tiny; SQLite plans well without."""
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
        # room to hash the million-row joins and groupings in memory, for this run only
        cur.execute("SET LOCAL work_mem = '256MB'")
    for table in TEMP_TABLES:
        cur.execute(f"DROP TABLE IF EXISTS {table}")
    cur.execute(
        "CREATE TEMP TABLE chk_req (qualification VARCHAR(60), rule_id VARCHAR(80),"
        " text VARCHAR(300), min_people INTEGER, level INTEGER, position INTEGER,"
        " unconfirmed BOOLEAN, clause VARCHAR(300))"
    )
    cur.execute("CREATE TEMP TABLE chk_names (qualification VARCHAR(60), kind VARCHAR(20))")
    cur.execute("CREATE TEMP TABLE chk_req_spec (rule_id VARCHAR(80), specialty VARCHAR(40))")


def _load_requirements(cur, standard: Standard) -> None:
    rows, specs = [], []
    for position, (qualification, req) in enumerate(standard.all_requirements()):
        unconfirmed = standard.unconfirmed(qualification, req)
        rows.append(
            (qualification, req.rule_id, req.text, req.min_people, req.level, position,
             unconfirmed, req.clause)
        )  # fmt: skip
        specs.extend((req.rule_id, s) for s in sorted(req.specialties))
    cur.executemany("INSERT INTO chk_req VALUES (%s, %s, %s, %s, %s, %s, %s, %s)", rows)
    cur.executemany("INSERT INTO chk_req_spec VALUES (%s, %s)", specs)
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
        "CREATE TEMP TABLE chk_qual AS SELECT q.uscc, q.name AS qualification"
        " FROM registry_qualification q JOIN chk_ent e ON e.uscc = q.uscc"
        " WHERE q.is_current AND q.valid_until >= %s",
        [_p(scope.as_of)],
    )
    _index(cur, "chk_qual_uscc", "chk_qual (uscc)")
    _analyse(cur, "chk_ent", "chk_qual")


def _select_people(cur, standard: Standard, scope: Scope, si_loaded: bool) -> None:
    """One row per current registration with an enterprise compared, with its person-level
    exclusion reasons already judged (once per person, not once per requirement)."""
    conditions = _person_conditions(si_loaded)
    before, after = _split_order(standard)
    params = {
        "as_of": _p(scope.as_of),
        "si_threshold": _si_threshold(scope.as_of, standard.policy.social_insurance_window_months),
        "age_cutoff": over_age_cutoff(scope.as_of, standard.policy.age_limit),
    }
    # current registrations are unique per (person, enterprise): more than one is elsewhere too
    cur.execute(
        "CREATE TEMP TABLE chk_elsewhere AS SELECT id_number FROM registry_registeredperson"
        " WHERE is_current GROUP BY id_number HAVING COUNT(*) > 1"
    )
    _index(cur, "chk_elsewhere_id", "chk_elsewhere (id_number)")
    _analyse(cur, "chk_elsewhere")
    cur.execute(
        "CREATE TEMP TABLE chk_person AS"
        " SELECT p.id_number, p.name, p.uscc, p.level, p.specialties,"
        f" {_case(before, conditions)} AS excluded_before,"
        f" {_case(after, conditions)} AS excluded_after"
        " FROM registry_registeredperson p"
        " JOIN (SELECT DISTINCT uscc FROM chk_qual) q ON q.uscc = p.uscc"
        " LEFT JOIN chk_elsewhere x ON x.id_number = p.id_number"
        " LEFT JOIN registry_socialinsurance si ON si.id_number = p.id_number AND si.is_current"
        # `= TRUE`, not the bare column: SQLite would read the table through the partial
        # index of current rows, twice as slow as scanning it
        " WHERE p.is_current = TRUE",
        params,
    )
    _index(cur, "chk_person_uscc", "chk_person (uscc)")
    _analyse(cur, "chk_person")


def _match_specialties(cur, standard: Standard) -> None:
    """Which (level, specialties) registrations satisfy which requirement. Specialties are
    stored normalised, so there are few distinct values: they are judged here once each,
    and the judgement joins this small table instead of testing every pair."""
    cur.execute("SELECT DISTINCT level, specialties FROM chk_person")
    held = cur.fetchall()
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
    _analyse(cur, "chk_match")


def _judge(cur) -> None:
    """Count, per enterprise and requirement, the people with no exclusion reason."""
    cur.execute(
        "CREATE TEMP TABLE chk_count AS"
        " SELECT p.uscc, m.rule_id, COUNT(*) AS counted"
        " FROM chk_person p JOIN chk_match m"
        " ON m.level = p.level AND m.specialties = p.specialties"
        " WHERE p.excluded_before IS NULL AND p.excluded_after IS NULL"
        " GROUP BY p.uscc, m.rule_id"
    )
    _index(cur, "chk_count_key", "chk_count (uscc, rule_id)")


def evaluate(*, standard: Standard, scope: Scope, progress=None) -> bool:
    """Fill the temp tables (`chk_qual`, `chk_req`, `chk_person`, `chk_count`, ...) for the scope.

    Returns whether social-insurance data was loaded (and so judged). Must run inside a
    transaction; the caller reads the temp tables and drops them with `drop_temp_tables`.
    """
    si_loaded = social_insurance_loaded()
    steps = [
        ("载入资质标准", lambda cur: (_create_temp_tables(cur), _load_requirements(cur, standard))),
        ("选取比对企业和资质", lambda cur: _select_population(cur, standard, scope)),
        ("判定注册人员", lambda cur: _select_people(cur, standard, scope, si_loaded)),
        ("按专业和等级逐项计数", lambda cur: (_match_specialties(cur, standard), _judge(cur))),
    ]
    with connection.cursor() as cur:
        for done, (stage, step) in enumerate(steps):
            if progress:
                progress(stage, done, len(steps) + 1)
            step(cur)
    return si_loaded


# The unmet requirements: each compared qualification's requirements with fewer counted
# people than required (none counted at all included).
FINDINGS_SQL = """
SELECT q.uscc, e.name, e.district_code, q.qualification, r.rule_id, r.text, r.min_people,
       COALESCE(c.counted, 0) AS counted, r.unconfirmed, r.clause
FROM chk_qual q
JOIN chk_ent e ON e.uscc = q.uscc
JOIN chk_req r ON r.qualification = q.qualification
LEFT JOIN chk_count c ON c.uscc = q.uscc AND c.rule_id = r.rule_id
WHERE COALESCE(c.counted, 0) < r.min_people
"""

# The evidence of stored findings: every person registered with the enterprise, with the
# reason they did not count for that requirement ('' when they counted).
EVIDENCE_SQL = f"""
SELECT f.id, p.id_number, p.name, COALESCE({PAIR_REASON}, '')
FROM checks_finding f
JOIN chk_person p ON p.uscc = f.uscc
LEFT JOIN chk_match m ON m.level = p.level AND m.specialties = p.specialties
    AND m.rule_id = f.rule_id
WHERE f.run_id = %s
"""


# Every compared qualification, by district, name and how it was judged: assessed, no
# personnel requirement in this version, or a name the version's catalogue does not hold.
# No silent pass. The assessed ones are split into met and unmet with UNMET_SQL.
COVERAGE_SQL = """
SELECT e.district_code, q.qualification, COALESCE(n.kind, 'unknown_name') AS kind, COUNT(*)
FROM chk_qual q
JOIN chk_ent e ON e.uscc = q.uscc
LEFT JOIN chk_names n ON n.qualification = q.qualification
GROUP BY e.district_code, q.qualification, COALESCE(n.kind, 'unknown_name')
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
