"""Imports started from the web page run beside the request, reporting progress to the cache.

The page polls the job's state; only the user who started a job can see it. A refused import
keeps its problem list in the job state (nothing was written to the registry).
"""

from __future__ import annotations

import logging
import secrets
import shutil
import threading
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from hecha.registry.services.importing import ImportRefused, import_files

log = logging.getLogger(__name__)
TTL = 24 * 3600
ALLOWED_SUFFIXES = (".csv", ".xlsx")


def _key(token: str) -> str:
    return f"hecha:import:{token}"


def job_state(token: str, user) -> dict | None:
    """The job's state, or None if there is no such job of this user's."""
    state = cache.get(_key(token))
    if not state or state.get("owner") != user.pk:
        return None
    return state


def _save(token: str, state: dict) -> None:
    cache.set(_key(token), state, TTL)


def _safe_name(name: str) -> str:
    return Path(name.replace("\\", "/")).name.strip()


def start_import_job(*, user, uploads) -> str:
    """Store the uploaded files and start importing them; returns the job's token."""
    token = secrets.token_urlsafe(12)
    folder = Path(settings.UPLOAD_ROOT) / "imports" / token
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    for upload in uploads:
        name = _safe_name(upload.name)
        path = folder / f"{len(files):02d}{Path(name).suffix.lower()}"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        files[name] = path
    state = {"owner": user.pk, "state": "running", "stage": "等待开始", "done": 0, "total": 0,
             "files": sorted(files), "started": time.time()}  # fmt: skip
    _save(token, state)
    if getattr(settings, "HECHA_IMPORT_IN_BACKGROUND", True):
        threading.Thread(target=_run, args=(token, user, files, folder, True), daemon=True).start()
    else:
        _run(token, user, files, folder, False)
    return token


def _run(token: str, user, files: dict[str, Path], folder: Path, own_connection: bool) -> None:
    state = cache.get(_key(token)) or {"owner": user.pk}
    last = [0.0]

    def progress(stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] < 0.3 and done and done < total:
            return
        last[0] = now
        _save(token, {**state, "state": "running", "stage": stage, "done": done, "total": total})

    try:
        batch = import_files(files=files, user=user, source="web", progress=progress)
    except ImportRefused as refused:
        _save(token, {**state, "state": "refused", "problems": refused.lines(),
                      "problem_count": refused.total})  # fmt: skip
    except Exception:
        log.exception("import job %s failed", token)
        _save(token, {**state, "state": "failed"})
    else:
        _save(token, {**state, "state": "done", "batch": batch.pk, "files": batch.files})
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if own_connection:
            connection.close()
