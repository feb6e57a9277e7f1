"""Files of a job in Django's storage (the file system under $HECHA_HOME by default, an
S3-compatible store when configured): uploads kept until the job ends."""

from __future__ import annotations

import shutil
import tempfile
from contextlib import contextmanager, suppress
from pathlib import Path

from django.core.files.storage import default_storage


def save(name: str, upload) -> str:
    """Store an uploaded file under `name`; returns the name the storage gave it."""
    return default_storage.save(name, upload)


def remove_folder(folder: str) -> None:
    """Delete every file under `folder` in storage (and the folder, on a file system)."""
    if not folder:
        return
    try:
        subfolders, names = default_storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in names:
        default_storage.delete(f"{folder}/{name}")
    for sub in subfolders:
        remove_folder(f"{folder}/{sub}")
    with suppress(NotImplementedError):  # object stores have no folders
        shutil.rmtree(default_storage.path(folder), ignore_errors=True)


@contextmanager
def local_copies(names: dict[str, str]):
    """{label: storage name} -> {label: local Path}: the file itself on a file system, a
    temporary copy from an object store (removed afterwards)."""
    try:
        yield {label: Path(default_storage.path(name)) for label, name in names.items()}
        return
    except NotImplementedError:
        pass
    with tempfile.TemporaryDirectory(prefix="hecha-job-") as tmp:
        local = {}
        for i, (label, name) in enumerate(names.items()):
            path = Path(tmp) / f"{i:02d}{Path(name).suffix}"
            with default_storage.open(name, "rb") as src, path.open("wb") as dst:
                shutil.copyfileobj(src, dst)
            local[label] = path
        yield local
