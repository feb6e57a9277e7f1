"""Loading standards versions into the database: the built-in ones, and drafts for what-if runs."""

from __future__ import annotations

import dataclasses
import hashlib
from importlib import resources

from django.db import transaction

from hecha.audit.services import log_action
from hecha.checks.models import StandardVersion
from hecha.standards.loader import StandardDataError, parse_yaml
from hecha.standards.model import Standard


def _store(text: str, *, builtin: bool, force_status: str | None = None) -> StandardVersion:
    standard = parse_yaml(text)  # raises StandardDataError with a Chinese message
    status = force_status or standard.status
    row, _ = StandardVersion.objects.update_or_create(
        version=standard.version,
        defaults={
            "title": standard.title,
            "document": standard.document,
            "status": status,
            "effective_from": standard.effective_from,
            "effective_until": standard.effective_until,
            "source_yaml": text,
            "sha256": hashlib.sha256(text.encode()).hexdigest(),
            "builtin": builtin,
        },
    )
    return row


def load_builtin_standards() -> list[str]:
    folder = resources.files("hecha.standards").joinpath("data/standards")
    files = sorted(p for p in folder.iterdir() if p.name.endswith(".yaml"))
    return [_store(p.read_text("utf-8"), builtin=True).version for p in files]


def load_draft_standard(*, text: str, user=None) -> StandardVersion:
    """A new version for a what-if run: stored as a draft, never used to open cases.

    A draft may replace an earlier draft of the same version, never a published version.
    """
    version = parse_yaml(text).version
    existing = StandardVersion.objects.filter(version=version).first()
    if existing is not None and existing.status != StandardVersion.Status.DRAFT:
        raise StandardDataError(f"版本 {version} 已发布，不能以草案覆盖，请使用新的版本号")
    with transaction.atomic():
        row = _store(text, builtin=False, force_status=StandardVersion.Status.DRAFT)
        log_action(
            action="standards.draft_loaded",
            actor=user,
            object_type="standard_version",
            object_id=row.version,
            data={"version": row.version, "sha256": row.sha256},
        )
    return row


def standard_of(row: StandardVersion) -> Standard:
    """The parsed standard, with the status the database gives it (a draft stays a draft)."""
    return dataclasses.replace(parse_yaml(row.source_yaml), status=row.status)
