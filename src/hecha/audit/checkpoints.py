"""Signed checkpoints of the audit chain's head, kept outside the database.

A checkpoint is a small JSON file — the last entry's number and hash, how many entries
before it were written unkeyed (by Hecha 0.1, before the upgrade), when, and an HMAC under
the audit key — written by `hecha init` (the first), `hecha audit checkpoint` and by the
sweep once a day. `hecha audit verify` compares the chain with every checkpoint: an entry a
checkpoint remembers that is missing (the tail deleted or the trail truncated) or that has
another hash (rewritten), and an unkeyed entry past the unkeyed prefix a checkpoint knew
(the chain rewritten without the key), are breaks.

The folder is `HECHA_AUDIT_CHECKPOINTS`, default `$HECHA_HOME/audit-checkpoints`; files are
never rewritten. Copying them off the server (or pointing the folder at storage the database
cannot reach) keeps them out of reach of whoever can change the database.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hecha import private
from hecha.audit import keys
from hecha.audit.models import AuditEntry

FORMAT = "hecha-audit-checkpoint/1"
FIELDS = ("format", "seq", "hash", "legacy", "at", "key_id")


@dataclass(frozen=True)
class Checkpoint:
    path: Path
    seq: int
    hash: str
    legacy: int  # entries 1..legacy were written unkeyed (before the upgrade); none after
    at: str
    key_id: str


def folder() -> Path:
    named = os.environ.get("HECHA_AUDIT_CHECKPOINTS")
    return Path(named) if named else Path(settings.HECHA_HOME) / "audit-checkpoints"


def _signed_body(body: dict) -> bytes:
    return json.dumps({k: body[k] for k in FIELDS}, sort_keys=True, separators=(",", ":")).encode()


def _head() -> tuple[int, str, int]:
    from hecha.audit.services import head

    seq, hash_ = head()
    first = AuditEntry.objects.exclude(key_id="").order_by("seq").values_list("seq", flat=True)
    keyed_from = first.first()
    return seq, hash_, (keyed_from - 1) if keyed_from else seq


def write(now: datetime | None = None) -> Checkpoint:
    """A checkpoint of the chain as it is now (read in one transaction)."""
    now = now or timezone.now()
    with transaction.atomic():
        seq, hash_, legacy = _head()
    body = {"format": FORMAT, "seq": seq, "hash": hash_, "legacy": legacy,
            "at": now.astimezone(timezone.get_current_timezone()).isoformat(timespec="seconds"),
            "key_id": keys.key_id()}  # fmt: skip
    body["mac"] = keys.sign(_signed_body(body))
    where = private.make_dir(folder())
    stamp = timezone.localtime(now).strftime("%Y%m%dT%H%M%S")
    path = where / f"{stamp}-{seq:010d}.json"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, private.FILE_MODE)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(body, out, ensure_ascii=False, indent=1)
    except BaseException:
        path.unlink(missing_ok=True)  # a full disk leaves no half checkpoint to alarm `verify`
        raise
    return _checkpoint(path, body)


def _checkpoint(path: Path, body: dict) -> Checkpoint:
    return Checkpoint(path, int(body["seq"]), str(body["hash"]), int(body["legacy"]),
                      str(body["at"]), str(body["key_id"]))  # fmt: skip


class BadCheckpoint(Exception):
    pass


def _read(path: Path) -> Checkpoint:
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
        if body.get("format") != FORMAT:
            raise BadCheckpoint("格式不符")
        if body["key_id"] != keys.key_id():
            raise BadCheckpoint(f"由另一密钥（{body['key_id']}）签名")
        if not keys.same(keys.sign(_signed_body(body)), str(body.get("mac", ""))):
            raise BadCheckpoint("签名无效（文件被改动）")
        return _checkpoint(path, body)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BadCheckpoint(f"无法读取（{type(exc).__name__}）") from None


def all_checkpoints() -> list[Path]:
    where = folder()
    return sorted(where.glob("*.json")) if where.is_dir() else []


def latest() -> Checkpoint | None:
    paths = all_checkpoints()
    return _read(paths[-1]) if paths else None


def compare() -> Iterator:
    """Every checkpoint the database's chain does not match (see the module's docstring)."""
    from hecha.audit.services import Break

    for path in all_checkpoints():
        try:
            point = _read(path)
        except BadCheckpoint as exc:
            yield Break(0, f"检查点文件 {path.name} {exc}")
            continue
        yield from _compare_one(point, Break)


def _compare_one(point: Checkpoint, Break) -> Iterator:
    unkeyed = AuditEntry.objects.filter(key_id="", seq__gt=point.legacy).order_by("seq")
    if forged := unkeyed.values_list("seq", flat=True).first():
        yield Break(forged, f"第 {forged} 条审计记录未签名，而检查点 {point.path.name}（{point.at}）"
                            f"表明第 {point.legacy} 条之后的记录都已签名（记录被改写）")  # fmt: skip
    if point.seq == 0:
        return
    entry = AuditEntry.objects.filter(seq=point.seq).only("hash").first()
    if entry is None:
        yield Break(point.seq, f"第 {point.seq} 条审计记录缺失：检查点 {point.path.name}（{point.at}）"
                               "记录的链头已不在数据库中（记录被删除或截断）")  # fmt: skip
    elif not keys.same(entry.hash, point.hash):
        yield Break(point.seq, f"第 {point.seq} 条审计记录与检查点 {point.path.name}（{point.at}）"
                               "不符（记录被改写）")  # fmt: skip


def daily(now: datetime | None = None) -> Checkpoint | None:
    """The sweep's checkpoint: one a day, when the chain has moved since the last one."""
    now = now or timezone.now()
    try:
        last = latest()
    except BadCheckpoint:
        last = None
    seq, hash_, _ = _head()
    today = timezone.localtime(now).date().isoformat()
    if last is not None and (last.at[:10] == today or (last.seq, last.hash) == (seq, hash_)):
        return None
    return write(now)


def first(now: datetime | None = None) -> Checkpoint | None:
    """`hecha init`'s checkpoint, when there is none yet: from then on the unkeyed prefix is
    known, and an unkeyed entry after it is a forgery even before the first daily one."""
    return None if all_checkpoints() else write(now)
