"""Officers under load: 50 users with 1 s think time on the common pages, against `hecha serve`.

    python benchmarks/load_bench.py [--enterprises 30000] [--users 50] [--duration 60]
                                    [--workers 4] [--databases sqlite,postgresql]

For each database: a fresh `hecha demo --enterprises N` (kept between runs in
$BENCH_DATA/load-<db>-<N>; PostgreSQL database hecha_bench_load_<N>), then `hecha serve
--workers W` and locust (headless, on the same machine) with logged-in demo officers, district
and city, each looping over the home page, the case list, a case page, the findings list, an
enterprise's explanation and the documents list with a 1 s pause between pages (each officer
logged in once beforehand; the statistics start once all users are running). Prints p50,
p95 and p99 per page beside the goal: p95 under 150 ms on the bench machine.

This file is also the locustfile (the `Officer` class); locust is in the `bench` extra. The
officers use locust's FastHttpUser (geventhttpclient), its cheapest client: the generator shares
the two cores with the server, and what it spends is taken from the server.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from locust import FastHttpUser, constant, task

HERE = Path(__file__).resolve().parent
DATA = Path(os.environ.get("BENCH_DATA", HERE / "data"))
PG_BASE = "postgresql://postgres@127.0.0.1:5432/"
GOAL_P95_MS = 150
PASSWORD = "hecha-demo"
# the demo's officers: two districts and the city (hecha.demo.loading.DEMO_USERS)
USERS = ["heping_zhang", "heping_li", "shenhe_zhao", "city_chen", "city_lead", "heping_lead"]
PAGES = ["home", "case list", "case page", "findings list", "explanation", "documents list"]


class Officer(FastHttpUser):
    wait_time = constant(1)

    def on_start(self) -> None:
        # sessions made once before the run (a login is a deliberately slow password hash,
        # not a page an officer loads 50 times a minute)
        sessions = json.loads(os.environ["HECHA_BENCH_SESSIONS"])
        self.headers = {"Cookie": f"sessionid={sessions[random.choice(list(sessions))]}"}
        runs = re.findall(r"/checks/(\d+)/", self._get("/checks/", "setup"))
        self.run = runs[0] if runs else None
        self.cases = re.findall(r'href="/cases/(\d+)/"', self._get("/cases/", "setup"))
        self.usccs = self._usccs()

    def _get(self, url: str, name: str) -> str:
        text = self.client.get(url, name=name, headers=self.headers).text
        if 'name="password"' in text:  # sent to the login page: the figures would be void
            raise SystemExit(f"{url}: the session was not accepted")
        return text

    def _usccs(self) -> list[str]:
        if self.run is None:
            return []
        page = self._get(f"/checks/{self.run}/findings/", "setup")
        return re.findall(rf"/checks/{self.run}/enterprises/(\w+)/", page)

    @task
    def home(self) -> None:
        self._get("/", "home")

    @task
    def case_list(self) -> None:
        self._get("/cases/", "case list")

    @task
    def case_page(self) -> None:
        if self.cases:
            self._get(f"/cases/{random.choice(self.cases)}/", "case page")

    @task
    def findings(self) -> None:
        if self.run:
            self._get(f"/checks/{self.run}/findings/?page={random.randint(1, 5)}", "findings list")

    @task
    def explanation(self) -> None:
        if self.usccs:
            uscc = random.choice(self.usccs)
            self._get(f"/checks/{self.run}/enterprises/{uscc}/", "explanation")

    @task
    def documents(self) -> None:
        self._get("/documents/", "documents list")


def _hecha(env: dict, *args: str, **kwargs) -> subprocess.CompletedProcess:
    hecha = Path(sys.executable).with_name("hecha")
    return subprocess.run([str(hecha), *args], env=env, check=False, **kwargs)


def _prepare(database: str, enterprises: int) -> dict:
    """A home and database with the demo at this size; made once, then reused."""
    home = DATA / f"load-{database}-{enterprises}"
    env = {**os.environ, "HECHA_HOME": str(home)}
    env.pop("HECHA_DATABASE_URL", None)
    if database == "postgresql":
        env["HECHA_DATABASE_URL"] = f"{PG_BASE}hecha_bench_load_{enterprises}"
    if (home / "ready").exists():
        return env
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    if database == "postgresql":
        for sql in (f"DROP DATABASE IF EXISTS hecha_bench_load_{enterprises}",
                    f"CREATE DATABASE hecha_bench_load_{enterprises}"):  # fmt: skip
            subprocess.run(["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-c", sql],
                           check=True)  # fmt: skip
    print(f"loading the demo with {enterprises} enterprises ({database}) ...", flush=True)
    started = time.perf_counter()
    done = _hecha(env, "demo", "--enterprises", str(enterprises), stdout=subprocess.DEVNULL)
    if done.returncode:  # the registry, run, campaign and users are there; fewer cases walked
        print("  (hecha demo stopped while walking the cases through the procedure)")
    print(f"  loaded in {time.perf_counter() - started:.0f} s", flush=True)
    (home / "ready").write_text("ok")
    return env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(port: int, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.5)
    raise SystemExit(f"hecha serve did not answer on port {port}")


def _sessions(host: str) -> dict[str, str]:
    """Log each demo officer in once; the simulated users share their sessions."""
    import requests

    sessions = {}
    for username in USERS:
        s = requests.Session()
        s.get(f"{host}/accounts/login/")
        s.post(f"{host}/accounts/login/", headers={"Referer": f"{host}/accounts/login/"},
               data={"username": username, "password": PASSWORD,
                     "csrfmiddlewaretoken": s.cookies.get("csrftoken", "")})  # fmt: skip
        sessions[username] = s.cookies["sessionid"]
    return sessions


def _run_locust(host: str, args: argparse.Namespace, prefix: Path) -> None:
    env = {**os.environ, "HECHA_BENCH_SESSIONS": json.dumps(_sessions(host))}
    subprocess.run(
        [sys.executable, "-m", "locust", "-f", __file__, "--headless", "--host", host,
         "-u", str(args.users), "-r", str(args.spawn_rate), "-t", f"{args.duration}s",
         "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING", "--reset-stats"],
        check=False, stdout=subprocess.DEVNULL, env=env,
    )  # fmt: skip


def _measure(database: str, args: argparse.Namespace) -> dict[str, dict]:
    env = _prepare(database, args.enterprises)
    port = _free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("hecha")), "serve", "--workers", str(args.workers),
         "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        _wait_for(port)
        with tempfile.TemporaryDirectory() as tmp:
            load = os.getloadavg()[0]
            _run_locust(f"http://127.0.0.1:{port}", args, Path(tmp) / "load")
            shutil.copy(Path(tmp) / "load_stats.csv", DATA / f"load-{database}-stats.csv")
            rows = _read_stats(Path(tmp) / "load_stats.csv")
            rows["_load"] = {"before": load, "after": os.getloadavg()[0]}
            return rows
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()


def _read_stats(path: Path) -> dict[str, dict]:
    rows = {}
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rows[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "p50": float(row["50%"] or 0),
                "p95": float(row["95%"] or 0),
                "p99": float(row["99%"] or 0),
                "rps": float(row["Requests/s"] or 0),
            }
    return rows


def _print(database: str, rows: dict[str, dict], args: argparse.Namespace) -> None:
    load = rows.pop("_load")
    print(f"\n{database}: {args.users} users, 1 s think time, {args.duration} s, "
          f"{args.enterprises} enterprises, hecha serve --workers {args.workers}; "
          f"load average {load['before']:.1f} before, {load['after']:.1f} after")  # fmt: skip
    print(f"{'page':<16}{'requests':>9}{'fail':>6}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}  goal")
    for name in [*PAGES, "Aggregated"]:
        r = rows.get(name)
        if r is None:
            continue
        verdict = "ok" if r["p95"] < GOAL_P95_MS else "over"
        print(f"{name:<16}{r['requests']:>9}{r['failures']:>6}{r['p50']:>8.0f}{r['p95']:>8.0f}"
              f"{r['p99']:>8.0f}  p95 < {GOAL_P95_MS}: {verdict}")  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--enterprises", type=int, default=30_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--databases", default="sqlite,postgresql")
    args = parser.parse_args(argv)
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    for database in args.databases.split(","):
        _print(database, _measure(database, args), args)
    print(f"\ngoal: p95 under {GOAL_P95_MS} ms per page, load generator on the same machine")


if __name__ == "__main__":
    main()
