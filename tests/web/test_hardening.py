"""The web server's own defences: Content-Security-Policy with no inline script or style
left, HTTPS settings, private files, and /api/docs from our own assets."""

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import hecha

SRC = Path(hecha.__file__).parent
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)


@pytest.mark.parametrize("url", ["/accounts/login/", "/", "/admin/", "/public/announcements/"])
def test_every_page_carries_the_policy(client, admin_user, url):
    client.force_login(admin_user)
    response = client.get(url)
    assert response.status_code == 200
    assert sorted(response["Content-Security-Policy"].split("; ")) == sorted(POLICY.split("; "))


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline script"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"<style", re.I), "style element"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
    (re.compile(r"hx-on|hx-vals=['\"]js:", re.I), "htmx inline script"),
]


def test_no_template_holds_inline_script_or_style():
    found = []
    for template in SRC.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        found += [f"{template.relative_to(SRC)}: {what}" for pattern, what in INLINE
                  if pattern.search(text)]  # fmt: skip
    assert found == []


def _settings_under(env: dict) -> dict:
    code = (
        "import django, json; django.setup(); from django.conf import settings as s;"
        "print(json.dumps([s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS,"
        " s.SECURE_PROXY_SSL_HEADER, s.SESSION_COOKIE_AGE]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "hecha.settings", **env},
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    import json

    return json.loads(out)


def test_hecha_https_turns_on_secure_cookies_hsts_and_the_proxy_header():
    assert _settings_under({"HECHA_HTTPS": "1", "HECHA_SESSION_IDLE_MINUTES": "30"}) == [
        True, True, 31_536_000, ["HTTP_X_FORWARDED_PROTO", "https"], 1800,
    ]  # fmt: skip
    assert _settings_under({"HECHA_HTTPS": ""}) == [False, False, 0, None, 7200]


def test_behind_tls_the_answer_carries_hsts_and_secure_cookies(client, settings, admin_user):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    response = client.get("/accounts/login/", HTTP_X_FORWARDED_PROTO="https")
    assert response["Strict-Transport-Security"] == "max-age=31536000"
    assert response.cookies["csrftoken"]["secure"] is True
    plain = client.get("/accounts/login/")
    assert "Strict-Transport-Security" not in plain  # never over plain HTTP


def test_an_old_home_is_made_private_at_start(tmp_path):
    home = tmp_path / "home"
    (home / "files" / "evidence").mkdir(parents=True)
    (home / "hecha.sqlite3").write_bytes(b"")
    os.chmod(home, 0o755)
    os.chmod(home / "files", 0o755)
    os.chmod(home / "hecha.sqlite3", 0o644)
    (home / "mine.txt").write_text("not Hecha's")
    os.chmod(home / "mine.txt", 0o644)
    env = {**os.environ, "HECHA_HOME": str(home)}
    for name in ("HECHA_DATABASE_URL", "HECHA_AUDIT_CHECKPOINTS"):
        env.pop(name, None)
    subprocess.run([sys.executable, "-m", "hecha.cli", "init"], env=env, check=True,
                   capture_output=True, cwd=tmp_path)  # fmt: skip

    def mode(p):
        return stat.S_IMODE(p.stat().st_mode)

    assert mode(home) == 0o700 and mode(home / "files") == 0o700
    for name in ("hecha.sqlite3", "secret_key", "audit_key"):
        assert mode(home / name) == 0o600, name
    assert mode(home / "audit-checkpoints") == 0o700
    assert mode(home / "mine.txt") == 0o644  # not Hecha's: left alone
    wal = home / "hecha.sqlite3-wal"
    assert not wal.exists() or mode(wal) == 0o600


def test_api_docs_load_from_our_own_static_files(client, admin_user):
    client.force_login(admin_user)
    page = client.get("/api/docs").content.decode()
    # every address the page loads from is our own (a random CSRF token may spell "cdn")
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(s.startswith("/") and not s.startswith("//") for s in sources)
    assert "http" not in page.replace("http-equiv", "")
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', page)
    assert scripts and all(s.startswith("/static/ninja/") for s in scripts)
    from django.contrib.staticfiles import finders

    assert all(finders.find(s.removeprefix("/static/")) for s in scripts)
