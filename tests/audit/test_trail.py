"""The audit trail: appended in the change's transaction, refused edits, tampering found."""

import pytest
from django.db import IntegrityError, InternalError, OperationalError, connection, transaction

from hecha.audit import guards
from hecha.audit.models import AuditEntry
from hecha.audit.sentences import sentence
from hecha.audit.services import GENESIS, log_action
from hecha.cli import main

DB_REFUSALS = (IntegrityError, InternalError, OperationalError)


def _append(n):
    with transaction.atomic():
        return [log_action(action="test.event", data={"n": i}) for i in range(n)]


def test_entries_form_a_chain_from_the_genesis(db, capsys):
    first, second, third = _append(3)
    assert first.prev_hash == GENESIS and (first.seq, third.seq) == (1, 3)
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    assert main(["audit", "verify"]) == 0
    assert "共 3 条" in capsys.readouterr().out


def test_an_entry_outside_a_transaction_is_refused(transactional_db):
    with pytest.raises(RuntimeError):
        log_action(action="test.event")
    assert AuditEntry.objects.count() == 0


def test_an_entry_is_rolled_back_with_its_change(db):
    with pytest.raises(ValueError), transaction.atomic():
        log_action(action="test.event")
        raise ValueError
    assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_auditentry SET action = 'x'", "DELETE FROM audit_auditentry"],
)
def test_the_database_refuses_to_change_an_entry(db, statement):
    _append(2)
    with pytest.raises(DB_REFUSALS), transaction.atomic(), connection.cursor() as cur:
        cur.execute(statement)
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["test.event"] * 2


def _without_triggers(statement):
    """What someone with database access could do: drop the guard, edit, put it back."""
    with connection.cursor() as cur:
        guards.remove(cur, connection.vendor)
        try:
            cur.execute(statement)
        finally:
            guards.install(cur, connection.vendor)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("statement", "message"),
    [
        (
            "UPDATE audit_auditentry SET data = '{\"n\": 99}' WHERE seq = 2",
            "第 2 条审计记录的内容与其摘要不符",
        ),
        ("DELETE FROM audit_auditentry WHERE seq = 2", "第 2 条至第 2 条审计记录缺失"),
        (
            "UPDATE audit_auditentry SET actor_name = 'mallory' WHERE seq = 3",
            "第 3 条审计记录的内容与其摘要不符",
        ),
    ],
)
def test_verify_names_the_first_entry_edited_in_the_database(statement, message, capsys):
    _append(4)
    _without_triggers(statement)
    assert main(["audit", "verify"]) == 1
    assert message in capsys.readouterr().err


def test_every_action_has_a_chinese_sentence():
    text = sentence(
        "checks.run_completed",
        "张三",
        {"run": 3, "as_of": "2026-11-24", "standard": "2016", "flagged": 7},
    )
    assert text == "张三完成系统自动比对 #3（基准日 2026-11-24，标准 2016）：异常企业 7 家"
    assert sentence("unknown.code", "", {}) == "系统：unknown.code"
