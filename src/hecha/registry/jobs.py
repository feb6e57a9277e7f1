"""Imports started from the web page, run as background jobs (`hecha.jobs`)."""

from __future__ import annotations

import logging
import secrets
import time
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from hecha.jobs import Refused, files, start_job
from hecha.registry.services.importing import ImportRefused, import_files

ALLOWED_SUFFIXES = (".csv", ".xlsx")
KIND = "import"


def _safe_name(name: str) -> str:
    return Path(name.replace("\\", "/")).name.strip()


log = logging.getLogger(__name__)
ERRORS_TTL = 24 * 3600  # an error file is kept as long as its job's state
ERRORS_FOLDER = "import-errors"


def errors_file(name: str) -> str | None:
    """The storage name of a refused import's error workbook (named by a random token), if
    it is still there."""
    stored = f"{ERRORS_FOLDER}/{Path(name).name}.xlsx"
    return stored if default_storage.exists(stored) else None


def _write_errors(name: str, refused: ImportRefused) -> None:
    from hecha.registry.services.workbooks import errors

    if not refused.checked:
        return
    try:
        _, old_files = default_storage.listdir(ERRORS_FOLDER)
    except (FileNotFoundError, NotADirectoryError):
        old_files = []
    for old in old_files:  # the error files of yesterday's jobs
        try:
            if (
                time.time()
                - default_storage.get_modified_time(f"{ERRORS_FOLDER}/{old}").timestamp()
                > ERRORS_TTL
            ):
                default_storage.delete(f"{ERRORS_FOLDER}/{old}")
        except (OSError, NotImplementedError):
            pass
    try:
        default_storage.save(
            f"{ERRORS_FOLDER}/{Path(name).name}.xlsx", ContentFile(errors(refused.checked))
        )
    except OSError:  # the refusal still stands and is listed; only the file is missing
        log.exception("import error file not written")


def start_import_job(*, user, uploads) -> str:
    """Store the uploaded files (Django's storage, which every server reaches) and start
    importing them; returns the job's token. The files are removed when the job ends."""
    folder = f"uploads/imports/{secrets.token_urlsafe(12)}"
    errors_name = secrets.token_urlsafe(12)
    stored: dict[str, str] = {}
    try:
        for upload in uploads:
            name = _safe_name(upload.name)
            stored[name] = files.save(
                f"{folder}/{len(stored):02d}{Path(name).suffix.lower()}", upload
            )
    except BaseException:  # a full disk: no partial upload stays to fill it (hecha.faults)
        files.remove_folder(folder)
        raise
    return start_job(
        user=user,
        kind=KIND,
        work="hecha.registry.jobs.import_work",
        params={"stored": stored, "errors_name": errors_name},
        upload=folder,
        info={"files": sorted(stored), "errors_name": errors_name},
    )


def import_work(*, user, progress, stored: dict[str, str], errors_name: str = "") -> dict:
    with files.local_copies(stored) as paths:
        try:
            batch = import_files(files=paths, user=user, source="web", progress=progress)
        except ImportRefused as refused:
            if errors_name:
                _write_errors(errors_name, refused)
            raise Refused(refused.lines(), refused.total) from None
    return {"batch": batch.pk, "files": batch.files}
