"""The procedure table: every path walked, every refusal named, no stage reachable without
its statutory predecessors. Pure core: no database."""

from dataclasses import replace
from datetime import date

import pytest

from hecha.law.calendar import WorkCalendar, builtin_schedules
from hecha.workflow.procedure import (
    STEPS,
    Actor,
    CaseFacts,
    Officer,
    StepRefused,
    attempt,
    next_step,
)
from hecha.workflow.stages import CLOSED, OPEN, Stage

CAL = WorkCalendar.of(builtin_schedules())
D = date.fromisoformat
OFFICER = Actor("district_officer", "210102")
LEAD = Actor("district_lead", "210102")
REVIEWER = Actor("city_reviewer", None)
CITY_LEAD = Actor("city_lead", None)
A = Officer(1, "张伟", "辽执210102001", D("2024-01-01"), D("2028-12-31"), "210102")
B = Officer(2, "李娜", "辽执210102002", D("2024-01-01"), D("2028-12-31"), "210102")


def step(name, facts, actor, today, **data):
    outcome = attempt(name, facts, actor=actor, data=data, today=D(today), calendar=CAL)
    changes = {k: v for k, v in outcome.sets.items() if hasattr(facts, k)}
    return replace(facts, stage=outcome.stage, **changes), outcome


def to_mailed():
    f = CaseFacts(stage=Stage.FLAGGED, district_code="210102")
    f, _ = step(
        "issue_notices", f, OFFICER, "2026-01-05", notices_on=D("2026-01-05"), officers=[A, B]
    )
    f, _ = step("record_call", f, OFFICER, "2026-01-06", called_at=D("2026-01-06"),
                answered_by="王经理", result="已告知", mailing_address="沈阳市和平区中山路1号")  # fmt: skip
    f, _ = step("submit_to_city", f, OFFICER, "2026-01-07")
    f = replace(f, submission_accepted=True)
    f, out = step("mail", f, REVIEWER, "2026-01-09", mailed_on=D("2026-01-09"), tracking_no="EA123")
    assert out.dates["receipts_due"].value == D("2026-01-23")
    return f


def test_main_path_by_receipt_to_revocation():
    f, out = step("record_receipt", to_mailed(), REVIEWER, "2026-01-12", signed_on=D("2026-01-12"))
    assert f.stage == Stage.RECTIFYING and f.served_on == D("2026-01-12")
    assert f.rectification_until == D("2026-04-13")  # 12 April 2026 is a Sunday: moves on
    assert "送达之日起3个月" in out.dates["rectification_until"].basis
    with pytest.raises(StepRefused, match="整改期至 2026-04-13，期满后方可复查"):
        step("district_recheck", f, OFFICER, "2026-04-13", evidence_count=1, conclusion="仍不足")
    f, _ = step("district_recheck", f, OFFICER, "2026-04-14", evidence_count=1, conclusion="仍不足")
    f, _ = step("city_recheck", f, REVIEWER, "2026-04-20", conclusion="确认仍不足")
    f, out = step("notice_revocation", f, CITY_LEAD, "2026-05-06", mailed_on=D("2026-05-06"),
                  announced_on=D("2026-05-06"), tracking_no="EA999")  # fmt: skip
    assert f.revocation_served_on == D("2026-06-05")
    with pytest.raises(StepRefused, match="2026-06-05 视为送达"):
        step("revoke", f, CITY_LEAD, "2026-06-05")
    f, _ = step("revoke", f, CITY_LEAD, "2026-06-06")
    assert f.stage == Stage.REVOKED


def test_path_by_announcement_to_rectified():
    f = to_mailed()
    with pytest.raises(StepRefused, match="回执收集期至 2026-01-23"):
        step("announce", f, REVIEWER, "2026-01-23", announced_on=D("2026-01-23"))
    f, out = step("announce", f, REVIEWER, "2026-01-26", announced_on=D("2026-01-26"))
    assert f.stage == Stage.ANNOUNCED
    # 30 days after 26 January is 25 February, after 春节 (15–23 Feb): no move needed
    assert out.dates["deemed_served_on"].value == D("2026-02-25")
    f, out = step("deem_served", f, Actor("system", None), "2026-02-26", served_on=D("2026-02-25"))
    assert f.rectification_until == D("2026-05-25")
    with pytest.raises(StepRefused, match="没有送达后的比对结果"):
        step("close_rectified", f, OFFICER, "2026-03-01")
    f, _ = step("close_rectified", replace(f, compliant_run=7), OFFICER, "2026-03-01")
    assert f.stage == Stage.RECTIFIED


def test_returned_mail_may_be_announced_at_once():
    f = replace(to_mailed(), returned_on=D("2026-01-12"))
    f, _ = step("announce", f, REVIEWER, "2026-01-13", announced_on=D("2026-01-13"))
    assert f.stage == Stage.ANNOUNCED


@pytest.mark.parametrize("stage", OPEN)
def test_a_lead_may_withdraw_at_any_open_stage_with_a_reason(stage):
    f = CaseFacts(stage=stage, district_code="210102")
    with pytest.raises(StepRefused, match="请填写撤销理由"):
        step("withdraw", f, LEAD, "2026-03-01")
    with pytest.raises(StepRefused, match="无权"):
        step("withdraw", f, OFFICER, "2026-03-01", reason="重复立案")
    assert (
        step("withdraw", f, CITY_LEAD, "2026-03-01", reason="重复立案")[0].stage == Stage.WITHDRAWN
    )


@pytest.mark.parametrize("stage", sorted(CLOSED))
def test_closed_cases_take_no_step(stage):
    with pytest.raises(StepRefused, match="案件已结案"):
        step(
            "withdraw",
            CaseFacts(stage=stage, district_code="210102"),
            LEAD,
            "2026-03-01",
            reason="x",
        )


@pytest.mark.parametrize("name", sorted(STEPS))
def test_every_step_is_refused_from_every_other_stage(name):
    for stage in OPEN:
        if stage in STEPS[name].sources:
            continue
        with pytest.raises(StepRefused, match="不能进行"):
            attempt(name, CaseFacts(stage=stage, district_code="210102"), actor=CITY_LEAD,
                    data={}, today=D("2026-03-01"), calendar=CAL)  # fmt: skip


def _reachable(without: Stage) -> set[Stage]:
    if without == Stage.FLAGGED:
        return set()  # every case starts flagged
    seen, todo = {Stage.FLAGGED}, [Stage.FLAGGED]
    while todo:
        stage = todo.pop()
        for s in STEPS.values():
            if stage in s.sources and s.target not in seen and s.target != without:
                seen.add(s.target)
                todo.append(s.target)
    return seen


# stage -> the stages every path to it must pass through (the action plan's order)
PREDECESSORS = {
    Stage.NOTICES_ISSUED: [Stage.FLAGGED],
    Stage.ENTERPRISE_CONTACTED: [Stage.NOTICES_ISSUED],
    Stage.SUBMITTED_TO_CITY: [Stage.ENTERPRISE_CONTACTED],
    Stage.MAILED: [Stage.SUBMITTED_TO_CITY],
    Stage.ANNOUNCED: [Stage.MAILED],
    Stage.RECTIFYING: [Stage.MAILED],
    Stage.DISTRICT_RECHECK: [Stage.RECTIFYING],
    Stage.CITY_RECHECK: [Stage.DISTRICT_RECHECK],
    Stage.REVOCATION_NOTICED: [Stage.CITY_RECHECK],
    Stage.REVOKED: [Stage.REVOCATION_NOTICED, Stage.CITY_RECHECK, Stage.DISTRICT_RECHECK,
                    Stage.RECTIFYING, Stage.MAILED, Stage.NOTICES_ISSUED],
    Stage.RECTIFIED: [Stage.RECTIFYING],
}  # fmt: skip


@pytest.mark.parametrize(("stage", "before"), PREDECESSORS.items())
def test_no_stage_is_reachable_without_its_statutory_predecessors(stage, before):
    assert stage in _reachable(without=Stage.WITHDRAWN)
    for predecessor in before:
        assert stage not in _reachable(without=predecessor), predecessor


def test_two_different_officers_with_valid_certificates():
    f = CaseFacts(stage=Stage.FLAGGED, district_code="210102")
    expired = replace(B, valid_until=D("2025-12-31"))
    other = replace(B, district_code="210103")
    for officers, message in [
        ([A], "两名不同的执法人员"),
        ([A, A], "两名不同的执法人员"),
        ([A, expired], "李娜的执法证（辽执210102002）在 2026-01-05 不在有效期内"),
        ([A, other], "李娜不属于该企业所在区县"),
    ]:
        with pytest.raises(StepRefused, match=message):
            step(
                "issue_notices",
                f,
                OFFICER,
                "2026-01-05",
                notices_on=D("2026-01-05"),
                officers=officers,
            )


def test_district_user_acts_only_on_own_district_and_role_limits():
    f = CaseFacts(stage=Stage.FLAGGED, district_code="210103")
    with pytest.raises(StepRefused, match="不属于您所在的区县"):
        step("issue_notices", f, OFFICER, "2026-01-05", notices_on=D("2026-01-05"), officers=[A, B])
    with pytest.raises(StepRefused, match="无权"):
        step(
            "revoke",
            CaseFacts(stage=Stage.REVOCATION_NOTICED, district_code="210102"),
            REVIEWER,
            "2026-06-06",
        )


def test_every_missing_field_is_named_at_once():
    f = CaseFacts(stage=Stage.NOTICES_ISSUED, district_code="210102", notices_on=D("2026-01-05"))
    with pytest.raises(StepRefused) as refused:
        step("record_call", f, OFFICER, "2026-01-06")
    assert refused.value.reasons == [
        "请填写通话日期",
        "请填写接听人",
        "请填写通话结果",
        "请填写邮寄地址",
    ]
    with pytest.raises(StepRefused, match="不能晚于今天"):
        step("record_call", f, OFFICER, "2026-01-06", called_at=D("2026-01-07"), answered_by="x",
             result="x", mailing_address="x")  # fmt: skip


def test_mailing_needs_the_citys_acceptance_and_revocation_same_day():
    f = CaseFacts(stage=Stage.SUBMITTED_TO_CITY, district_code="210102")
    with pytest.raises(StepRefused, match="尚未经市局接收"):
        step("mail", f, REVIEWER, "2026-01-09", mailed_on=D("2026-01-09"), tracking_no="E1")
    g = CaseFacts(stage=Stage.CITY_RECHECK, district_code="210102")
    with pytest.raises(StepRefused, match="同日发起"):
        step("notice_revocation", g, CITY_LEAD, "2026-05-07", mailed_on=D("2026-05-06"),
             announced_on=D("2026-05-07"), tracking_no="E2")  # fmt: skip


def test_next_step_says_who_owes_what_by_when():
    f = to_mailed()
    nxt = next_step(f, CAL)
    assert (nxt.owed_by, nxt.due.value, nxt.due.basis) == (
        "市局",
        D("2026-01-23"),
        "邮寄之日起10个工作日",
    )
    assert next_step(CaseFacts(stage=Stage.REVOKED, district_code="210102"), CAL) is None
