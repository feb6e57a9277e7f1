"""The queue's tasks: a job, the minutely reaper and consumer heartbeat, the hourly sweep."""

from __future__ import annotations

import logging

from django.db import close_old_connections
from huey import crontab

from hecha.jobs import services
from hecha.jobs.queue import HUEY

log = logging.getLogger(__name__)
SWEEP_LEASE = "sweep"
SWEEP_EVERY = 3600 - 120  # tried every five minutes: runs once an hour on all servers together


@HUEY.pre_execute()
def _fresh_connection(task) -> None:
    """Every task starts on a usable database connection (a long-lived consumer's may be
    stale), and leaves none behind: huey's hooks, run around each task."""
    close_old_connections()


@HUEY.post_execute()
def _release_connection(task, task_value, exc) -> None:
    close_old_connections()


@HUEY.task()
def run_job(token: str) -> None:
    services.execute(token)


@HUEY.periodic_task(crontab(minute="*"))
def minutely() -> None:
    services.consumer_alive()
    if reaped := services.reap():
        log.warning("reaped dead jobs: %s", reaped)
    services.requeue_lost()


@HUEY.periodic_task(crontab(minute="*/5"))
def hourly_sweep() -> None:
    sweep_once()


def sweep_once() -> dict | None:
    """The sweep, if no server ran it within the hour (a lease row in the database)."""
    if not services.take_lease(SWEEP_LEASE, SWEEP_EVERY):
        return None
    from hecha.commands.sweep import scheduled

    try:
        result = scheduled()
    except Exception:
        log.exception("sweep failed")
        return None
    log.info("sweep: %s", result)
    return result


@HUEY.on_startup()
def _started() -> None:
    """A consumer thread starts: say so, reap what a killed predecessor left, and queue the
    sweep (it runs unless a server ran it within the hour)."""
    try:
        services.consumer_alive()
        services.reap()
    except Exception:
        log.exception("queue start-up")
    finally:
        close_old_connections()
    hourly_sweep()
