"""Sessions end after a period without requests (SESSION_COOKIE_AGE, default 2 hours).

Django sets a session's expiry when it saves it (sessions are in a file cache, settings), so
a signed-in session is touched at most once a minute: it then expires between AGE - 1
minute and AGE after the last request."""

from __future__ import annotations

import time

TOUCH_EVERY = 60  # seconds


class IdleSessions:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            if now - int(request.session.get("touched", 0)) >= TOUCH_EVERY:
                request.session["touched"] = (
                    now  # saved, with a new expiry, by the session middleware
                )
        return self.get_response(request)
