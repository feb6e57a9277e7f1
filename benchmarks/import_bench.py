"""The import at national scale, beside a bare bulk load of the same rows.

    python benchmarks/import_bench.py [--enterprises 300000] [--databases sqlite,postgresql]

For each database: a fresh, migrated database; Hecha's `import_directory` (read, check every
column, supersede, bulk-write, audit) is timed; then, on another fresh database with the same
schema and indexes, the bare reference — the csv module reading the same files and
`executemany` (SQLite) or `COPY` (PostgreSQL) writing the same rows into the same tables, with
no checks at all. Prints rows per second of both. Goal (issue #2): within 2x the reference.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from check_bench import data_dir  # noqa: E402

PG_BASE = "postgresql://postgres@127.0.0.1:5432/"

TABLES = {  # file -> (db table, db columns); bench_rows.TRANSFORMS maps a CSV row to them
    "enterprises": ("registry_enterprise", ["uscc", "name", "district_code", "registered_address",
                    "mailing_address", "legal_representative", "phone", "business_status"]),
    "qualifications": ("registry_qualification", ["uscc", "certificate_no", "name", "category",
                       "sequence", "grade", "valid_until"]),
    "personnel": ("registry_registeredperson", ["id_number", "name", "uscc", "level",
                  "registration_no", "specialties", "valid_until"]),
    "social_insurance": ("registry_socialinsurance", ["id_number", "uscc", "last_paid_month"]),
}  # fmt: skip

RUN = """
import json, sys, time
from pathlib import Path
import django
django.setup()
from django.db import connection, transaction
from hecha.reference import load_reference_data
from django.core.management import call_command
call_command("migrate", verbosity=0)
list(load_reference_data())
mode, folder = sys.argv[1], Path(sys.argv[2])
tables = json.loads(sys.argv[3])
if mode == "hecha":
    from hecha.registry.services.importing import import_directory
    started = time.perf_counter()
    batch = import_directory(directory=folder, user=None)
    print(json.dumps({"seconds": time.perf_counter() - started, "rows": sum(batch.counts.values())}))
else:
    import csv
    from hecha.registry.models import ImportBatch
    from bench_rows import TRANSFORMS
    started = time.perf_counter()
    rows_written = 0
    with transaction.atomic():
        batch = ImportBatch.objects.create(status="done")
        cur = connection.connection.cursor()
        for name, (table, columns) in tables.items():
            with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as f:
                reader = csv.reader(f)
                next(reader)
                rows = [(batch.pk, True, *TRANSFORMS[name](r)) for r in reader]
            names = ", ".join(["batch_id", "is_current", *columns])
            if connection.vendor == "postgresql":
                with cur.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join("?" * (len(columns) + 2))
                cur.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
            rows_written += len(rows)
    print(json.dumps({"seconds": time.perf_counter() - started, "rows": rows_written}))
"""


def fresh(database: str, name: str) -> dict[str, str]:
    home = HERE / "data" / f"home-import-{database}-{name}"
    home.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, HECHA_HOME=str(home), DJANGO_SETTINGS_MODULE="hecha.settings",
               PYTHONPATH=str(HERE))  # fmt: skip
    if database == "postgresql":
        db = f"hecha_bench_import_{name}"
        for sql in (f"DROP DATABASE IF EXISTS {db}", f"CREATE DATABASE {db}"):
            subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", sql], check=True)
        env["HECHA_DATABASE_URL"] = PG_BASE + db
    else:
        for suffix in ("", "-wal", "-shm"):
            (home / f"hecha.sqlite3{suffix}").unlink(missing_ok=True)
        env.pop("HECHA_DATABASE_URL", None)
    return env


def timed(database: str, mode: str, folder: Path) -> dict:
    tables = {k: [v[0], v[1]] for k, v in TABLES.items()}
    out = subprocess.run(
        [sys.executable, "-c", RUN, mode, str(folder), json.dumps(tables)],
        env=fresh(database, mode),
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=300_000)
    parser.add_argument("--databases", default="sqlite,postgresql")
    args = parser.parse_args()
    folder = data_dir(args.enterprises)
    with (folder / "personnel.csv").open(encoding="utf-8") as f:
        people = sum(1 for _ in f) - 1
    print(f"data: {args.enterprises} enterprises, {people} registered people ({folder})")
    print(
        f"\n{'database':<11}{'rows':>10}{'Hecha s':>9}{'rows/s':>10}{'bare s':>8}{'rows/s':>10}{'ratio':>7}"
    )
    for database in args.databases.split(","):
        hecha = timed(database, "hecha", folder)
        bare = timed(database, "bare", folder)
        print(
            f"{database:<11}{hecha['rows']:>10}{hecha['seconds']:>9.1f}"
            f"{hecha['rows'] / hecha['seconds']:>10.0f}{bare['seconds']:>8.1f}"
            f"{bare['rows'] / bare['seconds']:>10.0f}{hecha['seconds'] / bare['seconds']:>7.2f}",
            flush=True,
        )
    print("\nreference: csv.reader + executemany (SQLite) / COPY (PostgreSQL), no checks;")
    print("goal: Hecha within 2x the reference")
    return 0


if __name__ == "__main__":
    sys.exit(main())
