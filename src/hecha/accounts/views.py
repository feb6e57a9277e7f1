"""Login, the lockout page, and password reset only where mail can be sent."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth
from django.http import Http404
from django.shortcuts import render


class LoginView(auth.LoginView):
    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "password_reset": settings.HECHA_PASSWORD_RESET,
        }


def locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout answer, in Chinese, with the numbers of the settings."""
    minutes = round(settings.AXES_COOLOFF_TIME * 60) if settings.AXES_COOLOFF_TIME else None
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=429)


def with_mail(view):
    """Password reset sends a link by mail: without mail configured there is no such page."""

    def wrapped(request, *args, **kwargs):
        if not settings.HECHA_PASSWORD_RESET:
            raise Http404("未配置邮件服务，不提供找回密码；请联系系统管理员重置密码")
        return view(request, *args, **kwargs)

    return wrapped
