"""The procedure table: every path walked, every refusal named, no stage reachable without
its statutory predecessors. Pure core: no database."""

from dataclasses import replace
from datetime import date

import pytest

from hecha.law.calendar import WorkCalendar, builtin_schedules
from hecha.law.periods import LegalDate
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
RECHECK = {"evidence_count": 1, "evidence_after": 1, "conclusion": "仍不足", "officers": [A, B]}
PERIOD = LegalDate(D("2026-06-12"), "撤回告知书送达之日起5个工作日内提出陈述、申辩")


def step(name, facts, actor, today, **data):
    outcome = attempt(name, facts, actor=actor, data=data, today=D(today), calendar=CAL)
    changes = {k: v for k, v in outcome.sets.items() if hasattr(facts, k)}
    return replace(facts, stage=outcome.stage, **changes), outcome


def to_mailed():
    f = CaseFacts(stage=Stage.FLAGGED, district_code="210102")
    f, out = step(
        "issue_notices", f, OFFICER, "2026-01-05", notices_on=D("2026-01-05"), officers=[A, B]
    )
    assert (out.sets["officer_a_id"], out.sets["officer_b_id"]) == (1, 2)
    f, _ = step("record_call", f, OFFICER, "2026-01-06", called_at=D("2026-01-06"), outcome="informed",
                answered_by="王经理", mailing_address="沈阳市和平区中山路1号")  # fmt: skip
    f, _ = step("submit_to_city", f, OFFICER, "2026-01-07")
    f = replace(f, submission_accepted=True)
    f, out = step("mail", f, REVIEWER, "2026-01-09", mailed_on=D("2026-01-09"), tracking_no="EA123")
    assert out.dates["receipts_due"].value == D("2026-01-23")
    return f


def served(**facts):
    f, _ = step("record_receipt", to_mailed(), REVIEWER, "2026-01-12", signed_on=D("2026-01-12"))
    return replace(f, **facts)


def test_main_path_by_receipt_to_revocation():
    f, out = step("record_receipt", to_mailed(), REVIEWER, "2026-01-12", signed_on=D("2026-01-12"))
    assert f.stage == Stage.RECTIFYING and f.served_on == D("2026-01-12")
    assert f.rectification_until == D("2026-04-13")  # 12 April 2026 is a Sunday: moves on
    assert "送达之日起3个月" in out.dates["rectification_until"].basis
    f = replace(f, last_check=9, last_check_on=D("2026-04-14"))
    with pytest.raises(StepRefused, match="整改期至 2026-04-13，期满后方可复查"):
        step("district_recheck", f, OFFICER, "2026-04-13", **RECHECK)
    f, out = step("district_recheck", f, OFFICER, "2026-04-14", **RECHECK)
    assert out.sets["recheck_run_id"] == 9 and out.sets["recheck_result"] == "short"
    assert (out.sets["recheck_officer_a_id"], out.sets["recheck_officer_b_id"]) == (1, 2)
    with pytest.raises(StepRefused, match="逾期整改未达标企业清单"):
        step("city_recheck", f, REVIEWER, "2026-04-20", conclusion="确认仍不足")
    assert next_step(f, CAL).owed_by == "区县"
    f = replace(f, overdue_listed_on=D("2026-04-16"))
    assert next_step(f, CAL).what == "市局二次复查"
    f, _ = step("city_recheck", f, REVIEWER, "2026-04-20", conclusion="确认仍不足")
    f, out = step("notice_revocation", f, CITY_LEAD, "2026-05-06", mailed_on=D("2026-05-06"),
                  announced_on=D("2026-05-06"), tracking_no="EA999")  # fmt: skip
    assert f.revocation_served_on == D("2026-06-05")
    f = replace(f, statement_until=PERIOD)
    with pytest.raises(StepRefused, match="2026-06-05 视为送达"):
        step("revoke", f, CITY_LEAD, "2026-06-05")
    with pytest.raises(StepRefused, match="陈述、申辩期至 2026-06-12"):
        step("revoke", f, CITY_LEAD, "2026-06-12")
    assert next_step(f, CAL).due == PERIOD
    f, _ = step("revoke", f, CITY_LEAD, "2026-06-15")
    assert f.stage == Stage.REVOKED


def test_statements_and_defence_are_answered_before_the_decision():
    f = CaseFacts(stage=Stage.REVOCATION_NOTICED, district_code="210102",
                  revocation_announced_on=D("2026-05-06"), revocation_served_on=D("2026-06-05"),
                  statement_until=PERIOD)  # fmt: skip
    with pytest.raises(StepRefused) as refused:
        step("record_statement", f, REVIEWER, "2026-06-08")
    assert refused.value.reasons == ["请填写收到日期", "请选择类型（陈述、申辩/听证申请）",
                                     "请填写陈述、申辩的主要内容"]  # fmt: skip
    g, out = step("record_statement", f, REVIEWER, "2026-06-08", received_on=D("2026-06-08"),
                  kind="statement", summary="已新聘两名建造师")  # fmt: skip
    assert g.stage == Stage.REVOCATION_NOTICED
    assert (out.notes["within_period"], out.notes["period_until"]) == (True, D("2026-06-12"))
    assert out.notes["period_words"] == "，期限至 2026-06-12，期限内"
    _, late = step("record_statement", f, REVIEWER, "2026-06-15", received_on=D("2026-06-15"),
                   kind="hearing", summary="申请听证")  # fmt: skip
    assert late.notes["within_period"] is False
    g = replace(g, statements_open=1)
    with pytest.raises(StepRefused, match=r"陈述、申辩或听证申请（1 件）尚未答复"):
        step("revoke", g, CITY_LEAD, "2026-06-15")
    with pytest.raises(StepRefused, match="无权"):
        step("respond_statement", g, REVIEWER, "2026-06-10", responded_on=D("2026-06-10"),
             outcome="upheld", response="人员仍不足")  # fmt: skip
    step("respond_statement", g, CITY_LEAD, "2026-06-10", responded_on=D("2026-06-10"),
         outcome="upheld", response="新聘人员社保未转入，仍不足")  # fmt: skip
    with pytest.raises(StepRefused, match="没有待答复"):
        step("respond_statement", f, CITY_LEAD, "2026-06-10", responded_on=D("2026-06-10"),
             outcome="upheld", response="x")  # fmt: skip
    accepted = replace(f, statement_accepted=True)
    with pytest.raises(StepRefused, match="理由成立，不能撤回资质"):
        step("revoke", accepted, CITY_LEAD, "2026-06-15")
    with pytest.raises(StepRefused, match="须有相应的办理记录"):
        step("withdraw", f, CITY_LEAD, "2026-06-15", reason_code="statement_accepted", reason="x")
    closed, out = step("withdraw", accepted, CITY_LEAD, "2026-06-15",
                       reason_code="statement_accepted", reason="新聘人员经核实已到岗")  # fmt: skip
    assert closed.stage == Stage.WITHDRAWN
    assert out.sets["close_reason"] == "企业陈述、申辩理由成立，不予撤回：新聘人员经核实已到岗"


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
    f = replace(f, last_check=7, last_check_on=D("2026-03-01"), last_check_meets=True)
    with pytest.raises(StepRefused, match="由区县复查后结案"):
        step("close_rectified", f, REVIEWER, "2026-03-01")
    f, out = step("close_rectified", f, OFFICER, "2026-03-01")
    assert f.stage == Stage.RECTIFIED
    assert out.sets["close_reason"] == "比对 #7（基准日 2026-03-01）显示整改期限内已符合标准"
    assert "late_compliance_policy" not in out.sets


def test_returned_mail_is_announced_with_the_rest_after_the_receipts_period():
    f = replace(to_mailed(), returned_on=D("2026-01-12"))
    with pytest.raises(StepRefused, match="回执收集期至 2026-01-23.*已退件"):
        step("announce", f, REVIEWER, "2026-01-13", announced_on=D("2026-01-13"))
    f, _ = step("announce", f, REVIEWER, "2026-01-26", announced_on=D("2026-01-26"))
    assert f.stage == Stage.ANNOUNCED


@pytest.mark.parametrize(
    ("outcome", "answered_by", "checked"),
    [("informed", "王经理", True), ("no_answer", "", False), ("wrong_number", "", False),
     ("refused", "", False)],
)  # fmt: skip
def test_phone_outcomes_name_who_answered_only_when_someone_did(outcome, answered_by, checked):
    f = CaseFacts(stage=Stage.NOTICES_ISSUED, district_code="210102", notices_on=D("2026-01-05"))
    g, out = step("record_call", f, OFFICER, "2026-01-06", called_at=D("2026-01-06"), outcome=outcome,
                  answered_by=answered_by, mailing_address="沈阳市和平区中山路1号")  # fmt: skip
    assert g.stage == Stage.ENTERPRISE_CONTACTED
    assert (out.sets["contact_outcome"], out.sets["address_checked"]) == (outcome, checked)


def test_an_informed_call_names_who_answered():
    f = CaseFacts(stage=Stage.NOTICES_ISSUED, district_code="210102", notices_on=D("2026-01-05"))
    with pytest.raises(StepRefused) as refused:
        step("record_call", f, OFFICER, "2026-01-06", called_at=D("2026-01-06"),
             outcome="informed", mailing_address="x")  # fmt: skip
    assert refused.value.reasons == ["请填写接听人"]
    with pytest.raises(StepRefused, match="请选择通话结果（已告知/无人接听/号码错误/拒绝接听）"):
        step("record_call", f, OFFICER, "2026-01-06", called_at=D("2026-01-06"), outcome="busy",
             mailing_address="x")  # fmt: skip


# the stage, then who may withdraw at it (the level owning the stage; after the notice the city lead)
OWNERS = {stage: ("district_lead" if stage in (Stage.FLAGGED, Stage.NOTICES_ISSUED,
                                               Stage.ENTERPRISE_CONTACTED) else "city_lead")
          for stage in OPEN}  # fmt: skip
ACTORS = [OFFICER, LEAD, REVIEWER, CITY_LEAD, Actor("admin", None)]


@pytest.mark.parametrize("stage", OPEN)
@pytest.mark.parametrize("actor", ACTORS, ids=lambda a: a.role)
def test_a_close_attempt_by_every_role_at_every_stage(stage, actor):
    f = CaseFacts(stage=stage, district_code="210102")
    data = {"reason_code": "duplicate", "reason": "与案件 #3 重复"}
    if actor.role == OWNERS[stage]:
        g, out = step("withdraw", f, actor, "2026-03-01", **data)
        assert g.stage == Stage.WITHDRAWN
        assert (out.sets["close_reason_code"], out.sets["close_reason"]) == (
            "duplicate", "重复立案：与案件 #3 重复")  # fmt: skip
        return
    with pytest.raises(StepRefused) as refused:
        step("withdraw", f, actor, "2026-03-01", **data)
    if actor.role in ("district_officer", "city_reviewer", "admin"):
        assert refused.value.reasons == ["您的角色无权进行“撤销核查”"]
    elif stage == Stage.REVOCATION_NOTICED:
        assert refused.value.reasons == ["撤回告知书已下达：仅市局负责人可以撤销核查"]
    elif actor.role == "district_lead":
        assert refused.value.reasons == ["案件已报送市局：撤销核查由市局负责人决定"]
    else:
        assert refused.value.reasons == ["案件尚未报送市局：撤销核查由区县负责人决定"]


def test_withdrawal_needs_a_listed_reason_words_and_evidence_where_the_reason_needs_it():
    f = CaseFacts(stage=Stage.FLAGGED, district_code="210102")
    with pytest.raises(StepRefused) as refused:
        step("withdraw", f, LEAD, "2026-03-01")
    assert refused.value.reasons[0].startswith("请选择撤销理由（企业已注销、吊销或迁出本市、")
    assert refused.value.reasons[1] == "请填写撤销理由说明"
    with pytest.raises(StepRefused, match="“企业已注销、吊销或迁出本市”须先上传证明材料"):
        step("withdraw", f, LEAD, "2026-03-01", reason_code="enterprise_closed", reason="已注销")
    g, _ = step("withdraw", f, LEAD, "2026-03-01", reason_code="enterprise_closed", reason="已注销",
                withdrawal_evidence=1)  # fmt: skip
    assert g.stage == Stage.WITHDRAWN


# policy -> stage -> whether compliance found after the period closes the case there
LATE = {
    "recheck_decides": {Stage.RECTIFYING: True, Stage.DISTRICT_RECHECK: True, Stage.CITY_RECHECK: False},
    "close": {Stage.RECTIFYING: True, Stage.DISTRICT_RECHECK: True, Stage.CITY_RECHECK: True},
    "continue": {Stage.RECTIFYING: False, Stage.DISTRICT_RECHECK: False, Stage.CITY_RECHECK: False},
}  # fmt: skip


@pytest.mark.parametrize(("policy", "stage"), [(p, s) for p, row in LATE.items() for s in row])
def test_late_compliance_follows_the_bureaus_policy_and_is_recorded(policy, stage):
    f = served(stage=stage, late_compliance=policy, last_check=11, last_check_on=D("2026-04-20"),
               last_check_meets=True, overdue_listed_on=D("2026-04-16"))  # fmt: skip
    closer = OFFICER if stage == Stage.RECTIFYING else REVIEWER
    if LATE[policy][stage]:
        g, out = step("close_rectified", f, closer, "2026-04-21")
        assert g.stage == Stage.RECTIFIED and out.sets["late_compliance_policy"] == policy
        assert out.sets["close_reason"].endswith("整改期满后已符合标准；期满后达标：按本局政策结案")
        return
    with pytest.raises(StepRefused, match="整改期满后才达标。本局政策：期满后达标："):
        step("close_rectified", f, closer, "2026-04-21")
    # the procedure goes on, and the re-check records that the enterprise now meets the standard
    name = {Stage.RECTIFYING: "district_recheck", Stage.DISTRICT_RECHECK: "city_recheck"}.get(stage)
    if name:
        _, out = step(name, f, OFFICER if name == "district_recheck" else REVIEWER, "2026-04-21",
                      **RECHECK)  # fmt: skip
        assert out.notes["result"] == "meets" and out.sets["late_compliance_policy"] == policy


def test_a_recheck_needs_a_fresh_comparison_and_evidence_dated_after_the_period():
    f = served()
    with pytest.raises(StepRefused) as refused:
        step("district_recheck", f, OFFICER, "2026-04-14", evidence_count=0, conclusion="x")
    assert refused.value.reasons[:2] == [
        "整改期满（2026-04-13）后尚无比对了该企业的系统比对：请先以期满后的日期为基准日运行比对"
        "（企业已注销或资质已失效而不在比对范围内的，应以相应理由撤销核查）",
        "请上传带日期的四库截图等复查证据",
    ]
    old = replace(f, last_check=5, last_check_on=D("2026-04-13"))  # on the last day: not after
    with pytest.raises(StepRefused, match="尚无比对了该企业的系统比对"):
        step("district_recheck", old, OFFICER, "2026-04-14", **RECHECK)
    f = replace(f, last_check=6, last_check_on=D("2026-04-14"))
    stale = dict(RECHECK, evidence_after=0)
    with pytest.raises(StepRefused, match=r"截图日期均不晚于整改期限（2026-04-13）"):
        step("district_recheck", f, OFFICER, "2026-04-14", **stale)
    g, _ = step("district_recheck", f, OFFICER, "2026-04-14", **stale,
                evidence_reason="平台截图功能故障，期满后截图于次日补传")  # fmt: skip
    assert g.stage == Stage.DISTRICT_RECHECK
    with pytest.raises(StepRefused, match="区县复查须由两名不同的执法人员签署"):
        step("district_recheck", f, OFFICER, "2026-04-14", **dict(RECHECK, officers=[A]))
    expired = replace(B, valid_until=D("2026-04-01"))
    with pytest.raises(
        StepRefused, match="李娜的执法证（辽执210102002）在 2026-04-14 不在有效期内"
    ):
        step("district_recheck", f, OFFICER, "2026-04-14", **dict(RECHECK, officers=[A, expired]))


@pytest.mark.parametrize("stage", sorted(CLOSED))
def test_closed_cases_take_no_step(stage):
    with pytest.raises(StepRefused, match="案件已结案"):
        step("withdraw", CaseFacts(stage=stage, district_code="210102"), LEAD, "2026-03-01",
             reason_code="duplicate", reason="x")  # fmt: skip


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


def test_steps_that_stay_in_a_stage_are_only_the_statement_steps_and_the_revocation_mail():
    staying = {n for n, s in STEPS.items() if s.target in s.sources}
    assert staying == {"record_statement", "respond_statement", "record_revocation_mail"}


def test_two_different_officers_with_valid_certificates():
    f = CaseFacts(stage=Stage.FLAGGED, district_code="210102")
    expired = replace(B, valid_until=D("2025-12-31"))
    other = replace(B, district_code="210103")
    for officers, message in [
        ([A], "通知书须由两名不同的执法人员签署"),
        ([A, A], "两名不同的执法人员"),
        ([A, expired], "李娜的执法证（辽执210102002）在 2026-01-05 不在有效期内"),
        ([A, other], "李娜不属于该企业所在区县"),
    ]:
        with pytest.raises(StepRefused, match=message):
            step("issue_notices", f, OFFICER, "2026-01-05", notices_on=D("2026-01-05"),
                 officers=officers)  # fmt: skip


def test_district_user_acts_only_on_own_district_and_role_limits():
    f = CaseFacts(stage=Stage.FLAGGED, district_code="210103")
    with pytest.raises(StepRefused, match="不属于您所在的区县"):
        step("issue_notices", f, OFFICER, "2026-01-05", notices_on=D("2026-01-05"), officers=[A, B])
    with pytest.raises(StepRefused, match="无权"):
        step("revoke", CaseFacts(stage=Stage.REVOCATION_NOTICED, district_code="210102"), REVIEWER,
             "2026-06-06")  # fmt: skip


def test_every_missing_field_is_named_at_once():
    f = CaseFacts(stage=Stage.NOTICES_ISSUED, district_code="210102", notices_on=D("2026-01-05"))
    with pytest.raises(StepRefused) as refused:
        step("record_call", f, OFFICER, "2026-01-06")
    assert refused.value.reasons == [
        "请填写通话日期",
        "请选择通话结果（已告知/无人接听/号码错误/拒绝接听）",
        "请填写邮寄地址",
    ]
    with pytest.raises(StepRefused, match="不能晚于今天"):
        step("record_call", f, OFFICER, "2026-01-06", called_at=D("2026-01-07"), answered_by="x",
             mailing_address="x")  # fmt: skip


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


def test_the_steps_offered_are_those_of_the_level_owning_the_stage():
    def names(stage, role):
        from hecha.workflow.procedure import offered

        return {s.name for s in offered(stage, role)}

    assert "withdraw" in names(Stage.FLAGGED, "district_lead")
    assert "withdraw" not in names(Stage.FLAGGED, "city_lead")
    assert "withdraw" not in names(Stage.RECTIFYING, "district_lead")
    assert names(Stage.REVOCATION_NOTICED, "city_lead") == {
        "record_revocation_mail", "record_statement", "respond_statement", "revoke", "withdraw"}  # fmt: skip
    assert names(Stage.REVOCATION_NOTICED, "city_reviewer") == {
        "record_revocation_mail", "record_statement"}  # fmt: skip
    assert "close_rectified" in names(Stage.RECTIFYING, "district_officer")
    assert "close_rectified" not in names(Stage.DISTRICT_RECHECK, "district_officer")


def test_the_policy_in_force_is_the_setting_when_it_names_an_option(monkeypatch):
    from hecha.workflow.rules import late_compliance, restriction_rules, withdrawal_reasons

    assert late_compliance().key == "recheck_decides"
    monkeypatch.setenv("HECHA_LATE_COMPLIANCE", "continue")
    assert late_compliance().wording.startswith("期满后达标：继续撤回程序")
    monkeypatch.setenv("HECHA_LATE_COMPLIANCE", "whatever")
    assert late_compliance().key == "recheck_decides"  # an unknown value is not a policy
    kinds, statuses = restriction_rules()
    assert list(kinds) == ["upgrade", "add_item", "new_projects"]  # CONTRACT.md §5
    assert (
        statuses["rectification_period"].statutory and not statuses["revocation_pending"].statutory
    )
    assert withdrawal_reasons()["duplicate"].needs_evidence is False
