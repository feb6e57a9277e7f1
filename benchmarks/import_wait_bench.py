"""How long case work waits while a large import runs.

    python benchmarks/import_wait_bench.py [--enterprises 30000] [--changed 1.0,0.02]
                                           [--databases sqlite,postgresql]

For each database and share of changed rows: a fresh database with the generated set
imported once; then a copy of the set in which that share of the rows of every file holds
other values (a name, a certificate number, a paid month) is imported (those rows
superseded, the comparison facts redone; an unchanged row is not written again) while an "officer"
thread makes a small write transaction — a case step's size: one row updated, one audit-like
row — every 100 ms. Prints the import's time, how long its switch to current took (the one
transaction that holds SQLite's write lock longest; on PostgreSQL the import is one
transaction and has no separate switch), the officer's longest and 99th-percentile wait,
and how many of its writes were refused (a lock wait that ran out: the 503 of hecha.busy).
Goal (issue #12): no write waits more than a second.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from check_bench import data_dir  # noqa: E402
from import_bench import fresh  # noqa: E402

RUN = """
import json, sys, threading, time
from pathlib import Path
import django
django.setup()
from django.core.management import call_command
from django.db import OperationalError, connection, transaction
from hecha.reference import load_reference_data
from hecha.registry.services import importing
from hecha.registry.services.importing import import_directory
switches, make_current = [], importing._make_current
def timed_switch(*args, **kwargs):
    started = time.perf_counter()
    try:
        return make_current(*args, **kwargs)
    finally:
        switches.append(time.perf_counter() - started)
importing._make_current = timed_switch
call_command("migrate", verbosity=0)
list(load_reference_data())
folder = Path(sys.argv[1])
import_directory(directory=folder, user=None)
folder = Path(sys.argv[2])
waits, refused, stop = [], [], threading.Event()

def officer():
    from hecha.accounts.models import District
    while not stop.is_set():
        started = time.perf_counter()
        try:
            with transaction.atomic():
                District.objects.filter(code="210102").update(city="沈阳市")
                District.objects.filter(code="210103").update(city="沈阳市")
        except OperationalError:
            refused.append(time.perf_counter() - started)
        else:
            waits.append(time.perf_counter() - started)
        time.sleep(0.1)
    connection.close()

thread = threading.Thread(target=officer)
thread.start()
started = time.perf_counter()
import_directory(directory=folder, user=None)
seconds = time.perf_counter() - started
stop.set()
thread.join()
waits.sort()
print(json.dumps({"seconds": seconds, "switch": switches[-1] if switches else None, "writes": len(waits) + len(refused),
                  "refused": len(refused), "max": max(waits + refused),
                  "p99": waits[int(len(waits) * 0.99) - 1] if waits else 0,
                  "over_1s": sum(w > 1 for w in waits + refused)}))
"""


# the column of each file that a changed row holds another value in (never part of the key)
CHANGE = {"enterprises.csv": ("name", lambda v: v + "（更名）"),
          "qualifications.csv": ("certificate_no", lambda v: v + "R"),
          "personnel.csv": ("name", lambda v: v + "新"),
          "social_insurance.csv": ("last_paid_month", lambda v: "2026-11")}  # fmt: skip


def changed_copy(folder: Path, share: float) -> Path:
    """The set again, with `share` of each file's rows changed (every 1/share-th row)."""
    out = folder.parent / f"{folder.name}-changed-{share:g}"
    if (out / "personnel.csv").exists():
        return out
    out.mkdir(parents=True, exist_ok=True)
    every = max(1, round(1 / share)) if share > 0 else 0
    for path in sorted(folder.glob("*.csv")):
        column, change = CHANGE[path.name]
        with path.open(encoding="utf-8", newline="") as f, \
                (out / path.name).open("w", encoding="utf-8", newline="") as g:  # fmt: skip
            reader, writer = csv.DictReader(f), None
            for n, row in enumerate(reader):
                if writer is None:
                    writer = csv.DictWriter(g, reader.fieldnames, lineterminator="\n")
                    writer.writeheader()
                if every and n % every == 0:
                    row[column] = change(row[column])
                writer.writerow(row)
    return out


def measure(database: str, folder: Path, changed: Path, src: str | None) -> dict:
    env = fresh(database, "wait")
    if src:
        env["PYTHONPATH"] = f"{src}:{env['PYTHONPATH']}"
    out = subprocess.run([sys.executable, "-c", RUN, str(folder), str(changed)], env=env,
                         check=True, capture_output=True, text=True)  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=30_000)
    parser.add_argument("--changed", default="1.0,0.02",
                        help="shares of rows changed in the second import, comma-separated")  # fmt: skip
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--src", help="another checkout's src/ to measure (before/after)")
    args = parser.parse_args()
    folder = data_dir(args.enterprises)
    print(f"re-import of {args.enterprises} enterprises ({folder}) beside a writer every 100 ms")
    print(f"{'database':<11}{'changed':>8}{'import s':>9}{'switch s':>9}{'writes':>8}"
          f"{'refused':>8}{'max wait s':>11}{'p99 s':>7}{'> 1 s':>6}")  # fmt: skip
    for share in (float(x) for x in args.changed.split(",")):
        changed = changed_copy(folder, share)
        for database in args.databases.split(","):
            r = measure(database, folder, changed, args.src)
            print(f"{database:<11}{share:>8.0%}{r['seconds']:>9.1f}{'—' if r['switch'] is None else format(r['switch'], '.2f'):>9}"
                  f"{r['writes']:>8}{r['refused']:>8}{r['max']:>11.2f}{r['p99']:>7.2f}"
                  f"{r['over_1s']:>6}", flush=True)  # fmt: skip
    print("goal: no write waits more than 1 s; a refused write is answered 503, not 500")
    return 0


if __name__ == "__main__":
    sys.exit(main())
