"""A real consumer (`hecha worker`) killed with SIGKILL in the middle of a job: the job is
marked failed with the Chinese reason, its upload removed; started again, it finishes."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _env(home: Path) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("HECHA_DATABASE_URL", "HECHA_REDIS"))
    }
    return env | {"HECHA_HOME": str(home), "DJANGO_SETTINGS_MODULE": "hecha.settings",
                  "PYTHONPATH": f"{ROOT}{os.pathsep}{env.get('PYTHONPATH', '')}"}  # fmt: skip


def _script(env: dict, *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "tests.jobs.consumer_script", *args], env=env,
                          cwd=ROOT, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def _worker(env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "hecha.cli", "worker"], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip


def _wait_for(env: dict, token: str, state: str) -> dict:
    for _ in range(120):
        row = json.loads(_script(env, "state", token))
        if row["state"] == state:
            return row
        time.sleep(0.5)
    raise AssertionError(f"job never became {state}: {row}")


def test_a_killed_worker_leaves_a_failed_job_without_its_upload_and_a_new_one_runs(tmp_path):
    env = _env(tmp_path)
    token = _script(env, "setup", "600")
    worker = _worker(env)
    try:
        _wait_for(env, token, "running")
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)

    assert json.loads(_script(env, "reap")) == [token]
    row = json.loads(_script(env, "state", token))
    assert row["state"] == "failed" and "执行任务的进程已停止" in row["reason"]
    assert not row["exists"]

    again = _script(env, "setup", "0")
    worker = _worker(env)
    try:
        row = _wait_for(env, again, "done")
    finally:
        worker.send_signal(signal.SIGINT)
        worker.wait(timeout=60)
    assert not row["exists"]


def test_a_reload_of_hecha_serve_lets_a_running_job_finish(tmp_path):
    """SIGHUP (systemctl reload) replaces gunicorn's workers; the job runs in the queue's
    consumer and finishes."""
    env = _env(tmp_path)
    token = _script(env, "setup", "20")
    server = subprocess.Popen([sys.executable, "-m", "hecha.cli", "serve", "--port", "0", "--workers", "1"],
                              env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        _wait_for(env, token, "running")
        server.send_signal(signal.SIGHUP)
        row = _wait_for(env, token, "done")
        assert server.poll() is None  # reloaded, not stopped
    finally:
        server.terminate()
        server.wait(timeout=90)
    assert not row["exists"]
