"""Pages that the API lists (a document's DOCX, PDF and XLSX) answer an API token as well as
a session, so an integrating system can fetch what it is told about.

A request carrying `Authorization: Bearer TOKEN` is the token's user for this request only
(no session is made); a wrong, expired or revoked token answers 401 and a refusal 404, both
as the API answers them: JSON `{"detail": message}` in Chinese. A request without the header
is a browser's: not signed in, it is sent to the login page as before.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse

TOKEN_REFUSED = "未登录或令牌无效"


def detail(message: str, status: int) -> JsonResponse:
    response = JsonResponse({"detail": message}, status=status,
                            json_dumps_params={"ensure_ascii": False})  # fmt: skip
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="hecha"'
    return response


def token_of(request: HttpRequest) -> str | None:
    """The bearer token the request carries: None without an Authorization header, "" for a
    header that is not a bearer token."""
    header = request.META.get("HTTP_AUTHORIZATION")
    if header is None:
        return None
    scheme, _, token = header.strip().partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def is_bearer(request: HttpRequest) -> bool:
    return getattr(request, "hecha_bearer", False)


def login_or_bearer(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    browser_view = login_required(view)

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        token = token_of(request)
        if token is None:
            return browser_view(request, *args, **kwargs)
        from hecha.accounts.services import user_for_token

        user = user_for_token(token) if token else None
        if user is None:
            return detail(TOKEN_REFUSED, 401)
        request.user = user
        request.hecha_bearer = True  # type: ignore[attr-defined]
        try:
            return view(request, *args, **kwargs)
        except Http404 as exc:
            return detail(str(exc) or "不存在", 404)

    return wrapped
