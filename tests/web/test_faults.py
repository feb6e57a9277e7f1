"""Faults of the machine on pages, in the API and in /healthz: a full disk, a read-only or
missing HECHA_HOME, an unreachable database. Each is a Chinese sentence with 503, never a
500 with a traceback, and leaves no partial file behind."""

import errno
import json
import os
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import Client

from hecha import faults, health, private

pytestmark = pytest.mark.django_db


@pytest.fixture
def web():
    """A client that gets the page a browser would get when a view raises."""
    return Client(raise_request_exception=False)


def no_space(name="x"):
    return OSError(errno.ENOSPC, "No space left on device", name)


# -- a full disk -----------------------------------------------------------------------


class _FillsTheDisk:
    """A file that takes half of the first chunk and then finds the disk full."""

    def __init__(self, real):
        self.real = real

    def write(self, data):
        self.real.write(data[: len(data) // 2])
        self.real.flush()
        raise no_space(self.real.name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.real.close()


def _files_under(*roots) -> list[Path]:
    return sorted(p for root in roots if root.exists() for p in root.rglob("*") if p.is_file())


def test_full_disk_on_an_upload_says_so_and_leaves_no_partial_file(
    web, city_reviewer, settings, tmp_path, monkeypatch
):
    """The disk fills while the upload is being saved: whatever writes it, half the file is
    on disk when the rest finds no space."""
    from django.core.files.uploadedfile import InMemoryUploadedFile, SimpleUploadedFile

    from hecha.registry.models import ImportBatch

    settings.UPLOAD_ROOT = tmp_path / "uploads"
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.HECHA_JOBS_IN_BACKGROUND = False
    real_chunks = InMemoryUploadedFile.chunks  # one chunk: the whole file

    def filling(self, chunk_size=None):
        data = b"".join(real_chunks(self))
        yield data[: len(data) // 2]
        raise no_space(self.name)

    monkeypatch.setattr(InMemoryUploadedFile, "chunks", filling)
    web.force_login(city_reviewer)
    csv = SimpleUploadedFile("enterprises.csv", b"uscc,name,district_code\n" * 1000)
    response = web.post("/imports/", {"files": [csv]})
    assert response.status_code == 503
    page = response.content.decode()
    assert faults.DISK_FULL in page and "Traceback" not in page
    assert _files_under(tmp_path / "uploads", tmp_path / "files") == []
    assert ImportBatch.objects.count() == 0


def test_full_disk_when_a_login_writes_its_session_is_503_not_500(web, city_reviewer, monkeypatch):
    from django.core.cache.backends.filebased import FileBasedCache

    def full(*args, **kwargs):
        raise no_space()

    monkeypatch.setattr(FileBasedCache, "set", full)
    monkeypatch.setattr(FileBasedCache, "add", full)
    response = web.post(
        "/accounts/login/", {"username": "city_reviewer", "password": "pw-city_reviewer"}
    )
    assert response.status_code == 503
    assert faults.DISK_FULL in response.content.decode()


def test_a_file_written_on_a_full_disk_leaves_nothing_and_keeps_the_earlier_one(
    tmp_path, monkeypatch
):
    target = tmp_path / "evidence.pdf"
    private.write_bytes(target, b"%PDF earlier")
    real_fdopen = private.os.fdopen

    def filling(fd, mode):
        return _FillsTheDisk(real_fdopen(fd, mode))

    monkeypatch.setattr(private.os, "fdopen", filling)
    with pytest.raises(OSError):
        private.write_bytes(target, b"%PDF " + b"x" * 10_000)
    assert target.read_bytes() == b"%PDF earlier"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["evidence.pdf"]


def test_full_disk_in_the_api_is_503_json(client, heping_officer, monkeypatch):
    from hecha.accounts.services import issue_token

    token = issue_token(username=heping_officer.username)
    monkeypatch.setattr("hecha.registry.selectors.enterprises_visible_to", _raises(no_space()))
    response = client.get("/api/enterprises", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 503
    assert response.json() == {"detail": faults.DISK_FULL}


def _raises(exc):
    def raising(*args, **kwargs):
        raise exc

    return raising


# -- HECHA_HOME ------------------------------------------------------------------------


def test_a_read_only_home_is_found_at_start(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    assert faults.prepare_home(home) is None

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", str(home))

    monkeypatch.setattr(faults.tempfile, "mkstemp", read_only)
    assert faults.prepare_home(home) == faults.HOME_READ_ONLY


def test_a_missing_home_that_cannot_be_made_is_found_at_start(tmp_path, monkeypatch):
    def read_only(self, *args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", str(self))

    monkeypatch.setattr(Path, "mkdir", read_only)
    assert faults.prepare_home(tmp_path / "missing" / "home") == faults.HOME_MISSING


@pytest.mark.parametrize("problem", [faults.HOME_READ_ONLY, faults.HOME_MISSING])
def test_an_unusable_home_answers_every_page_with_its_sentence(web, settings, problem):
    settings.HECHA_HOME_PROBLEM = problem
    for path in ("/accounts/login/", "/", "/documents/1.docx"):
        response = web.get(path)
        assert response.status_code == 503, path
        assert problem in response.content.decode()
        assert "sessionid" not in response.cookies
    api = web.get("/api/me")
    assert api.status_code == 503 and api.json() == {"detail": problem}
    health_page = web.get("/healthz")
    assert health_page.status_code == 503
    assert health_page.json()["checks"]["disk"] == {"ok": False, "message": problem}


# -- the database ----------------------------------------------------------------------


def test_an_unreachable_database_is_a_chinese_page_with_503(web, heping_officer, monkeypatch):
    web.force_login(heping_officer)
    refused = OperationalError('connection to server at "127.0.0.1", port 5432 failed')
    monkeypatch.setattr("hecha.registry.selectors.enterprises_visible_to", _raises(refused))
    response = web.get("/")
    assert response.status_code == 503
    page = response.content.decode()
    assert faults.DB_UNREACHABLE in page
    assert "127.0.0.1" not in page and "5432" not in page and "Traceback" not in page
    assert response["Retry-After"]


def test_an_unreachable_database_in_the_api_is_503_json(client, heping_officer, monkeypatch):
    from hecha.accounts.services import issue_token

    token = issue_token(username=heping_officer.username)
    refused = OperationalError("server closed the connection unexpectedly")
    monkeypatch.setattr("hecha.registry.selectors.enterprises_visible_to", _raises(refused))
    response = client.get("/api/enterprises", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 503
    assert response.json() == {"detail": faults.DB_UNREACHABLE}


def test_other_errors_stay_a_plain_500_page(web, heping_officer, monkeypatch):
    web.force_login(heping_officer)
    monkeypatch.setattr("hecha.registry.selectors.enterprises_visible_to", _raises(KeyError("x")))
    response = web.get("/")
    assert response.status_code == 500
    assert "系统错误" in response.content.decode()


# -- /healthz --------------------------------------------------------------------------


def test_healthz_reports_every_check_without_login(client, settings):
    response = client.get("/healthz")
    body = response.json()
    assert set(body) == {"status", "checks"}
    assert set(body["checks"]) == {"database", "queue", "disk", "libreoffice"}
    for check in body["checks"].values():
        assert isinstance(check["ok"], bool) and check["message"]
    assert isinstance(body["checks"]["disk"]["free_mb"], int)
    all_ok = all(c["ok"] for c in body["checks"].values())
    assert response.status_code == (200 if all_ok else 503)
    assert body["status"] == ("ok" if all_ok else "unavailable")
    text = json.dumps(body, ensure_ascii=False)
    assert str(settings.HECHA_HOME) not in text and "sqlite" not in text.lower()
    assert response["Cache-Control"].startswith("max-age=0")


def test_healthz_is_200_when_all_can_serve(client, monkeypatch):
    monkeypatch.setattr("hecha.documents.pdf.soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(health, "queue", lambda: health._check(True, "队列可用"))
    monkeypatch.setenv("HECHA_MIN_FREE_MB", "1")
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["status"] == "ok"


def test_healthz_is_503_without_libreoffice_or_disk_space(client, monkeypatch):
    monkeypatch.setattr("hecha.documents.pdf.soffice", lambda: None)
    monkeypatch.setenv("HECHA_MIN_FREE_MB", str(10**12))
    response = client.get("/healthz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert (
        checks["libreoffice"]["ok"] is False and "LibreOffice" in checks["libreoffice"]["message"]
    )
    assert checks["disk"]["ok"] is False and "剩余空间不足" in checks["disk"]["message"]
    assert checks["database"] == {"ok": True, "message": "数据库可用"}


def test_healthz_database_check_says_unreachable_without_the_drivers_words(monkeypatch):
    from django.db import connection

    refused = OperationalError('connection to server at "10.0.0.5", port 5432 failed: secret')
    with monkeypatch.context() as m:
        m.setattr(connection, "cursor", _raises(refused))
        check = health.database()
    assert check == {"ok": False, "message": faults.DB_UNREACHABLE}


def test_healthz_uses_the_queues_own_report(monkeypatch):
    import hecha.jobs

    monkeypatch.setattr(
        hecha.jobs, "queue_status", lambda: (False, "任务队列无心跳"), raising=False
    )
    assert health.queue() == {"ok": False, "message": "任务队列无心跳"}


def test_a_checkpoint_written_on_a_full_disk_leaves_no_half_file(reference_data, monkeypatch):
    """A half-written checkpoint would make `hecha audit verify` cry tampering."""
    from hecha.audit import checkpoints

    real_fdopen = checkpoints.os.fdopen
    with monkeypatch.context() as m, pytest.raises(OSError):
        m.setattr(
            checkpoints.os, "fdopen", lambda fd, *a, **k: _FillsTheDisk(real_fdopen(fd, *a, **k))
        )
        checkpoints.write()
    assert str(checkpoints.folder()).startswith(os.environ["HECHA_AUDIT_CHECKPOINTS"])
    assert list(checkpoints.folder().glob("*.json")) == []
    assert checkpoints.write().path.exists()  # with space again, it writes
