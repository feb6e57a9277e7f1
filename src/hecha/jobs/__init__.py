"""Long work started from a page (an import, a comparison run) runs as a job on the queue
(huey: SQLite in $HECHA_HOME by default, Redis when HECHA_REDIS_URL is set); its state lives
in the database (`Job`), the page polls it with htmx.

    token = start_job(user=..., kind="import", work="hecha.registry.jobs.import_work",
                      params={...JSON...}, upload="uploads/imports/<folder>", info={...})
    state = job_state(token, user, "import")   # dict, or None: not this user's job of this kind

`work(*, user, progress, **params) -> dict` runs in the consumer (`hecha worker`, or the
child that `hecha serve` starts); it raises `Refused(messages)` for bad input. `upload` names
a folder in Django's storage removed when the job ends, however it ends. A job whose process
died is marked failed with a Chinese reason (heartbeat; `hecha.jobs.services.reap`). With
`HECHA_JOBS_IN_BACKGROUND = False` (tests) the work runs inside the request.
"""

from __future__ import annotations

from typing import Any


class Refused(Exception):
    """Raised by a job's work when the input is refused; `messages` say why, in Chinese."""

    def __init__(self, messages: list[str], total: int | None = None) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages
        self.total = total if total is not None else len(messages)


def __getattr__(name: str) -> Any:
    # The services need the app registry; importing them lazily keeps `hecha.jobs` importable
    # while Django starts (it is an installed app).
    if name in {"start_job", "job_state", "queue_status"}:
        from hecha.jobs import services

        return getattr(services, name)
    raise AttributeError(name)
