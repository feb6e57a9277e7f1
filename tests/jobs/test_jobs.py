"""Jobs live in the database: a job whose process died is marked failed with a Chinese
reason, its upload removed, and it can be started again; the sweep's lease lets one caller
run it."""

import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from hecha.jobs import files, services
from hecha.jobs.models import Job, Lease
from tests.web.test_import_page import ENTERPRISES, PERSONNEL, QUALIFICATIONS, counts, upload


@pytest.fixture(autouse=True)
def _own_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _running_job(user, *, host=services.HOST, pid=None, beat_ago=timedelta(minutes=5)) -> Job:
    folder = "uploads/imports/abc"
    files.save(f"{folder}/00.csv", ContentFile(b"uscc\n" * 1000))
    beat = timezone.now() - beat_ago
    return Job.objects.create(token="t-" + str(pid), kind="import", owner=user, state="running",
                              work="hecha.registry.jobs.import_work", upload=folder, host=host,
                              pid=pid, started_at=beat, heartbeat_at=beat,
                              info={"files": ["enterprises.csv"]})  # fmt: skip


def test_a_job_whose_process_was_killed_is_failed_in_chinese_and_its_upload_removed(heping_officer):
    job = _running_job(heping_officer, pid=_dead_pid(), beat_ago=timedelta(seconds=5))
    assert default_storage.exists("uploads/imports/abc/00.csv")

    assert services.reap() == [job.token]

    job.refresh_from_db()
    assert job.state == "failed"
    assert job.reason == services.DIED and "进程已停止" in job.reason
    assert not default_storage.exists("uploads/imports/abc/00.csv")
    assert not Path(default_storage.path("uploads/imports/abc")).exists()
    assert services.reap() == []  # once


def test_a_job_on_another_server_without_a_heartbeat_for_a_minute_is_failed(heping_officer):
    stale = _running_job(heping_officer, host="web-2", pid=1234, beat_ago=timedelta(minutes=1))
    assert services.reap() == [stale.token]
    stale.refresh_from_db()
    assert stale.state == "failed"


def test_a_live_job_is_left_running(heping_officer):
    """Another server's job with a fresh heartbeat, and this host's job whose process lives
    (it may not beat while its own import holds SQLite's write lock)."""
    fresh = _running_job(heping_officer, host="web-2", pid=1234, beat_ago=timedelta(seconds=5))
    assert services.reap() == []
    fresh.delete()
    import os

    mine = _running_job(heping_officer, pid=os.getpid(), beat_ago=timedelta(minutes=30))
    assert services.reap() == []
    mine.refresh_from_db()
    assert mine.state == "running"
    assert default_storage.exists("uploads/imports/abc/00.csv")


def test_the_page_says_the_job_died_and_the_import_can_be_started_again(client, city_reviewer):
    job = _running_job(city_reviewer, pid=_dead_pid())
    client.force_login(city_reviewer)

    page = client.get(f"/imports/jobs/{job.token}/").content.decode()
    assert "导入失败：任务中断：执行任务的进程已停止" in page
    assert "重新导入" in page
    assert not default_storage.exists("uploads/imports/abc/00.csv")
    assert counts()["enterprises"] == 0

    response = client.post(
        "/imports/",
        {"files": [upload("enterprises.csv", ENTERPRISES), upload("qualifications.csv", QUALIFICATIONS),
                   upload("personnel.csv", PERSONNEL)]},
    )  # fmt: skip
    assert "导入完成" in client.get(response["Location"]).content.decode()
    assert counts()["personnel"] == 2
    assert default_storage.listdir("uploads/imports")[1] == []  # the new upload removed too


def test_a_finished_job_is_kept_in_the_database_with_its_result(client, city_reviewer):
    client.force_login(city_reviewer)
    client.post("/imports/", {"files": [upload("enterprises.csv", ENTERPRISES)]})
    job = Job.objects.get()
    assert (job.state, job.owner, job.kind) == ("done", city_reviewer, "import")
    assert job.result["batch"] and job.finished_at
    assert services.job_state(job.token, city_reviewer, "import")["state"] == "done"


def test_the_sweep_lease_is_taken_once_until_it_runs_out(db):
    now = timezone.now()
    assert services.take_lease("sweep", 3480, now=now)
    assert not services.take_lease("sweep", 3480, now=now + timedelta(minutes=30))
    assert services.take_lease("sweep", 3480, now=now + timedelta(minutes=59))
    assert Lease.objects.get(name="sweep").taken == 2


@pytest.mark.django_db(transaction=True)
def test_of_two_concurrent_callers_only_one_takes_the_sweep_lease():
    from django.db import connection

    if connection.vendor == "sqlite" and connection.settings_dict["TEST"].get("NAME") is None:
        pytest.skip("threads cannot share SQLite's in-memory test database; PostgreSQL runs it")
    start, results = threading.Barrier(2), []

    def call() -> None:
        start.wait()
        try:
            results.append(services.take_lease("sweep", 3480))
        finally:
            connection.close()

    threads = [threading.Thread(target=call) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [False, True]


def test_the_periodic_sweep_runs_only_when_it_takes_the_lease(db, monkeypatch):
    from hecha.jobs import tasks

    ran = []
    monkeypatch.setattr("hecha.commands.sweep.scheduled", lambda: ran.append(1) or {"ok": 1})
    assert tasks.sweep_once() == {"ok": 1}
    assert tasks.sweep_once() is None
    assert ran == [1]


def test_queue_status_says_whether_a_consumer_is_alive(db, settings):
    settings.HECHA_JOBS_IN_BACKGROUND = True
    ok, message = services.queue_status()
    assert not ok and "没有运行中的后台任务进程" in message
    services.consumer_alive()
    ok, message = services.queue_status()
    assert ok and "后台任务进程运行中" in message


@pytest.fixture
def own_queue(monkeypatch, tmp_path):
    """The real huey instance on a queue file of this test's own."""
    from huey.storage import SqliteStorage

    from hecha.jobs.queue import HUEY

    monkeypatch.setattr(HUEY, "storage", SqliteStorage("test", filename=str(tmp_path / "q.db")))
    return HUEY


def _queued_job(user, *, token: str, age: timedelta) -> Job:
    files.save(f"uploads/imports/{token}/00.csv", ContentFile(b"uscc\n"))
    job = Job.objects.create(token=token, kind="import", owner=user, state="queued",
                             work="hecha.registry.jobs.import_work",
                             upload=f"uploads/imports/{token}")  # fmt: skip
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - age)
    return job


def test_a_queued_job_whose_queue_entry_was_lost_is_queued_again_once(city_reviewer, own_queue):
    lost = _queued_job(city_reviewer, token="lost", age=timedelta(minutes=6))
    young = _queued_job(city_reviewer, token="young", age=timedelta(minutes=1))

    assert services.requeue_lost() == (["lost"], [])
    assert [(t.name.rsplit(".", 1)[-1], t.args) for t in own_queue.pending()] == [
        ("run_job", ("lost",))
    ]
    assert services.requeue_lost() == ([], [])  # in the queue now: left alone
    lost.refresh_from_db()
    young.refresh_from_db()
    assert (lost.state, young.state) == ("queued", "queued")
    assert default_storage.exists("uploads/imports/lost/00.csv")

    # the consumer takes the entry and runs its job (here without huey's connection hooks,
    # which would close the test's transaction); a second copy finds the job claimed
    entry = own_queue.dequeue()
    assert entry.args == ("lost",) and own_queue.pending() == []
    services.execute(*entry.args, heartbeat=False)
    lost.refresh_from_db()
    assert lost.state in ("refused", "done", "failed") and lost.started_at is not None
    services.execute("lost")  # a duplicate entry: claims nothing, changes nothing
    assert Job.objects.get(pk=lost.pk).started_at == lost.started_at


def test_a_job_queued_a_day_without_running_is_failed_in_chinese_and_its_upload_removed(
    city_reviewer, own_queue, client
):
    old = _queued_job(city_reviewer, token="old", age=timedelta(hours=25))

    assert services.requeue_lost() == ([], ["old"])

    old.refresh_from_db()
    assert old.state == "failed" and "排队超过24小时仍未执行" in old.reason
    assert not default_storage.exists("uploads/imports/old/00.csv")
    assert own_queue.pending() == []
    client.force_login(city_reviewer)
    page = client.get("/imports/jobs/old/").content.decode()
    assert "排队超过24小时仍未执行" in page and "重新导入" in page
