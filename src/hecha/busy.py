"""A write that had to wait too long for a lock is answered 503 "please retry", never 500.

SQLite has one write lock for the whole file: a write waits at most the busy timeout
(HECHA_DB_BUSY_SECONDS) and then fails with "database is locked". PostgreSQL waits at most
its lock_timeout (the same setting) and then fails with SQLSTATE 55P03. Either way the
transaction was rolled back, nothing changed, and the user is told to try again.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import OperationalError, connection
from django.http import JsonResponse
from django.shortcuts import render

BUSY_MESSAGE = "系统正忙，请稍后重试"
BUSY_DETAIL = (
    "数据库正被其他操作（如大批量数据导入）占用，本次操作未执行，未作任何更改。请稍后重新提交。"
)
RETRY_AFTER_SECONDS = 5
# SQLSTATE: lock_not_available (lock_timeout), query_canceled (statement_timeout),
# deadlock_detected, serialization_failure
_PG_BUSY = frozenset({"55P03", "57014", "40P01", "40001"})


def is_lock_wait(exc: BaseException) -> bool:
    """Whether the database refused because it was busy, not because something is wrong."""
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__
    if getattr(cause, "sqlstate", None) in _PG_BUSY:
        return True
    text = str(exc).lower()
    return "database is locked" in text or "database table is locked" in text


class BusyRetryLater:
    """Turns a lock wait that ran out into a Chinese 503 page or JSON answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_lock_wait(exception):
            return None
        if request.path.startswith("/api/"):
            response = JsonResponse(
                {"detail": BUSY_MESSAGE}, status=503, json_dumps_params={"ensure_ascii": False}
            )
        else:
            response = render(
                request,
                "503.html",
                {"title": BUSY_MESSAGE, "message": BUSY_DETAIL},
                status=503,
            )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response


PATIENT_SECONDS = 300


@contextmanager
def patient(seconds: int = PATIENT_SECONDS) -> Iterator[None]:
    """Long background work (an import, a comparison run) may wait longer for a lock than a
    user's click: for its own connection, while it runs."""
    from django.conf import settings

    short = settings.BUSY_SECONDS
    _wait_at_most(seconds)
    try:
        yield
    finally:
        _wait_at_most(short)


def _wait_at_most(seconds: int) -> None:
    connection.ensure_connection()
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(f"SET lock_timeout = {int(seconds) * 1000}")
        elif connection.vendor == "sqlite":
            cur.execute(f"PRAGMA busy_timeout = {int(seconds) * 1000}")
