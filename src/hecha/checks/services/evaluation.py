"""The set-based evaluator: DOMAIN.md's counting rules as SQL over the whole registry.

Temp tables hold the requirements and the people; one INSERT ... SELECT judges every
(person, requirement) pair with a CASE whose branches follow the standard's exclusion order,
so the policy stays data. The same SQL runs on SQLite and PostgreSQL. The plain evaluator in
`hecha.standards.evaluate` is the reference; a property test proves both agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import connection

from hecha.standards.model import Standard

TEMP_TABLES = ("chk_req", "chk_req_spec", "chk_ent", "chk_qual", "chk_person", "chk_eval")


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


def _age_cutoff(as_of: date, age_limit: int) -> str:
    # born on or before this (year, month, day) means at least `age_limit` on as_of
    return f"{as_of.year - age_limit:04d}{as_of.month:02d}{as_of.day:02d}"


def social_insurance_loaded() -> bool:
    with connection.cursor() as cur:
        cur.execute("SELECT 1 FROM registry_socialinsurance WHERE is_current LIMIT 1")
        return cur.fetchone() is not None


def _conditions(standard: Standard, si_loaded: bool) -> dict[str, str]:
    never = "1 = 0"
    return {
        "registered_elsewhere": "p.elsewhere = 1",
        "expired": "p.valid_until < %(as_of)s",
        "social_insurance_elsewhere": (
            "(p.si_uscc IS NOT NULL AND p.si_uscc <> p.uscc)" if si_loaded else never
        ),
        "social_insurance_lapsed": (
            "(p.si_month IS NULL OR p.si_month < %(si_threshold)s)" if si_loaded else never
        ),
        "over_age": "p.birth <= %(age_cutoff)s",
        "wrong_specialty": (
            "NOT ((r.level IS NULL OR p.level = r.level) AND EXISTS (SELECT 1 FROM chk_req_spec s"
            " WHERE s.rule_id = r.rule_id"
            " AND (';' || p.specialties || ';') LIKE ('%%;' || s.specialty || ';%%')))"
        ),
    }


def reason_case(standard: Standard, si_loaded: bool) -> str:
    conditions = _conditions(standard, si_loaded)
    branches = " ".join(
        f"WHEN {conditions[reason]} THEN '{reason}'" for reason in standard.policy.exclusion_order
    )
    return f"CASE {branches} ELSE NULL END"


def _create_temp_tables(cur) -> None:
    for table in TEMP_TABLES:
        cur.execute(f"DROP TABLE IF EXISTS {table}")
    cur.execute(
        "CREATE TEMP TABLE chk_req (qualification VARCHAR(60), rule_id VARCHAR(80),"
        " text VARCHAR(300), min_people INTEGER, level INTEGER, position INTEGER)"
    )
    cur.execute("CREATE TEMP TABLE chk_req_spec (rule_id VARCHAR(80), specialty VARCHAR(40))")


def _load_requirements(cur, standard: Standard) -> None:
    rows, specs = [], []
    for position, (qualification, req) in enumerate(standard.all_requirements()):
        rows.append((qualification, req.rule_id, req.text, req.min_people, req.level, position))
        specs.extend((req.rule_id, s) for s in sorted(req.specialties))
    cur.executemany("INSERT INTO chk_req VALUES (%s, %s, %s, %s, %s, %s)", rows)
    cur.executemany("INSERT INTO chk_req_spec VALUES (%s, %s)", specs)


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
    cur.execute("CREATE INDEX chk_qual_uscc ON chk_qual (uscc)")


def _select_people(cur) -> None:
    cur.execute(
        "CREATE TEMP TABLE chk_person AS"
        " SELECT p.id_number, p.name, p.uscc, p.level, p.specialties, p.valid_until,"
        " substr(p.id_number, 7, 8) AS birth,"
        " CASE WHEN p.id_number IN (SELECT x.id_number FROM registry_registeredperson x"
        "   WHERE x.is_current GROUP BY x.id_number HAVING COUNT(DISTINCT x.uscc) > 1)"
        "   THEN 1 ELSE 0 END AS elsewhere,"
        " si.uscc AS si_uscc, si.last_paid_month AS si_month"
        " FROM registry_registeredperson p"
        " LEFT JOIN registry_socialinsurance si ON si.id_number = p.id_number AND si.is_current"
        " WHERE p.is_current AND p.uscc IN (SELECT DISTINCT uscc FROM chk_qual)"
    )
    cur.execute("CREATE INDEX chk_person_uscc ON chk_person (uscc)")


def _judge(cur, standard: Standard, scope: Scope, si_loaded: bool) -> None:
    case = reason_case(standard, si_loaded)
    params = {
        "as_of": _p(scope.as_of),
        "si_threshold": _si_threshold(scope.as_of, standard.policy.social_insurance_window_months),
        "age_cutoff": _age_cutoff(scope.as_of, standard.policy.age_limit),
    }
    cur.execute(
        "CREATE TEMP TABLE chk_eval AS"
        " SELECT q.uscc, q.qualification, r.rule_id, p.id_number, p.name,"
        f" {case} AS reason"
        " FROM chk_qual q JOIN chk_req r ON r.qualification = q.qualification"
        " JOIN chk_person p ON p.uscc = q.uscc",
        params,
    )
    cur.execute("CREATE INDEX chk_eval_key ON chk_eval (uscc, rule_id)")


def evaluate(*, standard: Standard, scope: Scope, progress=None) -> bool:
    """Fill the temp tables `chk_qual`, `chk_req` and `chk_eval` for the scope.

    Returns whether social-insurance data was loaded (and so judged). Must run inside a
    transaction; the caller reads the temp tables and drops them with `drop_temp_tables`.
    """
    si_loaded = social_insurance_loaded()
    steps = [
        ("载入资质标准", lambda cur: (_create_temp_tables(cur), _load_requirements(cur, standard))),
        ("选取比对企业和资质", lambda cur: _select_population(cur, standard, scope)),
        ("选取注册人员", _select_people),
        ("逐项判定人员是否计入", lambda cur: _judge(cur, standard, scope, si_loaded)),
    ]
    with connection.cursor() as cur:
        for done, (stage, step) in enumerate(steps):
            if progress:
                progress(stage, done, len(steps) + 1)
            step(cur)
    return si_loaded


# The unmet requirements: each compared qualification's requirements with fewer distinct
# counted people than required (none counted at all included).
FINDINGS_SQL = """
SELECT q.uscc, e.name, e.district_code, q.qualification, r.rule_id, r.text, r.min_people,
       COALESCE(c.counted, 0) AS counted
FROM chk_qual q
JOIN chk_ent e ON e.uscc = q.uscc
JOIN chk_req r ON r.qualification = q.qualification
LEFT JOIN (
    SELECT uscc, rule_id, COUNT(DISTINCT id_number) AS counted
    FROM chk_eval WHERE reason IS NULL GROUP BY uscc, rule_id
) c ON c.uscc = q.uscc AND c.rule_id = r.rule_id
WHERE COALESCE(c.counted, 0) < r.min_people
"""


def drop_temp_tables() -> None:
    with connection.cursor() as cur:
        for table in TEMP_TABLES:
            cur.execute(f"DROP TABLE IF EXISTS {table}")
