"""Appending to the audit trail and verifying it.

Each entry's `hash` is HMAC-SHA256, under the audit key (hecha.audit.keys, outside the
database), of the previous entry's hash and this entry's canonical content; the entry names
the key by its fingerprint (`key_id`). Entries written before the chain was keyed (Hecha
0.1) carry an empty `key_id` and a plain SHA-256: they are anchored by the first keyed entry
after them, whose signature covers their last hash, and no unkeyed entry may follow a keyed
one. Signed checkpoints outside the database (hecha.audit.checkpoints) remember the head, so
a truncated or rewritten tail is found too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from hecha.audit import keys
from hecha.audit.models import AuditEntry

GENESIS = "0" * 64
_LOCK_KEY = 4_242_001  # advisory lock serialising appends on PostgreSQL


def _canonical(entry: AuditEntry) -> bytes:
    body: dict[str, Any] = {
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
    if entry.key_id:
        body["key_id"] = entry.key_id
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def entry_hash(entry: AuditEntry) -> str:
    message = entry.prev_hash.encode() + _canonical(entry)
    if not entry.key_id:  # written before the chain was keyed
        return hashlib.sha256(message).hexdigest()
    return keys.sign(message)


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
        key_id=keys.key_id(),
    )
    entry.hash = entry_hash(entry)
    entry.save(force_insert=True)
    return entry


@dataclass(frozen=True)
class Break:
    seq: int
    message: str


def _entry_breaks(entry: AuditEntry, expected_seq: int, expected_prev: str, keyed: bool):
    if entry.seq != expected_seq:
        yield Break(entry.seq, f"第 {expected_seq} 条至第 {entry.seq - 1} 条审计记录缺失")
    if entry.prev_hash != expected_prev:
        yield Break(entry.seq, f"第 {entry.seq} 条审计记录的前序摘要与上一条不符")
    if keyed and not entry.key_id:
        yield Break(
            entry.seq, f"第 {entry.seq} 条审计记录未签名，却位于已签名的记录之后（疑被伪造）"
        )
    elif entry.key_id and entry.key_id != keys.key_id():
        yield Break(
            entry.seq,
            f"第 {entry.seq} 条审计记录由另一密钥（{entry.key_id}）签名，与本机配置的审计密钥"
            f"（{keys.key_id()}）不符，无法校验",
        )
    elif not keys.same(entry_hash(entry), entry.hash):
        yield Break(entry.seq, f"第 {entry.seq} 条审计记录的内容与其摘要不符（已被改动）")


def verify_chain(entries: Iterable[AuditEntry]) -> Iterator[Break]:
    """Every place where the chain itself does not hold, in order."""
    expected_prev, expected_seq, keyed = GENESIS, 1, False
    for entry in entries:
        yield from _entry_breaks(entry, expected_seq, expected_prev, keyed)
        keyed = keyed or bool(entry.key_id)
        expected_prev, expected_seq = entry.hash, entry.seq + 1


def verify() -> Iterator[Break]:
    """Every place where the chain does not hold, then every checkpoint it does not match."""
    from hecha.audit import checkpoints

    yield from verify_chain(AuditEntry.objects.order_by("seq").iterator(chunk_size=2000))
    yield from checkpoints.compare()


def verify_in_transaction() -> tuple[int, Break | None]:
    with transaction.atomic():
        first = next(verify(), None)
        return AuditEntry.objects.count(), first


def head() -> tuple[int, str]:
    """The last entry's number and hash (0 and the genesis hash for an empty trail)."""
    last = AuditEntry.objects.order_by("-seq").values_list("seq", "hash").first()
    return (last[0], last[1]) if last else (0, GENESIS)


def anchor_unkeyed_chain() -> AuditEntry | None:
    """After an upgrade from an unkeyed chain: one keyed entry that signs its head, so the
    entries before it can no longer be rewritten unnoticed. Idempotent."""
    with transaction.atomic():
        _serialise_appends()
        last = AuditEntry.objects.order_by("-seq").only("seq", "key_id").first()
        if last is None or last.key_id:
            return None
        legacy = AuditEntry.objects.filter(key_id="").count()
        return log_action(
            action="audit.chain_keyed",
            object_type="audit.chain",
            data={"legacy": legacy, "key_id": keys.key_id()},
        )
