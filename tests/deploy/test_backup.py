"""`hecha backup` copies a running SQLite installation (online backup API) with its files
and keys; `hecha restore` puts it into an empty home where the data, the files and an intact
audit trail are found again."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

PASSWORD = "Backup-Restore-2026!"


def _hecha(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if k not in ("HECHA_DATABASE_URL", "HECHA_AUDIT_CHECKPOINTS", "HECHA_REDIS_URL")}  # fmt: skip
    return subprocess.run([sys.executable, "-m", "hecha.cli", *args], env=env | {"HECHA_HOME": str(home)},
                          capture_output=True, text=True, timeout=600)  # fmt: skip


def _ok(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_a_backup_restored_into_an_empty_home_has_the_data_files_and_audit_trail(tmp_path):
    old, new, backup = tmp_path / "old", tmp_path / "new", tmp_path / "backup"
    _ok(_hecha(old, "init"))
    _ok(_hecha(old, "user", "add", "kept_user", "--role", "city_reviewer", "--password", PASSWORD))
    _ok(_hecha(old, "audit", "checkpoint"))
    evidence = old / "files" / "evidence" / "1" / "shot.png"
    evidence.parent.mkdir(parents=True)
    evidence.write_bytes(b"\x89PNG evidence")

    out = _ok(_hecha(old, "backup", str(backup)))
    assert "备份完成" in out
    manifest = json.loads((backup / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["database"] == "sqlite" and manifest["files"] == 1
    assert oct((backup / "hecha.sqlite3").stat().st_mode & 0o777) == "0o600"

    out = _ok(_hecha(new, "restore", str(backup)))
    assert "恢复完成" in out
    assert (new / "files" / "evidence" / "1" / "shot.png").read_bytes() == b"\x89PNG evidence"
    with sqlite3.connect(new / "hecha.sqlite3") as db:
        assert db.execute(
            "SELECT role FROM accounts_user WHERE username = 'kept_user'"
        ).fetchone() == ("city_reviewer",)
    # the same chain, signed with the same key, agreeing with the same checkpoints
    assert _ok(_hecha(new, "audit", "verify")) == _ok(_hecha(old, "audit", "verify"))
    assert "审计记录完整" in _ok(_hecha(new, "audit", "verify"))


def test_restore_refuses_to_overwrite_a_database_without_force(tmp_path):
    home, backup = tmp_path / "home", tmp_path / "backup"
    _ok(_hecha(home, "init"))
    _ok(_hecha(home, "backup", str(backup)))
    done = _hecha(home, "restore", str(backup))
    assert done.returncode == 2
    assert "已存在；确认覆盖请加 --force" in done.stderr
    refused = _hecha(home, "restore", str(tmp_path / "nothing"))
    assert refused.returncode == 2 and "不是 hecha backup 的备份目录" in refused.stderr
