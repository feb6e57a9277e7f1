"""The JSON API (CONTRACT.md §5): one router per app, bearer-token or session auth,
errors as {"detail": message} in Chinese, never a 5xx for bad input."""

from __future__ import annotations

import logging

from django.db import DataError, OperationalError
from django.http import Http404, HttpRequest
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, django_auth

from hecha.busy import BUSY_MESSAGE, RETRY_AFTER_SECONDS, is_lock_wait
from hecha.cases.api import public as public_router
from hecha.cases.api import router as cases_router
from hecha.checks.api import router as checks_router
from hecha.registry.api import router as registry_router

log = logging.getLogger(__name__)


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        from hecha.accounts.services import user_for_token

        return user_for_token(token)


api = NinjaAPI(
    title="核查 API",
    version="1",
    description="建筑业企业资质动态核查系统的接口。认证：`Authorization: Bearer TOKEN`（`hecha user token`）或登录会话。",
    auth=[BearerToken(), django_auth],
    urls_namespace="api",
)


def _detail(request, message: str, status: int):
    return api.create_response(request, {"detail": message}, status=status)


# pydantic's error types, said in Chinese (its own messages are English)
VALIDATION_MESSAGES = {
    "missing": "缺少此项",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "date_parsing": "应为日期（YYYY-MM-DD）",
    "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）",
    "date_type": "应为日期（YYYY-MM-DD）",
    "datetime_parsing": "应为时间",
    "string_type": "应为文本",
    "list_type": "应为列表",
    "tuple_type": "应为数组",
    "dict_type": "应为对象",
    "model_attributes_type": "应为对象",
    "json_invalid": "JSON 格式错误",
    "less_than_equal": "不能大于 {le}",
    "greater_than_equal": "不能小于 {ge}",
    "less_than": "应小于 {lt}",
    "greater_than": "应大于 {gt}",
    "too_long": "过长",
    "too_short": "过短",
}


def _chinese(error: dict) -> str:
    template = VALIDATION_MESSAGES.get(error.get("type", ""), "格式错误")
    try:
        return template.format(**(error.get("ctx") or {}))
    except (KeyError, IndexError):
        return "格式错误"


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    parts = []
    for error in exc.errors[:5]:
        loc = [
            str(x)
            for x in error.get("loc", ())
            if x not in ("body", "query", "path", "payload", "filters")
        ]
        where = ".".join(loc)
        parts.append(f"{where}：{_chinese(error)}" if where else _chinese(error))
    return _detail(request, "参数错误：" + "；".join(parts), 400)


@api.exception_handler(AuthenticationError)
def on_auth_error(request, exc):
    return _detail(request, "未登录或令牌无效", 401)


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return _detail(request, str(exc) or "不存在", 404)


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    return _detail(request, str(exc), exc.status_code)


@api.exception_handler(DataError)
@api.exception_handler(OverflowError)
def on_overflow(request, exc):
    """A number or date too large for the database or the calendar (e.g. an id of 2**70)."""
    return _detail(request, "参数超出范围", 400)


@api.exception_handler(OperationalError)
def on_database_busy(request, exc):
    """A write that waited too long for a lock: retry later (hecha.busy), never 500."""
    if not is_lock_wait(exc):
        return on_error(request, exc)
    response = _detail(request, BUSY_MESSAGE, 503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@api.exception_handler(Exception)
def on_error(request, exc):
    from hecha.faultpages import fault_of, with_retry_after

    if fault := fault_of(exc):  # full disk, unusable HECHA_HOME, database: 503 in Chinese
        log.error("API fault: %s (%s)", fault.message, fault.detail)
        return with_retry_after(_detail(request, fault.message, 503), fault)
    log.exception("API error")
    return _detail(request, "系统错误，请联系系统管理员", 500)


@api.get("/me", summary="当前用户", tags=["账户"])
def me(request: HttpRequest):
    user = request.auth
    return {
        "username": user.username,
        "name": user.display_name,
        "role": user.role,
        "district_code": user.district.code if user.district else None,
    }


api.add_router("/", registry_router)
api.add_router("/checks", checks_router)
api.add_router("/cases", cases_router)
api.add_router("/public", public_router)
