"""The comparison at national scale, beside a bare DuckDB query over the same CSV files.

    python benchmarks/check_bench.py [--enterprises 300000] [--databases sqlite,postgresql]

Generates the data set once (benchmarks/data/, shared with import_bench.py), imports it into
a fresh SQLite file and a fresh PostgreSQL database, then times `start_check_run` (findings
and their evidence stored) and a DuckDB query computing the same counts straight from the
CSV files. It also checks that both found exactly the same unmet requirements.
The reference is the plain way to the same answer: one DuckDB query over the CSV files,
reading included (counted people per enterprise, requirement and specialty; the exclusions as
filters). Goal (issues #3, #12): under 15 s, and within 3x that reference, on a 2-core machine.
BENCH_DATA moves the data folder, BENCH_PG_URL the PostgreSQL database (dropped and created).
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
PG_URL = os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/hecha_bench_check")


def data_dir(enterprises: int) -> Path:
    folder = Path(os.environ.get("BENCH_DATA", HERE / "data")) / f"e{enterprises}"
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


def requirement_rows(version: str | None) -> list[tuple]:
    """(qualification, rule_id, min_people, level or 0, specialty) of the standard used; a
    requirement for any specialty is spelled out over every specialty (an equi-join)."""
    sys.path.insert(0, str(HERE.parent / "src"))
    from hecha.standards.loader import builtin_standards, standard_in_force
    from hecha.standards.qualifications import catalogue

    standards = builtin_standards()
    standard = (
        {s.version: s for s in standards}[version]
        if version
        else standard_in_force(standards, AS_OF)
    )
    assert standard is not None
    every = sorted(set(catalogue().specialties[1]) | set(catalogue().specialties[2]))
    return [
        (q, r.rule_id, r.min_people, r.level or 0, s)
        for q, r in standard.all_requirements()
        for s in (every if r.any_specialty else sorted(r.specialties))
    ]


# The plain way to get the same findings: one pass over the CSV files, reading included.
# Counted people per enterprise, requirement and specialty; the exclusions are filters.
DUCKDB_SQL = """
WITH
ent AS (
  SELECT uscc FROM read_csv('{d}/enterprises.csv', all_varchar=true)
  WHERE coalesce(nullif(trim(business_status), ''), '存续') IN ('存续', '在业')),
qual AS (
  SELECT DISTINCT uscc, replace(replace(replace(qualification, '壹级', '一级'), '贰级', '二级'),
                               '叁级', '三级') AS qualification
  FROM read_csv('{d}/qualifications.csv', all_varchar=true)
  WHERE CAST(valid_until AS DATE) >= DATE '{as_of}' AND uscc IN (SELECT uscc FROM ent)),
reg AS (SELECT id_number, uscc, certificate_type, specialties, valid_until
        FROM read_csv('{d}/personnel.csv', all_varchar=true)),
elsewhere AS (SELECT id_number FROM reg GROUP BY id_number HAVING count(DISTINCT uscc) > 1),
si AS (SELECT id_number, uscc, last_paid_month
       FROM read_csv('{d}/social_insurance.csv', all_varchar=true)),
ok AS (
  SELECT r.uscc, r.id_number,
         CASE WHEN r.certificate_type LIKE '一级%' THEN 1 ELSE 2 END AS level,
         unnest(string_split(regexp_replace(r.specialties, '[；、,，]', ';', 'g'), ';')) AS specialty
  FROM reg r
  JOIN si s ON s.id_number = r.id_number AND s.uscc = r.uscc AND s.last_paid_month >= '{si}'
  ANTI JOIN elsewhere x ON x.id_number = r.id_number
  WHERE CAST(r.valid_until AS DATE) >= DATE '{as_of}' AND substr(r.id_number, 7, 8) > '{age}'),
req AS (SELECT * FROM (VALUES {values}) t(qualification, rule_id, min_people, level, specialty)),
need AS (
  SELECT q.uscc, r.rule_id, r.min_people, r.level, r.specialty
  FROM qual q JOIN req r USING (qualification)),
counted AS (
  SELECT n.uscc, n.rule_id, count(DISTINCT ok.id_number) AS n
  FROM need n
  JOIN ok ON ok.uscc = n.uscc AND ok.specialty = n.specialty
  WHERE n.level = 0 OR n.level = ok.level
  GROUP BY n.uscc, n.rule_id)
SELECT q.uscc, r.rule_id, coalesce(c.n, 0) AS counted
FROM qual q
JOIN (SELECT DISTINCT qualification, rule_id, min_people FROM req) r USING (qualification)
LEFT JOIN counted c ON c.uscc = q.uscc AND c.rule_id = r.rule_id
WHERE coalesce(c.n, 0) < r.min_people
"""


def duckdb_reference(folder: Path, version: str | None) -> tuple[float, set[tuple[str, str, int]]]:
    import duckdb

    sys.path.insert(0, str(HERE.parent / "src"))
    from hecha.standards.ages import over_age_cutoff

    values = ", ".join(
        f"('{q}', '{rid}', {m}, {lvl}, '{s}')" for q, rid, m, lvl, s in requirement_rows(version)
    )
    sql = DUCKDB_SQL.format(
        values=values,
        d=folder,
        as_of=AS_OF.isoformat(),
        si="2026-08",
        age=over_age_cutoff(AS_OF, 65),
    )
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    started = time.perf_counter()
    rows = con.execute(sql).fetchall()
    elapsed = time.perf_counter() - started
    return elapsed, {(u, rid, int(c)) for u, rid, c in rows}


HECHA_RUN = """
import json, sys, time
from datetime import date
import django
django.setup()
from hecha.checks.models import Finding
from hecha.checks.services.runs import start_check_run
started = time.perf_counter()
run = start_check_run(user=None, as_of=date.fromisoformat(sys.argv[1]),
                      standard_version=sys.argv[2] or None)
elapsed = time.perf_counter() - started
rows = list(Finding.objects.filter(run=run).values_list("uscc", "rule_id", "counted"))
people = sum(1 for _ in Finding.objects.filter(run=run).values_list("people__id"))
print(json.dumps({"seconds": elapsed, "findings": rows, "flagged": run.enterprises_flagged,
                  "evidence_rows": people, "compared": run.enterprises_compared,
                  "coverage": run.coverage_sentence()}))
"""


def hecha_env(database: str, home: Path) -> dict[str, str]:
    env = dict(os.environ, HECHA_HOME=str(home), DJANGO_SETTINGS_MODULE="hecha.settings")
    if database == "postgresql":
        env["HECHA_DATABASE_URL"] = PG_URL
    else:
        env.pop("HECHA_DATABASE_URL", None)
    return env


def prepare(database: str, folder: Path) -> dict[str, str]:
    home = folder.parent / f"home-{database}-{folder.name}"
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


def hecha_check(env: dict[str, str], version: str | None) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", HECHA_RUN, AS_OF.isoformat(), version or ""],
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
    parser.add_argument("--standard", default=None, help="standards version (default: in force)")
    parser.add_argument("--runs", type=int, default=2, help="runs of each (the best is shown)")
    args = parser.parse_args()
    folder = data_dir(args.enterprises)
    refs = [duckdb_reference(folder, args.standard) for _ in range(args.runs)]
    ref_seconds, reference = min(refs)[0], refs[0][1]
    print(
        f"\nDuckDB reference, one pass from the CSV files: best {ref_seconds:.2f} s of"
        f" {', '.join(f'{r[0]:.2f}' for r in refs)}; {len(reference)} unmet requirements"
    )
    print(
        f"\n{'database':<11}{'compared':>10}{'flagged':>9}{'findings':>10}{'evidence':>10}"
        f"{'Hecha s':>9}{'DuckDB s':>10}{'ratio':>7}  same findings"
    )
    for database in args.databases.split(","):
        env = prepare(database, folder)
        results = [hecha_check(env, args.standard) for _ in range(args.runs)]
        result = min(results, key=lambda r: r["seconds"])
        found = {(u, r, c) for u, r, c in result["findings"]}
        print(
            f"{database:<11}{result['compared']:>10}{result['flagged']:>9}{len(found):>10}"
            f"{result['evidence_rows']:>10}{result['seconds']:>9.2f}{ref_seconds:>10.2f}"
            f"{result['seconds'] / ref_seconds:>7.2f}  {found == reference}"
        )
        times = ", ".join(f"{r['seconds']:.2f}" for r in results)
        print(f"  runs: {times} s; {result['coverage']}")
        if found != reference:
            print(f"  only Hecha: {sorted(found - reference)[:5]}")
            print(f"  only DuckDB: {sorted(reference - found)[:5]}")
    print("\ngoal: under 15 s and within 3x the DuckDB reference on a 2-core machine")
    return 0


if __name__ == "__main__":
    sys.exit(main())
