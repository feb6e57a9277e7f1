"""Login throttling and its lifting, password rules, idle sessions, API tokens with expiry
and revocation, password reset only with mail."""

from datetime import timedelta

import pytest
from django.utils import timezone

from hecha.cli import main

STRONG = "Shenyang-2026-hecha"


@pytest.fixture
def alice(reference_data):
    from hecha.accounts.models import User

    return User.objects.create_user("alice", password=STRONG, role="city_reviewer")


def log_in(client, password):
    return client.post("/accounts/login/", {"username": "alice", "password": password})


def logged_in(client) -> bool:
    return client.get("/").status_code == 200


# -- throttling -----------------------------------------------------------------------


def test_five_failures_lock_the_username_even_for_the_right_password(client, alice):
    for _ in range(4):
        assert log_in(client, "wrong").status_code == 200  # the form again
    assert log_in(client, "wrong").status_code == 429  # the fifth locks
    locked = log_in(client, STRONG)
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "连续 5 次登录失败，该用户名已被锁定，30 分钟后自动解除" in page
    assert not logged_in(client)


def test_an_administrator_lifts_the_lockout_on_the_record(client, alice, admin_user):
    from axes.models import AccessAttempt

    from hecha.audit.models import AuditEntry

    for _ in range(5):
        log_in(client, "wrong")
    attempt = AccessAttempt.objects.get(username="alice")
    admin = client.__class__()
    admin.force_login(admin_user)
    listing = admin.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200 and "alice" in listing.content.decode()
    admin.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert not AccessAttempt.objects.exists()
    entry = AuditEntry.objects.get(action="accounts.lockout_lifted")
    assert entry.actor == admin_user and entry.data["username"] == "alice"
    assert log_in(client, STRONG).status_code == 302 and logged_in(client)


def test_hecha_user_unlock_lifts_it_from_the_command_line(client, alice, capsys):
    for _ in range(5):
        log_in(client, "wrong")
    assert log_in(client, STRONG).status_code == 429
    assert main(["user", "unlock", "alice"]) == 0
    assert "已解除用户 alice 的登录锁定" in capsys.readouterr().out
    assert log_in(client, STRONG).status_code == 302
    assert main(["user", "unlock", "nobody"]) == 2
    assert "用户不存在：nobody" in capsys.readouterr().err


# -- passwords ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "messages"),
    [
        ("12345678", ["密码太短：至少 10 个字符", "这个密码太常见了", "密码只包含数字"]),
        ("hecha-demo", ["密码须包含大写字母、小写字母、数字、符号中的至少 3 种"]),
        ("carol-2026-x", []),  # 3 kinds, 12 characters
        ("Carol2026carol", []),
    ],
)
def test_passwords_follow_the_rules(reference_data, capsys, password, messages):
    from hecha.accounts.models import User

    code = main(["user", "add", "carol", "--password", password, "--role", "city_lead"])
    err = capsys.readouterr().err
    assert code == (2 if messages else 0), err
    for message in messages:
        assert message in err
    assert User.objects.filter(username="carol").exists() == (not messages)


def test_a_password_like_the_username_is_refused(reference_data, capsys):
    assert (
        main(["user", "add", "zhangwei", "--password", "Zhangwei-2026", "--role", "city_lead"]) == 2
    )
    assert "密码跟 用户名 太相似" in capsys.readouterr().err


# -- sessions -------------------------------------------------------------------------


@pytest.fixture
def clock(monkeypatch):
    """Move the process's clock (time.time) by whole seconds."""
    import time

    real = time.time
    offset = [0.0]
    monkeypatch.setattr("time.time", lambda: real() + offset[0])
    return offset


@pytest.fixture
def cache_sessions(settings):
    """The idle rule is the same on every session engine; the file cache lets the moved clock
    decide expiry (PostgreSQL without Redis keeps sessions in the database, dated by the
    database's clock)."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"


def _left(client) -> float:
    """Seconds the session has left, as the session store keeps it."""
    import pickle
    import time

    from django.core.cache import caches

    key = "django.contrib.sessions.cache" + client.cookies["sessionid"].value
    with open(caches["sessions"]._key_to_file(key), "rb") as f:
        return pickle.load(f) - time.time()


def test_a_session_ends_after_two_hours_without_a_request(
    client, alice, settings, clock, cache_sessions
):
    assert settings.SESSION_COOKIE_AGE == 2 * 3600
    client.force_login(alice)
    assert logged_in(client)
    assert 2 * 3600 - 60 < _left(client) <= 2 * 3600
    clock[0] = 2 * 3600 + 1  # two hours without a request
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_each_request_pushes_the_end_back_at_most_once_a_minute(
    client, alice, clock, cache_sessions
):
    client.force_login(alice)
    client.get("/")
    clock[0] = 30
    client.get("/")  # touched half a minute ago: not renewed
    assert 2 * 3600 - 31 - 5 < _left(client) < 2 * 3600 - 25
    clock[0] = 3600
    assert logged_in(client)  # an hour later: still signed in, and renewed from now
    assert 2 * 3600 - 60 < _left(client) <= 2 * 3600
    clock[0] = 3600 + 2 * 3600 - 120
    assert logged_in(client)  # three hours after login, less than two after the last request


# -- API tokens -----------------------------------------------------------------------


def bearer(client, token):
    return client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {token}")


def test_tokens_expire_and_are_revoked_on_the_record(client, alice, capsys):
    from hecha.accounts.models import ApiToken
    from hecha.audit.models import AuditEntry

    assert main(["user", "token", "alice", "--days", "7"]) == 0
    token = capsys.readouterr().out.strip()
    assert bearer(client, token).json()["username"] == "alice"
    row = ApiToken.objects.get()
    assert timedelta(days=6, hours=23) < row.expires_at - timezone.now() <= timedelta(days=7)
    assert main(["user", "token", "alice", "--list"]) == 0
    assert f"{row.digest[:8]}\t" in capsys.readouterr().out
    assert main(["user", "token", "alice", "--revoke"]) == 0
    assert "已吊销用户 alice 的 API 令牌 1 个" in capsys.readouterr().out
    refused = bearer(client, token)
    assert refused.status_code == 401 and refused.json() == {"detail": "未登录或令牌无效"}
    assert AuditEntry.objects.filter(action="accounts.tokens_revoked").count() == 1
    assert main(["user", "token", "alice", "--days", "0"]) == 2
    assert "令牌有效期应为 1 至 3660 天" in capsys.readouterr().err


def test_an_expired_token_answers_401(client, alice):
    from hecha.accounts.models import ApiToken
    from hecha.accounts.services import issue_token

    token = issue_token(username="alice")
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert bearer(client, token).status_code == 401


def test_tokens_are_listed_and_revoked_in_the_admin(client, alice, admin_user):
    from hecha.accounts.models import ApiToken
    from hecha.accounts.services import issue_token

    token = issue_token(username="alice")
    row = ApiToken.objects.get()
    client.force_login(admin_user)
    listing = client.get("/admin/accounts/apitoken/").content.decode()
    assert row.digest[:8] in listing and "有效" in listing
    assert client.get("/admin/accounts/apitoken/add/").status_code == 403
    client.post(
        "/admin/accounts/apitoken/", {"action": "revoke", "_selected_action": [row.pk]}, follow=True
    )
    row.refresh_from_db()
    assert row.revoked_at is not None and row.state == "已吊销"
    client.logout()
    assert bearer(client, token).status_code == 401


# -- password reset -------------------------------------------------------------------


def test_password_reset_only_where_mail_is_configured(client, settings):
    settings.HECHA_PASSWORD_RESET = False
    assert client.get("/accounts/password_reset/").status_code == 404
    assert "忘记密码" not in client.get("/accounts/login/").content.decode()
    settings.HECHA_PASSWORD_RESET = True
    assert client.get("/accounts/password_reset/").status_code == 200
    assert "忘记密码" in client.get("/accounts/login/").content.decode()


# -- sessions in the database (PostgreSQL without Redis) ------------------------------


def test_settings_keep_sessions_in_the_database_on_postgresql_without_redis(tmp_path):
    """Several servers on one PostgreSQL share their sessions through it; with Redis, there;
    on the embedded SQLite, in the file cache."""
    import json
    import os
    import subprocess
    import sys

    def engine(**env):
        code = ("import json, hecha.settings as s; "
                "print(json.dumps([s.SESSION_ENGINE, s.SESSION_CACHE_ALIAS]))")  # fmt: skip
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             env={**os.environ, "HECHA_HOME": str(tmp_path), **env}, check=True)  # fmt: skip
        return json.loads(run.stdout)[0]

    pg = "postgresql://nobody@127.0.0.1:5432/none"  # only parsed, never connected to
    assert (
        engine(HECHA_DATABASE_URL=pg, HECHA_REDIS_URL="") == "django.contrib.sessions.backends.db"
    )
    assert engine(HECHA_DATABASE_URL=pg, HECHA_REDIS_URL="redis://127.0.0.1:6379/9") == (
        "django.contrib.sessions.backends.cache"
    )
    assert (
        engine(HECHA_DATABASE_URL="", HECHA_REDIS_URL="")
        == "django.contrib.sessions.backends.cache"
    )


def test_a_database_session_logs_in_renews_and_ends_at_logout(client, alice, settings, monkeypatch):
    from django.contrib.sessions.models import Session

    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    assert log_in(client, STRONG).status_code == 302
    assert logged_in(client)
    row = Session.objects.get()
    first_expiry = row.expire_date
    # a minute later the next page renews the idle limit, in the same row
    later = timezone.now() + timedelta(minutes=2)
    monkeypatch.setattr("hecha.accounts.middleware.time.time", lambda: later.timestamp())
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    assert logged_in(client)
    assert Session.objects.get().expire_date > first_expiry
    client.post("/accounts/logout/")
    assert not Session.objects.exists()
    assert not logged_in(client)
