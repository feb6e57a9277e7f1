"""Every API error is JSON {"detail": message} (CONTRACT.md §5), also those Django answers
before the API sees the request: an unknown address, a method not allowed, a refused CSRF."""

from django.http import JsonResponse

API_MESSAGES = {
    400: "请求有误",
    401: "未登录或令牌无效",
    403: "无权访问",
    404: "接口不存在",
    405: "不支持的请求方法",
    413: "请求过大",
}


class ApiJsonErrors:
    def __init__(self, get_response):
        self.get_response = get_response

    def process_exception(self, request, exception):
        """A number or date out of range in a form (an id of 2**70, a year 9999 + 30 days):
        bad input, answered 400, never 500."""
        if not isinstance(exception, OverflowError):
            return None
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"detail": "参数超出范围"}, status=400, json_dumps_params={"ensure_ascii": False}
            )
        from django.shortcuts import render

        return render(request, "400.html", status=400)

    def __call__(self, request):
        try:
            has_nul = _has_nul(request)
        except Exception:  # a body Django cannot parse (bad multipart, too large): the view says so
            has_nul = False
        if has_nul:
            # PostgreSQL cannot store U+0000 in text; no form or API field needs it
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "参数错误：含有非法字符（U+0000）"}, status=400,
                                    json_dumps_params={"ensure_ascii": False})  # fmt: skip
            from django.shortcuts import render

            return render(request, "400.html", status=400)
        response = self.get_response(request)

        if (
            request.path.startswith("/api/")
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            status = response.status_code
            message = API_MESSAGES.get(
                status, "系统错误，请联系系统管理员" if status >= 500 else "请求有误"
            )
            json = JsonResponse(
                {"detail": message}, status=status, json_dumps_params={"ensure_ascii": False}
            )
            if response.has_header("Allow"):
                json["Allow"] = response["Allow"]
            return json
        return response


def _has_nul(request) -> bool:
    if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
        return True
    content_type = request.META.get("CONTENT_TYPE", "")
    if request.method in ("POST", "PUT", "PATCH"):
        if content_type.startswith("multipart/"):
            return any("\x00" in v for values in request.POST.lists() for v in values[1])
        body = request.body
        return b"\x00" in body or b"\\u0000" in body or b"%00" in body
    return False
