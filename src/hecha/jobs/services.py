"""Starting, running, reading and reaping jobs; leases for once-only periodic work."""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string

from hecha.jobs import Refused, files
from hecha.jobs.models import Job, Lease

log = logging.getLogger(__name__)
Progress = Callable[[str, int, int], None]

HOST = socket.gethostname()[:100]
HEARTBEAT_SECONDS = 10
STALE_AFTER = timedelta(seconds=40)  # a job on another host without a heartbeat this long died
# a queued job not in the queue this long lost its entry (a flushed Redis, a removed queue
# file): it is queued again; one queued this long without running is given up
REQUEUE_AFTER = timedelta(minutes=5)
GIVE_UP_AFTER = timedelta(hours=24)
CONSUMER_LEASE = "queue-consumer"
DIED = "任务中断：执行任务的进程已停止（服务器重启或进程被终止），任务未完成。上传的文件已删除，请重新开始。"
FAILED = "系统错误，任务未完成。请联系系统管理员。"
NEVER_RAN = "任务排队超过24小时仍未执行（后台任务进程未运行或任务队列已清空），上传的文件已删除，请重新开始。"


def start_job(
    *,
    user,
    kind: str,
    work: str,
    params: dict | None = None,
    upload: str = "",
    info: dict | None = None,
) -> str:
    """Record the job and queue `work` (a dotted path); returns the job's token."""
    job = Job.objects.create(token=secrets.token_urlsafe(12), kind=kind, owner=user, work=work,
                             params=params or {}, upload=upload, info=info or {})  # fmt: skip
    if getattr(settings, "HECHA_JOBS_IN_BACKGROUND", True):
        from hecha.jobs.tasks import run_job

        transaction.on_commit(lambda: run_job(job.token))
    else:
        execute(job.token, heartbeat=False)
    return job.token


def job_state(token: str, user, kind: str) -> dict | None:
    """The job's state for its page, or None if there is no such job of this user's and kind.
    A running job whose process died is reaped here too, so its page says so at once."""
    job = Job.objects.filter(token=token, owner=user, kind=kind).first()
    if job is None:
        return None
    if job.state == Job.State.RUNNING and _is_dead(job, timezone.now()):
        _mark_died(job)
        job.refresh_from_db()
    return _as_dict(job)


def _as_dict(job: Job) -> dict:
    state = {"kind": job.kind, "state": job.state, "stage": job.stage, "done": job.done,
             "total": job.total, "started": job.created_at.timestamp(), **job.info}  # fmt: skip
    if job.state in (Job.State.QUEUED, Job.State.RUNNING):
        state.update(cache.get(_progress_key(job.token)) or {})
        state["state"] = "running"  # the page polls either way
        if job.state == Job.State.QUEUED:
            state["stage"] = "排队等待后台任务进程"
    elif job.state == Job.State.REFUSED:
        state.update(problems=job.problems, problem_count=job.problem_count)
    elif job.state == Job.State.FAILED:
        state["reason"] = job.reason
    else:
        state.update(job.result)
    return state


def _progress_key(token: str) -> str:
    return f"hecha:job-progress:{token}"


# -- running -----------------------------------------------------------------------------


def execute(token: str, *, heartbeat: bool = True) -> None:
    """Run the queued job `token` here (in the consumer; in tests inside the request)."""
    now = timezone.now()
    claimed = Job.objects.filter(token=token, state=Job.State.QUEUED).update(
        state=Job.State.RUNNING, host=HOST, pid=os.getpid(), started_at=now, heartbeat_at=now,
        stage="开始",
    )  # fmt: skip
    if not claimed:
        return  # reaped, or taken by another consumer
    job = Job.objects.select_related("owner").get(token=token)
    live = {"stage": "开始", "done": 0, "total": 0}
    beat = _Heartbeat(job.pk, live) if heartbeat else None
    try:
        final = _outcome(job, _progress(token, live))
    finally:
        if beat:
            beat.stop()
        files.remove_folder(job.upload)
    Job.objects.filter(pk=job.pk).update(finished_at=timezone.now(), **final)
    cache.delete(_progress_key(token))


def _outcome(job: Job, progress: Progress) -> dict:
    try:
        result = import_string(job.work)(user=job.owner, progress=progress, **job.params)
    except Refused as refused:
        return {"state": Job.State.REFUSED, "problems": refused.messages,
                "problem_count": refused.total}  # fmt: skip
    except Exception:
        log.exception("job %s (%s) failed", job.token, job.kind)
        return {"state": Job.State.FAILED, "reason": FAILED}
    return {"state": Job.State.DONE, "result": result or {}}


def _progress(token: str, live: dict) -> Progress:
    """Progress goes to the cache at once (the work may hold the database's write lock) and to
    the job's row with the next heartbeat."""
    last = [0.0]

    def progress(stage: str, done: int, total: int) -> None:
        live.update(stage=stage[:200], done=done, total=total)
        now = time.monotonic()
        if now - last[0] < 0.3 and 0 < done < total:
            return
        last[0] = now
        cache.set(_progress_key(token), dict(live), 24 * 3600)

    return progress


class _Heartbeat:
    """Every HEARTBEAT_SECONDS, from its own thread and connection: the job's row says it is
    alive, with its latest progress."""

    def __init__(self, job_id: int, live: dict) -> None:
        self.job_id, self.live = job_id, live
        self.stopped = threading.Event()
        self.thread = threading.Thread(
            target=self._loop, name=f"job-{job_id}-heartbeat", daemon=True
        )
        self.thread.start()

    def _loop(self) -> None:
        try:
            while not self.stopped.wait(HEARTBEAT_SECONDS):
                try:
                    Job.objects.filter(pk=self.job_id, state=Job.State.RUNNING).update(
                        heartbeat_at=timezone.now(), **self.live
                    )
                except DatabaseError:  # SQLite busy behind the job's own write: next time
                    log.info("job %s: heartbeat skipped (database busy)", self.job_id)
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join(timeout=HEARTBEAT_SECONDS + 35)


# -- reaping -------------------------------------------------------------------------------


def reap(now: datetime | None = None) -> list[str]:
    """Mark failed every running job whose process died; returns their tokens."""
    now = now or timezone.now()
    dead = [job for job in Job.objects.filter(state=Job.State.RUNNING) if _is_dead(job, now)]
    return [job.token for job in dead if _mark_died(job)]


def requeue_lost(now: datetime | None = None) -> tuple[list[str], list[str]]:
    """Queued jobs whose queue entry is gone: queued again after REQUEUE_AFTER, failed with a
    Chinese reason (upload removed) after GIVE_UP_AFTER. Returns (requeued, given up).

    Queuing twice is harmless: `execute` claims a job only while it is still queued."""
    now = now or timezone.now()
    waiting = list(Job.objects.filter(state=Job.State.QUEUED, created_at__lte=now - REQUEUE_AFTER))
    if not waiting:
        return [], []
    from hecha.jobs.queue import HUEY
    from hecha.jobs.tasks import run_job

    pending = {
        task.args[0] for task in HUEY.pending() if task.name.endswith("run_job") and task.args
    }
    requeued, given_up = [], []
    for job in waiting:
        if job.created_at <= now - GIVE_UP_AFTER:
            if Job.objects.filter(pk=job.pk, state=Job.State.QUEUED).update(
                state=Job.State.FAILED, reason=NEVER_RAN, finished_at=now
            ):
                files.remove_folder(job.upload)
                log.warning("job %s (%s) never ran in 24 hours; marked failed", job.token, job.kind)
                given_up.append(job.token)
        elif job.token not in pending:
            run_job(job.token)
            log.warning("job %s (%s) was not in the queue; queued again", job.token, job.kind)
            requeued.append(job.token)
    return requeued, given_up


def _is_dead(job: Job, now: datetime) -> bool:
    """On this host the process is asked (a job may not beat while SQLite's write lock is held
    by its own work); on another host a heartbeat missing for STALE_AFTER decides."""
    if job.host == HOST and job.pid:
        return not _process_alive(job.pid)
    return job.heartbeat_at is None or now - job.heartbeat_at > STALE_AFTER


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie (killed, not yet waited for) is dead too
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


def _mark_died(job: Job) -> bool:
    marked = Job.objects.filter(pk=job.pk, state=Job.State.RUNNING, pid=job.pid,
                                heartbeat_at=job.heartbeat_at).update(
        state=Job.State.FAILED, reason=DIED, finished_at=timezone.now())  # fmt: skip
    if marked:
        log.warning("job %s (%s) on %s pid %s died; marked failed", job.token, job.kind,
                    job.host, job.pid)  # fmt: skip
        files.remove_folder(job.upload)
        cache.delete(_progress_key(job.token))
    return bool(marked)


# -- leases --------------------------------------------------------------------------------


def take_lease(name: str, seconds: float, *, now: datetime | None = None) -> bool:
    """True for exactly one caller among all processes and servers until `seconds` pass."""
    now = now or timezone.now()
    Lease.objects.get_or_create(name=name, defaults={"until": now - timedelta(seconds=1)})
    taken = Lease.objects.filter(name=name, until__lte=now).update(
        until=now + timedelta(seconds=seconds), holder=f"{HOST}:{os.getpid()}"[:100]
    )
    if taken:
        Lease.objects.filter(name=name).update(taken=F("taken") + 1)
    return bool(taken)


def consumer_alive() -> None:
    """The consumer's sign of life (at start and every minute), read by queue_status."""
    now = timezone.now()
    Lease.objects.update_or_create(name=CONSUMER_LEASE,
                                   defaults={"until": now, "holder": f"{HOST}:{os.getpid()}"[:100]})  # fmt: skip


def queue_status() -> tuple[bool, str]:
    """(ok, message in Chinese): is the queue reachable and a consumer alive? For /healthz."""
    if not getattr(settings, "HECHA_JOBS_IN_BACKGROUND", True):
        return True, "任务在请求内执行"
    try:
        from hecha.jobs.queue import HUEY

        waiting = HUEY.pending_count()
    except Exception as exc:
        return False, f"任务队列无法访问：{exc}"
    lease = Lease.objects.filter(name=CONSUMER_LEASE).first()
    if lease is None or timezone.now() - lease.until > timedelta(minutes=3):
        return False, f"没有运行中的后台任务进程（hecha worker），{waiting} 个任务在排队"
    return True, f"后台任务进程运行中（{lease.holder}），{waiting} 个任务在排队"
