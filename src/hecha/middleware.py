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

    def __call__(self, request):
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
