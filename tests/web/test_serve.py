"""`hecha serve` is the production server: gunicorn with workers from the cores, static files
by whitenoise, the address printed; Django's development server only with `--dev`."""

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from hecha.commands.serve import MAX_WORKERS, default_workers


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(tmp_path, *extra: str) -> tuple[subprocess.Popen, str]:
    env = {k: v for k, v in os.environ.items() if k != "HECHA_DATABASE_URL"} | {
        "HECHA_HOME": str(tmp_path)
    }
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "hecha.cli", "serve", "--port", str(port), *extra],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # fmt: skip
    return server, f"http://127.0.0.1:{port}"


def _wait_for_login_page(server: subprocess.Popen, base: str) -> str:
    for _ in range(600):  # a loaded 2-core machine boots 5 workers slowly
        try:
            return urllib.request.urlopen(f"{base}/accounts/login/", timeout=2).read().decode()
        except OSError:
            if server.poll() is not None:
                break
            time.sleep(0.2)
    server.terminate()
    raise AssertionError(server.stdout.read().decode() if server.stdout else "no output")


def _stop(server: subprocess.Popen) -> str:
    server.terminate()
    out, _ = server.communicate(timeout=60)
    return out.decode()


@pytest.mark.parametrize("extra", [(), ("--workers", "2")])
def test_serve_runs_gunicorn_prints_the_address_and_serves_pages_and_assets(tmp_path, extra):
    server, base = _serve(tmp_path, *extra)
    try:
        page = _wait_for_login_page(server, base)
        assert "登录" in page
        css = urllib.request.urlopen(f"{base}/static/hecha/hecha.css", timeout=2)
        assert css.status == 200
    finally:
        out = _stop(server)
    assert f"核查系统已启动：{base}/" in out
    assert "gunicorn" in out
    assert "development server" not in out


def test_serve_dev_runs_djangos_development_server(tmp_path):
    server, base = _serve(tmp_path, "--dev")
    try:
        assert "登录" in _wait_for_login_page(server, base)
    finally:
        out = _stop(server)
    assert "开发服务器" in out


def test_workers_come_from_the_cores_capped():
    assert default_workers(1) == 3
    assert default_workers(2) == 5
    assert default_workers(64) == MAX_WORKERS
