"""Appending to the audit trail and verifying it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from hecha.audit.models import AuditEntry

GENESIS = "0" * 64
_LOCK_KEY = 4_242_001  # advisory lock serialising appends on PostgreSQL


def _canonical(entry: AuditEntry) -> bytes:
    body = {
        "seq": entry.seq,
        "at": entry.at.astimezone(UTC).isoformat(),
        "actor": entry.actor_id,
        "actor_name": entry.actor_name,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "district_code": entry.district_code,
        "data": entry.data,
    }
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def entry_hash(entry: AuditEntry) -> str:
    return hashlib.sha256(entry.prev_hash.encode() + _canonical(entry)).hexdigest()


def _serialise_appends() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
    # SQLite: transactions are IMMEDIATE (settings), so writers are already serialised.


def _name(actor) -> str:
    """Who, as the record shows them years later: 陈静（city_chen）."""
    if actor is None:
        return ""
    full = actor.get_full_name() if hasattr(actor, "get_full_name") else ""
    return f"{full}（{actor.username}）" if full else getattr(actor, "username", "")


def log_action(
    *,
    action: str,
    actor=None,
    object_type: str = "",
    object_id: Any = "",
    district_code: str = "",
    data: dict | None = None,
) -> AuditEntry:
    """Append one entry; must run inside the transaction of the change it records."""
    if not connection.in_atomic_block:
        raise RuntimeError("log_action must run inside the change's transaction")
    _serialise_appends()
    last = AuditEntry.objects.order_by("-seq").values_list("seq", "hash").first()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    entry = AuditEntry(
        seq=seq,
        at=timezone.now(),
        actor=actor,
        actor_name=_name(actor),
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        district_code=district_code or "",
        data=json.loads(json.dumps(data or {}, ensure_ascii=False, default=str)),
        prev_hash=prev,
    )
    entry.hash = entry_hash(entry)
    entry.save(force_insert=True)
    return entry


@dataclass(frozen=True)
class Break:
    seq: int
    message: str


def verify() -> Iterator[Break]:
    """Every place where the chain does not hold, in order."""
    expected_prev, expected_seq = GENESIS, 1
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        if entry.seq != expected_seq:
            yield Break(entry.seq, f"第 {expected_seq} 条至第 {entry.seq - 1} 条审计记录缺失")
        if entry.prev_hash != expected_prev:
            yield Break(entry.seq, f"第 {entry.seq} 条审计记录的前序摘要与上一条不符")
        if entry_hash(entry) != entry.hash:
            yield Break(entry.seq, f"第 {entry.seq} 条审计记录的内容与其摘要不符（已被改动）")
        expected_prev, expected_seq = entry.hash, entry.seq + 1


def verify_in_transaction() -> tuple[int, Break | None]:
    with transaction.atomic():
        first = next(verify(), None)
        return AuditEntry.objects.count(), first
