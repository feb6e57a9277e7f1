"""What Hecha writes is for Hecha's own user alone: folders 0700, files 0600.

The process umask is set to 077 at start-up (settings), so every file and folder created
later — SQLite's database, WAL and journal, the cache, uploads, generated files — is
private by default; the helpers here say it explicitly where Hecha writes on purpose
(evidence, keys, checkpoints), and `tighten_home` mends a folder made by an older version.
"""

from __future__ import annotations

import os
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600
UMASK = 0o077


def restrict_umask() -> None:
    os.umask(UMASK)


def make_dir(path: Path) -> Path:
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    path.chmod(DIR_MODE)
    return path


def write_bytes(path: Path, data: bytes) -> Path:
    """Write a file readable by this user only, whatever the umask. All or nothing: the
    bytes go to a temporary file beside it, renamed over `path` when complete, so a full
    disk leaves neither a partial file nor a damaged earlier one."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        partial.chmod(FILE_MODE)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return path


def write_text(path: Path, text: str) -> Path:
    return write_bytes(path, text.encode("utf-8"))


# what Hecha itself puts directly in HECHA_HOME
OWN = ("hecha.sqlite3", "hecha.sqlite3-wal", "hecha.sqlite3-shm", "hecha.sqlite3-journal",
       "secret_key", "audit_key", "audit-checkpoints", "cache", "sessions", "static", "files", "uploads",
       "libreoffice-profile", "demo-data")  # fmt: skip


def tighten_home(home: Path) -> None:
    """HECHA_HOME 0700 and Hecha's own entries in it private (a home made by an older
    version had 0644 database files and 0755 folders). A shared folder (sticky bit, like
    /tmp) and anything Hecha did not make are left alone."""
    if home.stat().st_mode & 0o1000 == 0:
        home.chmod(DIR_MODE)
    for name in OWN:
        entry = home / name
        if entry.exists() and not entry.is_symlink():
            entry.chmod(DIR_MODE if entry.is_dir() else FILE_MODE)
