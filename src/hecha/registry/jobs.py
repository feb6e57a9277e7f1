"""Imports started from the web page, run as background jobs (`hecha.jobs`)."""

from __future__ import annotations

import logging
import secrets
import shutil
import time
from pathlib import Path

from django.conf import settings

from hecha import private
from hecha.jobs import Refused, start_job
from hecha.registry.services.importing import ImportRefused, import_files

ALLOWED_SUFFIXES = (".csv", ".xlsx")
log = logging.getLogger(__name__)
KIND = "import"


def _safe_name(name: str) -> str:
    return Path(name.replace("\\", "/")).name.strip()


ERRORS_TTL = 24 * 3600  # an error file is kept as long as its job's state


def errors_path(name: str) -> Path:
    """Where the error workbook of a refused import is kept (named by a random token)."""
    return Path(settings.UPLOAD_ROOT) / "import-errors" / f"{Path(name).name}.xlsx"


def _write_errors(name: str, refused: ImportRefused) -> None:
    from hecha.registry.services.workbooks import errors

    if not refused.checked:
        return
    folder = private.make_dir(errors_path(name).parent)
    now = time.time()
    for old in folder.glob("*.xlsx"):  # the error files of yesterday's jobs
        if now - old.stat().st_mtime > ERRORS_TTL:
            old.unlink(missing_ok=True)
    try:
        private.write_bytes(errors_path(name), errors(refused.checked))
    except OSError:  # the refusal still stands and is listed; only the file is missing
        log.exception("import error file not written")


def start_import_job(*, user, uploads) -> str:
    """Store the uploaded files and start importing them; returns the job's token."""
    errors_name = secrets.token_urlsafe(12)
    folder = private.make_dir(Path(settings.UPLOAD_ROOT) / "imports" / secrets.token_urlsafe(12))
    files: dict[str, Path] = {}
    for upload in uploads:
        name = _safe_name(upload.name)
        path = folder / f"{len(files):02d}{Path(name).suffix.lower()}"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        files[name] = path

    def work(progress) -> dict:
        try:
            batch = import_files(files=files, user=user, source="web", progress=progress)
        except ImportRefused as refused:
            _write_errors(errors_name, refused)
            raise Refused(refused.lines(), refused.total) from None
        return {"batch": batch.pk, "files": batch.files}

    return start_job(
        user=user,
        kind=KIND,
        work=work,
        cleanup=lambda: shutil.rmtree(folder, ignore_errors=True),
        info={"files": sorted(files), "errors_name": errors_name},
    )
