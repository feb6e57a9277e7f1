"""Imports started from the web page, run as background jobs (`hecha.jobs`)."""

from __future__ import annotations

import secrets
import shutil
from pathlib import Path

from django.conf import settings

from hecha import private
from hecha.jobs import Refused, start_job
from hecha.registry.services.importing import ImportRefused, import_files

ALLOWED_SUFFIXES = (".csv", ".xlsx")
KIND = "import"


def _safe_name(name: str) -> str:
    return Path(name.replace("\\", "/")).name.strip()


def start_import_job(*, user, uploads) -> str:
    """Store the uploaded files and start importing them; returns the job's token."""
    folder = private.make_dir(Path(settings.UPLOAD_ROOT) / "imports" / secrets.token_urlsafe(12))
    files: dict[str, Path] = {}
    try:
        for upload in uploads:
            name = _safe_name(upload.name)
            path = folder / f"{len(files):02d}{Path(name).suffix.lower()}"
            with path.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            files[name] = path
    except BaseException:  # a full disk: no partial upload stays to fill it (hecha.faults)
        shutil.rmtree(folder, ignore_errors=True)
        raise

    def work(progress) -> dict:
        try:
            batch = import_files(files=files, user=user, source="web", progress=progress)
        except ImportRefused as refused:
            raise Refused(refused.lines(), refused.total) from None
        return {"batch": batch.pk, "files": batch.files}

    return start_job(
        user=user,
        kind=KIND,
        work=work,
        cleanup=lambda: shutil.rmtree(folder, ignore_errors=True),
        info={"files": sorted(files)},
    )
