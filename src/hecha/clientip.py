"""Who is asking, as far as login throttling and the public rate limits are concerned.

Behind N reverse proxies (HECHA_TRUSTED_PROXIES=N) the client is the address the nearest of
them saw, the N-th from the right in X-Forwarded-For; otherwise the connection's address.
An address a client writes itself into X-Forwarded-For is never trusted.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    proxies = getattr(settings, "HECHA_TRUSTED_PROXIES", 0)
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    if proxies <= 0:
        return remote
    chain = [
        a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()
    ]
    return chain[-proxies] if len(chain) >= proxies else remote


def ratelimit_key(group: str, request: HttpRequest) -> str:
    """django-ratelimit's key: one bucket per client address."""
    return client_ip(request)
