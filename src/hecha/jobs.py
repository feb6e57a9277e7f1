"""Long work started from a page (an import, a comparison run) runs beside the request and
reports its progress to the cache; the page polls it with htmx.

Only the user who started a job can see it. A refusal (bad input) keeps its messages in the
job's state; nothing was changed. In tests, `HECHA_JOBS_IN_BACKGROUND = False` runs the work
inside the request.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection

log = logging.getLogger(__name__)
TTL = 24 * 3600
Progress = Callable[[str, int, int], None]


class Refused(Exception):
    """Raised by a job's work when the input is refused; `messages` say why, in Chinese."""

    def __init__(self, messages: list[str], total: int | None = None) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages
        self.total = total if total is not None else len(messages)


def _key(token: str) -> str:
    return f"hecha:job:{token}"


def job_state(token: str, user, kind: str) -> dict | None:
    """The job's state, or None if there is no such job of this user's and kind."""
    state = cache.get(_key(token))
    if not state or state.get("owner") != user.pk or state.get("kind") != kind:
        return None
    return state


def start_job(
    *,
    user,
    kind: str,
    work: Callable[[Progress], dict],
    cleanup: Callable[[], None] | None = None,
    info: dict | None = None,
) -> str:
    """Start `work(progress)`; its returned dict is merged into the final state."""
    token = secrets.token_urlsafe(12)
    state = {"owner": user.pk, "kind": kind, "state": "running", "stage": "等待开始", "done": 0,
             "total": 0, "started": time.time(), **(info or {})}  # fmt: skip
    cache.set(_key(token), state, TTL)
    background = getattr(settings, "HECHA_JOBS_IN_BACKGROUND", True)
    args = (token, state, work, cleanup, background)
    if background:
        threading.Thread(target=_run, args=args, daemon=True).start()
    else:
        _run(*args)
    return token


def _run(token, state, work, cleanup, own_connection: bool) -> None:
    last = [0.0]

    def progress(stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] < 0.3 and 0 < done < total:
            return
        last[0] = now
        cache.set(_key(token), {**state, "stage": stage, "done": done, "total": total}, TTL)

    try:
        result = work(progress)
    except Refused as refused:
        final = {**state, "state": "refused", "problems": refused.messages,
                 "problem_count": refused.total}  # fmt: skip
    except Exception:
        log.exception("job %s (%s) failed", token, state.get("kind"))
        final = {**state, "state": "failed"}
    else:
        final = {**state, "state": "done", **result}
    finally:
        if cleanup:
            cleanup()
        if own_connection:
            connection.close()
    cache.set(_key(token), final, TTL)
