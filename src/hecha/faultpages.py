"""Faults of the machine on pages and in the API: a Chinese page (or `{"detail": ...}`)
with 503, never a 500 with a traceback (the sentences: `hecha.faults`)."""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

from hecha import faults

log = logging.getLogger(__name__)
# answered even when HECHA_HOME cannot be used: the health check and the static files
OPEN_WHILE_HOME_FAILS = ("/healthz", "/static/")


def fault_response(request: HttpRequest, message: str, status: int = 503) -> HttpResponse:
    """The sentence as JSON for the API, else as a plain page that needs no database,
    session or template context (any of which may be what failed)."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status,
                            json_dumps_params={"ensure_ascii": False})  # fmt: skip
    html = render_to_string("503.html" if status == 503 else "500.html", {"message": message})
    return HttpResponse(html, status=status, content_type="text/html; charset=utf-8")


def fault_of(exc: BaseException | None) -> faults.Fault | None:
    return faults.describe(exc, settings.HECHA_HOME) if exc is not None else None


def with_retry_after(response: HttpResponse, fault: faults.Fault) -> HttpResponse:
    if fault.retry:
        response["Retry-After"] = "5"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's handler500: what broke, if it was the machine, said in Chinese with 503."""
    fault = fault_of(sys.exc_info()[1])
    if fault is None:
        return fault_response(request, "系统错误，请联系系统管理员", 500)
    log.error("fault: %s (%s)", fault.message, fault.detail)
    return with_retry_after(fault_response(request, fault.message), fault)


class HomeGuard:
    """An unusable HECHA_HOME (found at start, `settings.HECHA_HOME_PROBLEM`) answers every
    page with its sentence and 503, before anything tries to write a session or a cache."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        problem = getattr(settings, "HECHA_HOME_PROBLEM", None)
        if problem and not request.path.startswith(OPEN_WHILE_HOME_FAILS):
            return fault_response(request, problem)
        return self.get_response(request)
