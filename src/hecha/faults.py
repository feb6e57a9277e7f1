"""Faults of the machine, said in Chinese: a full disk, a read-only or missing $HECHA_HOME,
a database that cannot be reached. The command line prints the sentence and exits 4; a page
answers 503 with it (`hecha.views.server_error`); the API answers `{"detail": sentence}` with
503; `/healthz` reports the same checks (`hecha.health`).

Settings import this module, so it imports no Django at module level. Sentences shown on
pages name no path, address or server detail; the command line may add the path.
"""

from __future__ import annotations

import errno
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

DISK_FULL = "服务器磁盘空间已满，操作未完成，未保存任何内容。请联系系统管理员清理磁盘后重试。"
HOME_READ_ONLY = (
    "数据目录（HECHA_HOME）只读或没有写入权限，操作未完成。请联系系统管理员检查数据目录。"
)
HOME_MISSING = "数据目录（HECHA_HOME）不存在且无法创建，操作未完成。请联系系统管理员检查数据目录。"
DB_UNREACHABLE = "数据库无法连接，操作未完成。请稍后重试；如仍不可用，请联系系统管理员。"
DB_BUSY = "数据库繁忙，操作未完成。请稍后重试。"
DB_NOT_READY = "数据库尚未初始化或版本不符（请先执行 hecha init）。"
NOT_PERMITTED = "没有访问文件的权限，操作未完成。请联系系统管理员。"

FULL = (errno.ENOSPC, errno.EDQUOT)
READ_ONLY = (errno.EROFS, errno.EACCES, errno.EPERM)


@dataclass(frozen=True)
class Fault:
    message: str  # for anyone: no path, no address
    detail: str = ""  # for the command line: the path or the driver's words
    retry: bool = False  # the same request may succeed soon (a busy database)


def prepare_home(home: Path) -> str | None:
    """Make $HECHA_HOME (0700) and prove it can be written; None when it can, else the
    Chinese sentence to say instead of every command and page."""
    from hecha import private

    try:
        home.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return HOME_READ_ONLY if exc.errno in READ_ONLY and home.exists() else HOME_MISSING
    try:
        private.tighten_home(home)
        fd, probe = tempfile.mkstemp(dir=home, prefix=".hecha-probe-")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        return DISK_FULL if exc.errno in FULL else HOME_READ_ONLY
    return None


def describe(exc: BaseException, home: Path | None = None) -> Fault | None:
    """The fault an exception stands for, or None when it is not one of the machine's."""
    if isinstance(exc, OSError) and not _is_database_error(exc):
        return _os_fault(exc, home)
    if _is_database_error(exc):
        return _database_fault(exc)
    return None


def _os_fault(exc: OSError, home: Path | None) -> Fault | None:
    where = str(exc.filename or "")
    if exc.errno in FULL:
        return Fault(DISK_FULL, where)
    if exc.errno in READ_ONLY:
        inside = home is not None and where.startswith(str(home))
        return Fault(HOME_READ_ONLY if inside or exc.errno == errno.EROFS else NOT_PERMITTED, where)
    if exc.errno == errno.ENOENT and home is not None and not home.exists():
        return Fault(HOME_MISSING, str(home))
    return None


def _is_database_error(exc: BaseException) -> bool:
    from django.db import DatabaseError, InterfaceError

    return isinstance(exc, (DatabaseError, InterfaceError))


def _database_fault(exc: BaseException) -> Fault | None:
    from django.db import InterfaceError, OperationalError, ProgrammingError

    text = str(exc).lower()
    words = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "database is locked" in text or "lock timeout" in text or "deadlock" in text:
        return Fault(DB_BUSY, words, retry=True)
    if "readonly database" in text or "read-only" in text:
        return Fault(HOME_READ_ONLY, words)
    if "disk is full" in text or "no space left" in text or "database or disk is full" in text:
        return Fault(DISK_FULL, words)
    if "no such table" in text or ("relation" in text and "does not exist" in text):
        return Fault(DB_NOT_READY, words)
    if isinstance(exc, (OperationalError, InterfaceError)) and not isinstance(
        exc, ProgrammingError
    ):
        return Fault(DB_UNREACHABLE, words, retry=True)
    return None
