"""A case step that finds the database held by another writer (a large import) waits at most
the busy timeout, then answers 503 "系统正忙，请稍后重试" in Chinese, never 500, and changes
nothing."""

import threading
from datetime import date

import pytest
from django.db import connection, connections, transaction

from hecha.busy import BUSY_MESSAGE


class HeldWriteLock:
    """Another connection (another thread) holding a write transaction until released: the
    whole file on SQLite; on PostgreSQL the audit trail's append lock, as a writer does."""

    def __init__(self, case_pk: int):
        self.case_pk = case_pk
        self.held, self.release = threading.Event(), threading.Event()
        self.thread = threading.Thread(target=self._hold, daemon=True)

    def _hold(self) -> None:
        from hecha.audit.services import _LOCK_KEY
        from hecha.registry.models import ImportBatch

        try:
            with transaction.atomic():
                if connection.vendor == "postgresql":
                    with connection.cursor() as cur:
                        cur.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
                        cur.execute("SELECT 1 FROM cases_case WHERE id = %s FOR UPDATE",
                                    [self.case_pk])  # fmt: skip
                else:
                    ImportBatch.objects.create(source="cli")  # takes the write lock
                self.held.set()
                self.release.wait(30)
                transaction.set_rollback(True)
        finally:
            connections.close_all()

    def __enter__(self):
        self.thread.start()
        assert self.held.wait(30)
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.thread.join(30)


@pytest.fixture
def short_busy_wait(settings):
    """A one-second wait, as HECHA_DB_BUSY_SECONDS=1 would set it."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SET lock_timeout = 1000")
        else:
            cur.execute("PRAGMA busy_timeout = 1000")


@pytest.mark.django_db(transaction=True)
def test_a_case_step_during_a_held_write_lock_is_asked_to_retry_and_changes_nothing(
    client, case, officer_user, officers, short_busy_wait
):
    from hecha.audit.models import AuditEntry

    client.force_login(officer_user)
    entries = AuditEntry.objects.count()
    body = {"version": case.version,
            "data": {"notices_on": "2026-01-05", "officer_ids": [o.pk for o in officers]}}  # fmt: skip
    form = {"issue_notices-version": case.version, "issue_notices-notices_on": "2026-01-05",
            "issue_notices-officer_ids": [o.pk for o in officers]}  # fmt: skip
    with HeldWriteLock(case.pk):
        api = client.post(f"/api/cases/{case.pk}/steps/issue_notices", body,
                          content_type="application/json")  # fmt: skip
        page = client.post(f"/cases/{case.pk}/steps/issue_notices/", form)
    assert api.status_code == 503 and api.json() == {"detail": BUSY_MESSAGE}
    assert page.status_code == 503 and BUSY_MESSAGE in page.content.decode()
    assert api["Retry-After"] and page["Retry-After"]
    case.refresh_from_db()
    assert case.stage == "flagged" and AuditEntry.objects.count() == entries
    # once the lock is released the same step goes through
    ok = client.post(f"/api/cases/{case.pk}/steps/issue_notices", body,
                     content_type="application/json")  # fmt: skip
    assert ok.status_code == 200 and ok.json()["stage"] == "notices_issued"


@pytest.mark.parametrize("when", ["writing", "switching"])
def test_a_failed_import_leaves_the_previous_batch_current_and_no_rows_behind(
    reference_data, tmp_path, monkeypatch, when
):
    """A failure after some rows were written (both databases), or in SQLite's switch to
    current (PostgreSQL has none: its import is one transaction)."""
    from django.db import connection

    from hecha.demo.generator import generate
    from hecha.registry.models import Enterprise, ImportBatch, RegisteredPerson
    from hecha.registry.services import importing, writing

    if when == "switching" and connection.vendor != "sqlite":
        pytest.skip("on PostgreSQL the rows are written current in the import's one transaction")
    generate(tmp_path / "first", enterprises=30, as_of=date(2026, 1, 2))
    first = importing.import_directory(directory=tmp_path / "first", user=None)
    before = {
        m: sorted(m.objects.filter(is_current=True).values_list("pk", flat=True))
        for m in (Enterprise, RegisteredPerson)
    }
    generate(tmp_path / "second", enterprises=40, as_of=date(2026, 1, 2), seed=8)
    monkeypatch.setattr(writing, "STAGE_CHUNK", 7)  # many short transactions
    written, bulk_load = [], writing._bulk_load

    def fail_on_the_fifth_chunk(*args, **kwargs):
        written.append(1)
        if len(written) == 5:
            raise RuntimeError("磁盘已满")
        return bulk_load(*args, **kwargs)

    def fail_to_switch(*args, **kwargs):
        raise RuntimeError("磁盘已满")

    if when == "writing":
        monkeypatch.setattr(writing, "_bulk_load", fail_on_the_fifth_chunk)
    else:
        monkeypatch.setattr(writing, "make_current", fail_to_switch)
    with pytest.raises(RuntimeError):
        importing.import_directory(directory=tmp_path / "second", user=None)
    assert when == "switching" or len(written) == 5
    failed = ImportBatch.objects.exclude(pk=first.pk).get()
    assert failed.status == "refused" and "磁盘已满" in failed.errors[0]
    for model, pks in before.items():
        assert sorted(model.objects.filter(is_current=True).values_list("pk", flat=True)) == pks
        assert not model.objects.filter(batch=failed).exists()  # the staged rows are gone
        assert not model.objects.filter(superseded_by=failed).exists()
