"""Standards versions in the database: the built-in ones, drafts an administrator derives from
a published version to correct a value, and publishing a draft. A published version is never
edited: a correction is a new version."""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import date
from functools import lru_cache

import yaml
from django.db import transaction

from hecha.audit.services import log_action
from hecha.checks.models import StandardVersion
from hecha.standards.loader import StandardDataError, builtin_texts, load_mapping, parse_yaml
from hecha.standards.model import Standard


def _digest(text: str, base: StandardVersion | None) -> str:
    """The data's digest; a derived version's covers its base's too (the data it reads)."""
    payload = text + ("\n" + base.sha256 if base else "")
    return hashlib.sha256(payload.encode()).hexdigest()


def _bases_of(text: str) -> list[StandardVersion]:
    spec = load_mapping(text).get("derive") or {}
    names = [spec[k] for k in ("from", "restore_from") if spec.get(k)]
    rows = {r.version: r for r in StandardVersion.objects.filter(version__in=names)}
    missing = [n for n in names if n not in rows]
    if missing:
        raise StandardDataError(f"派生版本的基础版本不存在：{'、'.join(missing)}")
    return [rows[n] for n in names]


def _lookup(version: str) -> Standard | None:
    row = StandardVersion.objects.filter(version=version).first()
    return standard_of(row) if row else None


def _parse(text: str) -> tuple[Standard, str]:
    bases = _bases_of(text)
    standard = parse_yaml(text, _lookup)
    digest = _digest(text, bases[0] if bases else None)
    for extra in bases[1:]:
        digest = hashlib.sha256((digest + extra.sha256).encode()).hexdigest()
    return standard, digest


def _store(text: str, *, builtin: bool, force_status: str | None = None) -> StandardVersion:
    standard, digest = _parse(text)  # raises StandardDataError with a Chinese message
    row, _ = StandardVersion.objects.update_or_create(
        version=standard.version,
        defaults={
            "title": standard.title,
            "document": standard.document,
            "status": force_status or standard.status,
            "effective_from": standard.effective_from,
            "effective_until": standard.effective_until,
            "source_yaml": text,
            "sha256": digest,
            "builtin": builtin,
            "chosen_by_date": standard.chosen_by_date,
            "derived_from": standard.derived_from or "",
        },
    )
    return row


def load_builtin_standards() -> list[str]:
    return [_store(text, builtin=True).version for text in builtin_texts()]


def load_draft_standard(*, text: str, user=None) -> StandardVersion:
    """A new version for a what-if run: stored as a draft, never used to open cases.

    A draft may replace an earlier draft of the same version, never a published version.
    """
    version = str(load_mapping(text).get("version", ""))
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
    return dataclasses.replace(_parsed(row.version, row.sha256, row.source_yaml), status=row.status)


@lru_cache(maxsize=32)
def _parsed(version: str, sha256: str, text: str) -> Standard:
    # keyed by the digest, which covers the bases: a reloaded base parses afresh
    return parse_yaml(text, _lookup)


def create_correction(
    *,
    user,
    base_version: str,
    version: str,
    effective_from: date,
    rule_id: str,
    change: dict,
    reason: str,
) -> StandardVersion:
    """A draft that corrects one requirement of a published version, derived from it (the
    published one is never edited). Preview it with a what-if run, then publish it."""
    base = StandardVersion.objects.filter(version=base_version).first()
    if base is None:
        raise StandardDataError(f"未找到资质标准版本：{base_version}")
    if not reason.strip():
        raise StandardDataError("请说明更正的理由和依据")
    data = {
        "version": version,
        "title": f"{base.title}（更正 {rule_id}）",
        "document": base.document,
        "effective_from": effective_from,
        "status": "draft",
        "reasoning": reason.strip(),
        "derive": {"from": base_version, "change": {rule_id: change}},
    }
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return load_draft_standard(text=text, user=user)


def publish_standard(*, user, version: str) -> StandardVersion:
    """A draft becomes published: from its effective date the law's version for new runs."""
    with transaction.atomic():
        row = StandardVersion.objects.select_for_update().filter(version=version).first()
        if row is None:
            raise StandardDataError(f"未找到资质标准版本：{version}")
        if row.status != StandardVersion.Status.DRAFT:
            raise StandardDataError(f"版本 {version} 已发布，不能重复发布")
        problems = standard_of(row).problems
        if problems:
            raise StandardDataError("标准数据有缺漏，不能发布：" + "；".join(problems))
        row.status = StandardVersion.Status.PUBLISHED
        row.save(update_fields=["status", "loaded_at"])
        log_action(
            action="standards.published",
            actor=user,
            object_type="standard_version",
            object_id=row.version,
            data={"version": row.version, "sha256": row.sha256,
                  "effective_from": row.effective_from.isoformat()},
        )  # fmt: skip
    return row
