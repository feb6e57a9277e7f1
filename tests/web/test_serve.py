"""`hecha serve --workers N` runs gunicorn: pages and the vendored assets are served."""

import os
import socket
import subprocess
import sys
import time
import urllib.request


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_with_workers(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "HECHA_DATABASE_URL"} | {
        "HECHA_HOME": str(tmp_path)
    }
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "hecha.cli", "serve", "--workers", "2", "--port", str(port)],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                page = urllib.request.urlopen(f"{base}/accounts/login/", timeout=2).read().decode()
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise AssertionError(server.stdout.read1().decode() if server.stdout else "no output")
        assert "登录" in page
        css = urllib.request.urlopen(f"{base}/static/hecha/hecha.css", timeout=2)
        assert css.status == 200
    finally:
        server.terminate()
        server.wait(timeout=20)
