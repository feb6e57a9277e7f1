"""The keyed chain and its checkpoints: what someone who can write the database — triggers
dropped, rows edited and re-hashed, the tail deleted — can no longer hide."""

import hashlib
import json
from datetime import UTC, datetime

import pytest
from django.db import connection, transaction

from hecha.audit import checkpoints, guards, keys
from hecha.audit.models import AuditEntry
from hecha.audit.services import GENESIS, _canonical, anchor_unkeyed_chain, log_action
from hecha.cli import main

pytestmark = pytest.mark.django_db(transaction=True)


def _append(n, start=0):
    with transaction.atomic():
        return [log_action(action="test.event", data={"n": start + i}) for i in range(n)]


def _raw(*statements, params=None):
    """Someone with database access: the guards dropped, the statements run, guards back."""
    with connection.cursor() as cur:
        guards.remove(cur, connection.vendor)
        try:
            for statement in statements:
                cur.execute(statement, params or [])
        finally:
            guards.install(cur, connection.vendor)


def _verify(capsys) -> tuple[int, str]:
    code = main(["audit", "verify"])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _rehash_everything_unkeyed(edit=lambda data: data):
    """Rewrite the whole chain as an attacker without the key would: plain SHA-256."""
    prev = GENESIS
    for entry in AuditEntry.objects.order_by("seq"):
        entry.data = edit(entry.data)
        entry.key_id = ""
        entry.prev_hash = prev
        entry.hash = hashlib.sha256(prev.encode() + _canonical(entry)).hexdigest()
        _raw("UPDATE audit_auditentry SET data = %s, key_id = '', prev_hash = %s, hash = %s"
             " WHERE seq = %s",
             params=[json.dumps(entry.data), entry.prev_hash, entry.hash, entry.seq])  # fmt: skip
        prev = entry.hash


def test_entries_are_signed_with_the_key_outside_the_database(capsys):
    first, second = _append(2)
    assert first.key_id == keys.key_id() and len(first.key_id) == 16
    assert first.hash != hashlib.sha256(first.prev_hash.encode() + _canonical(first)).hexdigest()
    assert keys.key() not in json.dumps(list(AuditEntry.objects.values()), default=str).encode()
    assert _verify(capsys) == (0, "审计记录完整：共 2 条，摘要链校验通过；与 0 个检查点一致\n"
                                  "提示：尚无检查点，请执行 hecha audit checkpoint（删除末尾记录只有检查点能发现）\n")  # fmt: skip


def test_rewriting_and_rehashing_without_the_key_is_found_from_init_on(capsys):
    checkpoints.first()  # hecha init: the chain is empty, every entry from now on is signed
    _append(4)
    _rehash_everything_unkeyed(lambda data: {**data, "n": 99} if data["n"] == 1 else data)
    code, out = _verify(capsys)
    assert code == 1
    assert "第 1 条审计记录未签名，而检查点" in out and "第 0 条之后的记录都已签名" in out


def test_rewriting_and_rehashing_is_found_against_a_checkpoint(capsys):
    _append(4)
    assert main(["audit", "checkpoint"]) == 0
    assert "已写入检查点：第 4 条" in capsys.readouterr().out
    _rehash_everything_unkeyed(lambda data: {**data, "n": 99} if data["n"] == 1 else data)
    code, out = _verify(capsys)
    assert code == 1
    assert "检查点 " in out and "（记录被改写）" in out


def test_an_unkeyed_entry_after_a_keyed_one_is_a_forgery(capsys):
    _append(3)
    entry = AuditEntry.objects.get(seq=3)
    entry.key_id = ""
    entry.hash = hashlib.sha256(entry.prev_hash.encode() + _canonical(entry)).hexdigest()
    _raw("UPDATE audit_auditentry SET key_id = '', hash = %s WHERE seq = 3", params=[entry.hash])
    code, out = _verify(capsys)
    assert (code, "第 3 条审计记录未签名，却位于已签名的记录之后（疑被伪造）" in out) == (1, True)


@pytest.mark.parametrize(
    ("statement", "message"),
    [
        ("DELETE FROM audit_auditentry WHERE seq >= 5", "第 6 条审计记录缺失：检查点"),
        ("DELETE FROM audit_auditentry WHERE seq = 6", "第 6 条审计记录缺失：检查点"),
        ("DELETE FROM audit_auditentry", "第 6 条审计记录缺失：检查点"),
    ],
    ids=["tail", "last entry", "truncated"],
)
def test_deleting_the_tail_is_found_against_a_checkpoint(capsys, statement, message):
    _append(6)
    checkpoints.write()
    code, _ = _verify(capsys)
    assert code == 0
    _raw(statement)
    code, out = _verify(capsys)
    assert code == 1 and message in out and "记录被删除或截断" in out


def test_a_changed_checkpoint_file_is_found(capsys):
    _append(2)
    point = checkpoints.write()
    body = json.loads(point.path.read_text())
    body["seq"] = 1
    point.path.write_text(json.dumps(body))
    code, out = _verify(capsys)
    assert code == 1 and f"检查点文件 {point.path.name} 签名无效（文件被改动）" in out


def test_another_key_is_named_not_mistaken_for_tampering(capsys, monkeypatch):
    _append(2)
    monkeypatch.setenv("HECHA_AUDIT_KEY", "k" * 40)
    keys.key.cache_clear()
    try:
        code, out = _verify(capsys)
    finally:
        monkeypatch.delenv("HECHA_AUDIT_KEY")
        keys.key.cache_clear()
    assert code == 1 and "第 1 条审计记录由另一密钥" in out and "与本机配置的审计密钥" in out


def test_a_key_too_short_is_refused(capsys, monkeypatch):
    _append(1)
    monkeypatch.setenv("HECHA_AUDIT_KEY", "short")
    keys.key.cache_clear()
    try:
        code, out = _verify(capsys)
    finally:
        monkeypatch.delenv("HECHA_AUDIT_KEY")
        keys.key.cache_clear()
    assert code == 1 and "审计密钥过短：至少 32 个字符" in out


def _legacy(n):
    """Entries as Hecha 0.1 wrote them: plain SHA-256, no key."""
    prev = GENESIS
    for seq in range(1, n + 1):
        entry = AuditEntry(seq=seq, at=datetime(2026, 1, seq, tzinfo=UTC), action="test.legacy",
                           data={"n": seq}, prev_hash=prev, key_id="")  # fmt: skip
        entry.hash = hashlib.sha256(prev.encode() + _canonical(entry)).hexdigest()
        entry.save(force_insert=True)
        prev = entry.hash


def test_an_upgraded_chain_is_anchored_by_init_and_verifies(capsys):
    _legacy(3)
    assert main(["init"]) == 0
    out = capsys.readouterr().out
    assert "此前 3 条未签名记录已由第 4 条签名记录锚定" in out and "审计记录检查点" in out
    assert checkpoints.latest().legacy == 3
    anchor = AuditEntry.objects.get(seq=4)
    assert anchor.action == "audit.chain_keyed" and anchor.key_id == keys.key_id()
    assert anchor_unkeyed_chain() is None  # idempotent
    assert main(["init"]) == 0 and AuditEntry.objects.count() == 4
    assert _verify(capsys)[0] == 0


def test_the_old_entries_cannot_be_rewritten_once_anchored(capsys):
    _legacy(3)
    anchor_unkeyed_chain()
    # rewrite a legacy entry and re-hash the legacy part: the anchor's signature covers it
    prev = GENESIS
    for entry in AuditEntry.objects.filter(key_id="").order_by("seq"):
        if entry.seq == 2:
            entry.data = {"n": 99}
        entry.prev_hash, entry.hash = (
            prev,
            hashlib.sha256(prev.encode() + _canonical(entry)).hexdigest(),
        )
        _raw("UPDATE audit_auditentry SET data = %s, prev_hash = %s, hash = %s WHERE seq = %s",
             params=[json.dumps(entry.data), entry.prev_hash, entry.hash, entry.seq])  # fmt: skip
        prev = entry.hash
    code, out = _verify(capsys)
    assert code == 1 and "第 4 条审计记录的前序摘要与上一条不符" in out


def test_the_sweep_writes_one_checkpoint_a_day(monkeypatch):
    from hecha.commands.sweep import scheduled

    monkeypatch.setattr("hecha.cases.services.sweep", lambda today=None: {})
    _append(1)
    assert scheduled()["audit_checkpoint"] == 1
    _append(1, start=1)
    assert scheduled()["audit_checkpoint"] is None  # one already today
    later = datetime(2099, 1, 1, 0, 5, tzinfo=UTC)
    point = checkpoints.daily(now=later)
    assert point is not None and point.seq == 2
    assert checkpoints.daily(now=later) is None
    assert len(checkpoints.all_checkpoints()) == 2


def test_checkpoint_files_are_private(capsys):
    import stat

    _append(1)
    point = checkpoints.write()
    assert stat.S_IMODE(point.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(point.path.parent.stat().st_mode) == 0o700
