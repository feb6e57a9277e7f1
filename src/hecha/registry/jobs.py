"""Imports started from the web page, run as background jobs (`hecha.jobs`)."""

from __future__ import annotations

import secrets
from pathlib import Path

from hecha.jobs import Refused, files, start_job
from hecha.registry.services.importing import ImportRefused, import_files

ALLOWED_SUFFIXES = (".csv", ".xlsx")
KIND = "import"


def _safe_name(name: str) -> str:
    return Path(name.replace("\\", "/")).name.strip()


def start_import_job(*, user, uploads) -> str:
    """Store the uploaded files (Django's storage, which every server reaches) and start
    importing them; returns the job's token. The files are removed when the job ends."""
    folder = f"uploads/imports/{secrets.token_urlsafe(12)}"
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
        params={"stored": stored},
        upload=folder,
        info={"files": sorted(stored)},
    )


def import_work(*, user, progress, stored: dict[str, str]) -> dict:
    with files.local_copies(stored) as paths:
        try:
            batch = import_files(files=paths, user=user, source="web", progress=progress)
        except ImportRefused as refused:
            raise Refused(refused.lines(), refused.total) from None
    return {"batch": batch.pk, "files": batch.files}
