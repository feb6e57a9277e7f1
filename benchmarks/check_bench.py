"""The comparison at national scale, beside a bare DuckDB query over the same CSV files.

    python benchmarks/check_bench.py [--enterprises 300000] [--databases sqlite,postgresql]

Generates the data set once (benchmarks/data/, shared with import_bench.py), imports it into
a fresh SQLite file and a fresh PostgreSQL database, then times `start_check_run` (findings
and their evidence stored) and a DuckDB query computing the same counts straight from the
CSV files. It also checks that both found exactly the same unmet requirements.
Goal (issue #3): under 15 s, and within 3x the DuckDB reference, on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
AS_OF = date(2026, 11, 24)
PG_URL = "postgresql://postgres@127.0.0.1:5432/hecha_bench_check"


def data_dir(enterprises: int) -> Path:
    folder = HERE / "data" / f"e{enterprises}"
    if not (folder / "personnel.csv").exists():
        folder.mkdir(parents=True, exist_ok=True)
        print(f"generating {enterprises} enterprises into {folder} ...", flush=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "hecha.demo.generator",
                str(folder),
                "--enterprises",
                str(enterprises),
            ],
            check=True,
        )
    return folder


def requirement_rows() -> list[tuple]:
    sys.path.insert(0, str(HERE.parent / "src"))
    from hecha.standards.loader import builtin_standards, standard_in_force

    standard = standard_in_force(builtin_standards(), AS_OF)
    assert standard is not None
    return [
        (q, r.rule_id, r.min_people, r.level or 0, s)
        for q, r in standard.all_requirements()
        for s in sorted(r.specialties)
    ]


DUCKDB_SQL = """
CREATE TABLE req AS SELECT * FROM (VALUES {values}) t(qualification, rule_id, min_people, level, specialty);
CREATE TABLE ent AS SELECT * FROM read_csv('{d}/enterprises.csv', all_varchar=true)
  WHERE coalesce(nullif(trim(business_status), ''), '存续') IN ('存续', '在业');
CREATE TABLE qual AS SELECT uscc,
  replace(replace(replace(qualification, '壹级', '一级'), '贰级', '二级'), '叁级', '三级') AS qualification
  FROM read_csv('{d}/qualifications.csv', all_varchar=true)
  WHERE CAST(valid_until AS DATE) >= DATE '{as_of}' AND uscc IN (SELECT uscc FROM ent);
CREATE TABLE reg AS SELECT id_number, uscc,
  CASE WHEN certificate_type = '一级注册建造师' THEN 1 ELSE 2 END AS level,
  string_split(regexp_replace(specialties, '[；、,]', ';', 'g'), ';') AS specs,
  CAST(valid_until AS DATE) AS valid_until, substr(id_number, 7, 8) AS birth
  FROM read_csv('{d}/personnel.csv', all_varchar=true);
CREATE TABLE si AS SELECT id_number, uscc, replace(last_paid_month, '/', '-') AS month
  FROM read_csv('{d}/social_insurance.csv', all_varchar=true);
CREATE TABLE elsewhere AS SELECT id_number FROM reg GROUP BY id_number HAVING count(DISTINCT uscc) > 1;
SELECT q.uscc, r.rule_id, r.min_people, count(DISTINCT p.id_number) FILTER (
    WHERE p.id_number NOT IN (SELECT id_number FROM elsewhere)
      AND p.valid_until >= DATE '{as_of}'
      AND s.uscc = p.uscc AND s.month >= '{si_threshold}'
      AND p.birth > '{age_cutoff}'
      AND (r.level = 0 OR p.level = r.level)
      AND list_contains(p.specs, r.specialty)
  ) AS counted
FROM qual q
JOIN (SELECT DISTINCT qualification, rule_id, min_people, level, specialty FROM req) r
  ON r.qualification = q.qualification
LEFT JOIN reg p ON p.uscc = q.uscc
LEFT JOIN si s ON s.id_number = p.id_number
GROUP BY q.uscc, r.rule_id, r.min_people
HAVING count(DISTINCT p.id_number) FILTER (
    WHERE p.id_number NOT IN (SELECT id_number FROM elsewhere)
      AND p.valid_until >= DATE '{as_of}'
      AND s.uscc = p.uscc AND s.month >= '{si_threshold}'
      AND p.birth > '{age_cutoff}'
      AND (r.level = 0 OR p.level = r.level)
      AND list_contains(p.specs, r.specialty)
  ) < r.min_people
"""


def duckdb_reference(folder: Path) -> tuple[float, set[tuple[str, str, int]]]:
    import duckdb

    values = ", ".join(
        f"('{q}', '{rid}', {m}, {lvl}, '{s}')" for q, rid, m, lvl, s in requirement_rows()
    )
    sql = DUCKDB_SQL.format(
        values=values,
        d=folder,
        as_of=AS_OF.isoformat(),
        si_threshold="2026-08",
        age_cutoff="19611124",
    )
    con = duckdb.connect()
    started = time.perf_counter()
    *setup, final = [s for s in sql.split(";\n") if s.strip()]
    for statement in setup:
        con.execute(statement)
    rows = con.execute(final).fetchall()
    elapsed = time.perf_counter() - started
    return elapsed, {(u, rid, int(c)) for u, rid, _, c in rows}


HECHA_RUN = """
import json, sys, time
from datetime import date
import django
django.setup()
from hecha.checks.models import Finding
from hecha.checks.services.runs import start_check_run
started = time.perf_counter()
run = start_check_run(user=None, as_of=date.fromisoformat(sys.argv[1]))
elapsed = time.perf_counter() - started
rows = list(Finding.objects.filter(run=run).values_list("uscc", "rule_id", "counted"))
people = sum(1 for _ in Finding.objects.filter(run=run).values_list("people__id"))
print(json.dumps({"seconds": elapsed, "findings": rows, "flagged": run.enterprises_flagged,
                  "evidence_rows": people, "compared": run.enterprises_compared}))
"""


def hecha_env(database: str, home: Path) -> dict[str, str]:
    env = dict(os.environ, HECHA_HOME=str(home), DJANGO_SETTINGS_MODULE="hecha.settings")
    if database == "postgresql":
        env["HECHA_DATABASE_URL"] = PG_URL
    else:
        env.pop("HECHA_DATABASE_URL", None)
    return env


def prepare(database: str, folder: Path) -> dict[str, str]:
    home = HERE / "data" / f"home-{database}-{folder.name}"
    marker = home / "imported"
    env = hecha_env(database, home)
    if marker.exists():
        return env
    home.mkdir(parents=True, exist_ok=True)
    if database == "postgresql":
        for sql in (
            f"DROP DATABASE IF EXISTS {PG_URL.rsplit('/', 1)[1]}",
            f"CREATE DATABASE {PG_URL.rsplit('/', 1)[1]}",
        ):
            subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", sql], check=True)
    else:
        (home / "hecha.sqlite3").unlink(missing_ok=True)
    hecha = str(Path(sys.executable).with_name("hecha"))
    subprocess.run([hecha, "init"], env=env, check=True, stdout=subprocess.DEVNULL)
    started = time.perf_counter()
    subprocess.run([hecha, "import", str(folder)], env=env, check=True, stdout=subprocess.DEVNULL)
    print(f"  imported into {database} in {time.perf_counter() - started:.1f} s", flush=True)
    marker.write_text("ok")
    return env


def hecha_check(env: dict[str, str]) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", HECHA_RUN, AS_OF.isoformat()],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=300_000)
    parser.add_argument("--databases", default="sqlite,postgresql")
    args = parser.parse_args()
    folder = data_dir(args.enterprises)
    ref_seconds, reference = duckdb_reference(folder)
    print(
        f"\nDuckDB reference (from CSV): {ref_seconds:.2f} s, {len(reference)} unmet requirements"
    )
    print(
        f"\n{'database':<11}{'compared':>10}{'flagged':>9}{'findings':>10}{'evidence':>10}"
        f"{'Hecha s':>9}{'DuckDB s':>10}{'ratio':>7}  same findings"
    )
    for database in args.databases.split(","):
        result = hecha_check(prepare(database, folder))
        found = {(u, r, c) for u, r, c in result["findings"]}
        print(
            f"{database:<11}{result['compared']:>10}{result['flagged']:>9}{len(found):>10}"
            f"{result['evidence_rows']:>10}{result['seconds']:>9.2f}{ref_seconds:>10.2f}"
            f"{result['seconds'] / ref_seconds:>7.2f}  {found == reference}"
        )
        if found != reference:
            print(f"  only Hecha: {sorted(found - reference)[:5]}")
            print(f"  only DuckDB: {sorted(reference - found)[:5]}")
    print("\ngoal: under 15 s and within 3x DuckDB on a 2-core machine")
    return 0


if __name__ == "__main__":
    sys.exit(main())
