"""`GET /healthz` (no login): can this server serve? The database, the job queue, the disk
space of $HECHA_HOME and LibreOffice, as JSON; 200 when every check passes, 503 otherwise.

It says nothing a stranger could use: no path, address, version, user or error text from a
driver; each check is `{"ok": bool, "message": Chinese sentence}` (the disk adds free MB).
"""

from __future__ import annotations

import logging
import os
import shutil

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from hecha import faults

log = logging.getLogger(__name__)
MB = 1024 * 1024


def _check(ok: bool, message: str, **extra) -> dict:
    return {"ok": ok, "message": message, **extra}


def database() -> dict:
    from django.db import connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM django_migrations LIMIT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure is "cannot serve", said in Chinese
        log.warning("healthz: database: %s", exc)
        fault = faults.describe(exc, settings.HECHA_HOME)
        return _check(False, fault.message if fault else faults.DB_UNREACHABLE)
    return _check(True, "数据库可用")


def queue() -> dict:
    """The job queue's own report (`hecha.jobs.queue_status() -> (ok, message)`, helper
    "queue"); before that exists, jobs run in the web worker and need nothing more."""
    try:
        from hecha.jobs import queue_status  # type: ignore[attr-defined]
    except ImportError:
        return _check(True, "后台任务在网站进程内运行")
    try:
        ok, message = queue_status()
    except Exception as exc:
        log.warning("healthz: queue: %s", exc)
        return _check(False, "后台任务队列不可用")
    return _check(bool(ok), str(message))


def min_free_mb() -> int:
    try:
        return int(os.environ.get("HECHA_MIN_FREE_MB", "") or 500)
    except ValueError:
        return 500


def disk() -> dict:
    if problem := settings.HECHA_HOME_PROBLEM:
        return _check(False, problem)
    try:
        free = shutil.disk_usage(settings.HECHA_HOME).free // MB
    except OSError:
        return _check(False, faults.HOME_MISSING)
    if free < min_free_mb():
        return _check(False, f"数据目录所在磁盘剩余空间不足 {min_free_mb()} MB", free_mb=free)
    return _check(True, "磁盘空间充足", free_mb=free)


def libreoffice() -> dict:
    from hecha.documents.pdf import soffice

    if soffice() is None:
        return _check(False, "服务器未安装 LibreOffice，无法生成 PDF（DOCX 不受影响）")
    return _check(True, "LibreOffice 已安装")


CHECKS = {"database": database, "queue": queue, "disk": disk, "libreoffice": libreoffice}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {name: check() for name, check in CHECKS.items()}
    ok = all(c["ok"] for c in checks.values())
    return JsonResponse(
        {"status": "ok" if ok else "unavailable", "checks": checks},
        status=200 if ok else 503,
        json_dumps_params={"ensure_ascii": False},
    )
