"""Faults of the machine at the command line: one Chinese line on standard error, exit 4,
no traceback, for a missing or read-only HECHA_HOME (also on a read-only file system), an
unreachable database and a full disk."""

import errno
import os
import subprocess
import sys

import pytest

from hecha import faults
from hecha.cli import EXIT_FAULT, main


def hecha(args, *, home, env=None, prelude=""):
    """Run `hecha ARGS` in a fresh process (settings read HECHA_HOME once, at start)."""
    code = f"{prelude}\nimport sys\nfrom hecha.cli import main\nsys.exit(main({args!r}))"
    environment = {k: v for k, v in os.environ.items() if not k.startswith("HECHA_")}
    environment.update({"HECHA_HOME": str(home), **(env or {})})
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=environment, timeout=120, check=False)  # fmt: skip


def said(result, sentence):
    assert result.returncode == EXIT_FAULT, result.stderr
    assert sentence in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


READ_ONLY_FS = """
import errno, os, pathlib
def read_only(*args, **kwargs):
    raise OSError(errno.EROFS, "Read-only file system", str(args[0]))
os.mkdir = read_only
pathlib.Path.mkdir = lambda self, *a, **k: read_only(self)
"""


def test_a_missing_home_on_a_read_only_file_system(tmp_path):
    result = hecha(["stats"], home=tmp_path / "missing" / "home", prelude=READ_ONLY_FS)
    said(result, faults.HOME_MISSING)
    assert not (tmp_path / "missing").exists()


def test_a_home_that_cannot_be_made_here(tmp_path):
    """/sys refuses new folders even to root: a real refusal, no simulation."""
    if os.path.exists("/sys/hecha-home") or not os.path.isdir("/sys/kernel"):
        pytest.skip("no /sys here")
    said(hecha(["init"], home="/sys/hecha-home"), faults.HOME_MISSING)


def test_a_read_only_home(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    prelude = """
import errno, tempfile
def read_only(*args, **kwargs):
    raise OSError(errno.EROFS, "Read-only file system")
tempfile.mkstemp = read_only
"""
    result = hecha(["stats"], home=home, prelude=prelude)
    said(result, faults.HOME_READ_ONLY)
    assert list(home.iterdir()) == []  # nothing written: no key, no cache, no database


@pytest.mark.parametrize(
    "url",
    ["postgresql://postgres@127.0.0.1:1/hecha_nowhere", "sqlite:////nonexistent-dir/db.sqlite3"],
)
def test_an_unreachable_database(tmp_path, url):
    result = hecha(["stats"], home=tmp_path / "home", env={"HECHA_DATABASE_URL": url})
    said(result, faults.DB_UNREACHABLE)


@pytest.mark.django_db
def test_a_full_disk_during_a_command(monkeypatch, capsys):
    def full(args):
        raise OSError(errno.ENOSPC, "No space left on device", "/var/hecha/files/x.docx")

    import hecha.commands.stats

    monkeypatch.setattr(hecha.commands.stats, "run", full)
    assert main(["stats"]) == EXIT_FAULT
    err = capsys.readouterr().err
    assert faults.DISK_FULL in err and "Traceback" not in err


@pytest.mark.django_db
def test_an_uninitialised_database_still_says_hecha_init(monkeypatch, capsys):
    from django.db import OperationalError

    def missing(args):
        raise OperationalError("no such table: registry_enterprise")

    import hecha.commands.stats

    monkeypatch.setattr(hecha.commands.stats, "run", missing)
    assert main(["stats"]) == 2
    assert "hecha init" in capsys.readouterr().err


@pytest.mark.django_db
def test_other_errors_are_not_hidden(monkeypatch):
    import hecha.commands.stats

    monkeypatch.setattr(hecha.commands.stats, "run", lambda args: {}["x"])
    with pytest.raises(KeyError):
        main(["stats"])


def test_check_out_on_a_full_disk_leaves_no_partial_file(tmp_path, monkeypatch, db, capsys):
    out = tmp_path / "findings.json"
    real_write = type(out).write_bytes

    def filling(self, data):
        real_write(self, data[:1])
        raise OSError(errno.ENOSPC, "No space left on device", str(self))

    from hecha.reference import load_reference_data

    list(load_reference_data())
    monkeypatch.setattr(type(out), "write_bytes", filling)
    assert main(["check", "--as-of", "2026-11-24", "--out", str(out)]) == 2
    assert not out.exists()
    assert "无法写入" in capsys.readouterr().err
    assert errno.ENOSPC in faults.FULL
