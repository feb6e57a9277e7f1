"""Two `hecha serve` processes on different ports, sharing PostgreSQL, Redis and a file store
(as an NFS mount would be shared) but each with its own HECHA_HOME, behave as one: a login on
one is a login on the other, an import uploaded through one is seen finished through the
other, and the sweep runs once for both.

Runs when HECHA_DATABASE_URL is PostgreSQL and Redis answers (HECHA_TEST_REDIS_URL, default
redis://127.0.0.1:6379/15); `.ci/run` sets HECHA_TWO_SERVER_TESTS=1 so that it fails instead
of skipping there."""

import http.cookiejar
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.registry.test_import import ENTERPRISES

pytestmark = pytest.mark.two_servers
PASSWORD = "Two-Servers-2026!"


def _needs(reason: str):
    if os.environ.get("HECHA_TWO_SERVER_TESTS") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture
def shared(tmp_path):
    """A fresh PostgreSQL database and the environment both servers share."""
    url = os.environ.get("HECHA_DATABASE_URL", "")
    if not url.startswith("postgres"):
        _needs("two servers share PostgreSQL: set HECHA_DATABASE_URL")
    redis_url = os.environ.get("HECHA_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        import redis

        redis.Redis.from_url(redis_url, socket_connect_timeout=2).ping()
    except Exception as exc:
        _needs(f"Redis not reachable at {redis_url}: {exc}")
    import psycopg

    base = urllib.parse.urlsplit(url)
    name = f"{base.path.lstrip('/')}_two_{secrets.token_hex(3)}"
    admin = base._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    env = {k: v for k, v in os.environ.items() if not k.startswith("HECHA_")} | {
        "HECHA_DATABASE_URL": base._replace(path=f"/{name}").geturl(),
        "HECHA_REDIS_URL": redis_url,
        "HECHA_SECRET_KEY": secrets.token_urlsafe(40),
        "HECHA_AUDIT_KEY": secrets.token_urlsafe(40),
        "HECHA_FILES_DIR": str(tmp_path / "shared-files"),
        "HECHA_HOME": str(tmp_path / "setup"),
        "HECHA_DEMO": "1",
    }
    try:
        yield env
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _hecha(env: dict, *args: str) -> None:
    done = subprocess.run([sys.executable, "-m", "hecha.cli", *args], env=env,
                          capture_output=True, text=True, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(env: dict, home: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "hecha.cli", "serve", "--port", str(port), "--workers", "2", "--with-worker"],
        env=env | {"HECHA_HOME": str(home)}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            urllib.request.urlopen(f"{base}/accounts/login/", timeout=2)
            return server, base
        except OSError:
            if server.poll() is not None:
                break
            time.sleep(0.2)
    server.kill()
    raise AssertionError(server.stdout.read().decode() if server.stdout else "no output")


class Browser:
    """One user's cookies, sent to whichever server the request goes to."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, url: str) -> tuple[str, str]:
        with self.opener.open(url, timeout=30) as response:
            return response.geturl(), response.read().decode()

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def post(self, url: str, fields: dict, files: dict | None = None) -> tuple[str, str]:
        boundary = secrets.token_hex(12)
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                 for k, v in (fields | {"csrfmiddlewaretoken": self.csrf()}).items()]  # fmt: skip
        for field, (filename, text) in (files or {}).items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
                         f'filename="{filename}"\r\nContent-Type: text/csv\r\n\r\n'.encode()
                         + text.encode() + b"\r\n")  # fmt: skip
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        request = urllib.request.Request(url, data=body, headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}", "Referer": url})  # fmt: skip
        with self.opener.open(request, timeout=60) as response:
            return response.geturl(), response.read().decode()


def _sweeps(env: dict) -> int | None:
    import psycopg

    with psycopg.connect(env["HECHA_DATABASE_URL"]) as conn:
        row = conn.execute("SELECT taken FROM jobs_lease WHERE name = 'sweep'").fetchone()
    return row[0] if row else None


def test_two_servers_share_logins_jobs_uploads_and_one_sweep(shared, tmp_path):
    _hecha(shared, "init")
    _hecha(shared, "user", "add", "city_two", "--role", "city_reviewer", "--password", PASSWORD)
    one, one_url = _serve(shared, tmp_path / "one")
    two, two_url = _serve(shared, tmp_path / "two")
    try:
        user = Browser()
        user.get(f"{one_url}/accounts/login/")
        where, _ = user.post(
            f"{one_url}/accounts/login/", {"username": "city_two", "password": PASSWORD}
        )
        assert "/accounts/login/" not in where
        where, page = user.get(f"{two_url}/imports/")  # the session works on the other server
        assert where == f"{two_url}/imports/" and "数据导入" in page

        where, _ = user.post(f"{two_url}/imports/", {}, {"files": ("enterprises.csv", ENTERPRISES)})
        token = re.search(r"/imports/jobs/([^/]+)/", where).group(1)
        for _ in range(300):
            _, page = user.get(f"{one_url}/imports/jobs/{token}/")
            if "导入完成" in page:
                break
            assert "导入失败" not in page and "导入未执行" not in page, page
            time.sleep(0.5)
        else:
            raise AssertionError(page)
        assert not any((tmp_path / "shared-files").glob("uploads/imports/*/*"))

        for _ in range(120):  # each consumer thread queues the sweep when it starts
            if _sweeps(shared):
                break
            time.sleep(0.5)
        time.sleep(5)
        assert _sweeps(shared) == 1
    finally:
        for server in (one, two):
            server.terminate()
        for server in (one, two):
            server.wait(timeout=90)
