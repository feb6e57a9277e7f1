"""Who is asking, as far as login throttling and the public rate limits are concerned.

Behind N reverse proxies (HECHA_TRUSTED_PROXIES=N) the client is the address the nearest of
them saw, the N-th from the right in X-Forwarded-For; otherwise the connection's address.
An address a client writes itself into X-Forwarded-For is never trusted.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _address(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, or None when there is no valid one (a test request, a unix
    socket): django-axes stores it in an address column, which refuses anything else."""
    proxies = getattr(settings, "HECHA_TRUSTED_PROXIES", 0)
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    if proxies <= 0:
        return remote
    chain = [a for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    return (_address(chain[-proxies]) if len(chain) >= proxies else None) or remote


def ratelimit_key(group: str, request: HttpRequest) -> str:
    """django-ratelimit's key: one bucket per client address."""
    return client_ip(request) or "unknown"
