"""The statutory procedure as one table: for each step, the stages it may leave, the stage it
enters, the roles that may take it (and, among them, the level that owns the stage), what it
requires, what it sets, and what the app records and issues with it.

`attempt()` judges a step against the facts of a case and either returns the outcome or
raises `StepRefused` naming every reason in Chinese. The apps store the outcome; nothing
here touches a database. The nouns are in `model`, the checks in `requirements`, the effects
in `effects`, the values of law and policy in `rules` (data files with their sources).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from hecha.law.calendar import WorkCalendar
from hecha.law.periods import LegalDate
from hecha.workflow import effects as fx
from hecha.workflow import requirements as rq
from hecha.workflow.model import (
    CITY_ROLES,
    DISTRICT_ROLES,
    DISTRICT_STAGES,
    LEADS,
    Actor,
    CaseFacts,
    Context,
    Officer,
    Outcome,
    Step,
    StepRefused,
)
from hecha.workflow.rules import Deadline, deadlines
from hecha.workflow.stages import CLOSED, OPEN, Stage
from hecha.workflow.vocabulary import RESPONSES, STATEMENT_KINDS

__all__ = [
    "CITY_ROLES", "DISTRICT_ROLES", "DISTRICT_STAGES", "LEADS", "NEXT", "STEPS", "Actor",
    "CaseFacts", "Deadline", "NextStep", "Officer", "Outcome", "Step", "StepRefused", "attempt",
    "deadlines", "deemed_served_on", "next_step", "offered", "open_to", "steps_from",
]  # fmt: skip

S = Stage
CITY_LEAD = frozenset({"city_lead"})

STEPS: dict[str, Step] = {
    s.name: s
    for s in [
        Step("issue_notices", "制发行政检查通知书和责令限期整改通知书", frozenset({S.FLAGGED}),
             S.NOTICES_ISSUED, DISTRICT_ROLES,
             (rq.needs_date("notices_on", "制发日期"), rq.two_officers), fx.set_notices, True,
             inputs=("officers",), records=("assignee",), documents=("notices",)),
        Step("record_call", "电话告知企业并核对邮寄地址", frozenset({S.NOTICES_ISSUED}),
             S.ENTERPRISE_CONTACTED, DISTRICT_ROLES,
             (rq.needs_date("called_at", "通话日期"), rq.contact_outcome,
              rq.answered_by_when_answered, rq.needs_text("mailing_address", "邮寄地址"),
              rq.not_before("called_at", "通话日期", "notices_on", "通知书制发日期")),
             fx.set_contacted, True, records=("phone_call",)),
        Step("submit_to_city", "报送市局", frozenset({S.ENTERPRISE_CONTACTED}),
             S.SUBMITTED_TO_CITY, DISTRICT_ROLES, (), fx.set_submitted, True),
        Step("mail", "EMS 邮寄通知书", frozenset({S.SUBMITTED_TO_CITY}), S.MAILED, CITY_ROLES,
             (rq.submission_accepted, rq.needs_date("mailed_on", "邮寄日期"),
              rq.needs_text("tracking_no", "邮件号")), fx.set_mailed),
        Step("record_receipt", "登记签收（送达）", frozenset({S.MAILED}), S.RECTIFYING, CITY_ROLES,
             (rq.needs_date("signed_on", "签收日期"),
              rq.not_before("signed_on", "签收日期", "mailed_on", "邮寄日期")), fx.set_signed),
        Step("announce", "公告送达（失联企业）", frozenset({S.MAILED}), S.ANNOUNCED, CITY_ROLES,
             (rq.needs_date("announced_on", "公告日期"), rq.receipts_period_passed,
              rq.not_before("announced_on", "公告日期", "mailed_on", "邮寄日期")),
             fx.set_announced),
        Step("deem_served", "公告期满视为送达", frozenset({S.ANNOUNCED}), S.RECTIFYING,
             frozenset({"system"}), (), fx.set_deemed_served),
        Step("close_rectified", "整改达标结案",
             frozenset({S.RECTIFYING, S.DISTRICT_RECHECK, S.CITY_RECHECK}), S.RECTIFIED,
             DISTRICT_ROLES | CITY_ROLES, (rq.compliant,), fx.close_rectified, True,
             owner=rq.rectified_owner),
        Step("district_recheck", "区县复查（逾期未达标）", frozenset({S.RECTIFYING}),
             S.DISTRICT_RECHECK, DISTRICT_ROLES,
             (rq.rectification_ended, rq.fresh_comparison, rq.still_short, rq.has_evidence,
              rq.evidence_after_period, rq.signed_by_two_officers("区县复查"),
              rq.needs_text("conclusion", "复查结论")),
             fx.set_district_recheck, True, inputs=("officers", "evidence"),
             records=("district_recheck",), documents=("recheck_form",)),
        Step("city_recheck", "市局二次复查", frozenset({S.DISTRICT_RECHECK}), S.CITY_RECHECK,
             CITY_ROLES, (rq.overdue_listed, rq.still_short, rq.needs_text("conclusion", "复查结论")),
             fx.set_city_recheck, records=("city_recheck",)),
        Step("notice_revocation", "下达撤回资质告知书（邮寄并公告）", frozenset({S.CITY_RECHECK}),
             S.REVOCATION_NOTICED, CITY_LEAD,
             (rq.still_short, rq.needs_date("mailed_on", "邮寄日期"),
              rq.needs_date("announced_on", "公告日期"), rq.same_day_mail_and_announcement,
              rq.not_before("announced_on", "公告日期", "city_rechecked_on", "市局二次复查日期")),
             fx.set_revocation_notice, documents=("revocation_notice",)),
        Step("record_revocation_mail", "登记撤回告知书的邮件号", frozenset({S.REVOCATION_NOTICED}),
             S.REVOCATION_NOTICED, CITY_ROLES,
             (rq.revocation_mail_unrecorded, rq.needs_text("tracking_no", "邮件号")),
             fx.set_revocation_tracking),
        Step("record_statement", "登记陈述、申辩或听证申请", frozenset({S.REVOCATION_NOTICED}),
             S.REVOCATION_NOTICED, CITY_ROLES,
             (rq.needs_date("received_on", "收到日期"),
              rq.needs_choice("kind", "类型", STATEMENT_KINDS),
              rq.needs_text("summary", "陈述、申辩的主要内容"),
              rq.not_before("received_on", "收到日期", "revocation_announced_on", "撤回告知书公告日期")),
             fx.note_statement, records=("statement",)),
        Step("respond_statement", "答复陈述、申辩（市局复核意见）", frozenset({S.REVOCATION_NOTICED}),
             S.REVOCATION_NOTICED, CITY_LEAD,
             (rq.statements_to_answer, rq.needs_date("responded_on", "答复日期"),
              rq.needs_choice("outcome", "复核结论", RESPONSES),
              rq.needs_text("response", "复核意见"), rq.optional_date("hearing_held_on", "听证日期")),
             fx.note_response, records=("statement_response",)),
        Step("revoke", "作出撤回资质决定", frozenset({S.REVOCATION_NOTICED}), S.REVOKED, CITY_LEAD,
             (rq.revocation_served, rq.statement_period_ended, rq.statements_answered,
              rq.statement_not_accepted), fx.close_revoked, documents=("revocation_decision",)),
        Step("withdraw", "撤销核查", frozenset(OPEN), S.WITHDRAWN, LEADS,
             (rq.withdrawal_reason, rq.needs_text("reason", "撤销理由说明")), fx.close_withdrawn,
             True, owner=rq.withdrawal_owner, inputs=("withdrawal_evidence",)),
    ]
}  # fmt: skip


def _actor_problem(step: Step, ctx: Context) -> str | None:
    actor = ctx.actor
    if actor.role not in step.roles:
        return f"您的角色无权进行“{step.label}”"
    if actor.role in DISTRICT_ROLES and actor.district_code != ctx.facts.district_code:
        return "该案件不属于您所在的区县"
    return step.owner(ctx.facts.stage, actor.role) if step.owner else None


def attempt(
    step_name: str,
    facts: CaseFacts,
    *,
    actor: Actor,
    data: Mapping[str, Any] | None = None,
    today: date,
    calendar: WorkCalendar,
) -> Outcome:
    """Judge the step; return its outcome or raise StepRefused with every reason."""
    step = STEPS.get(step_name)
    if step is None:
        raise StepRefused([f"未知的步骤：{step_name}"])
    if facts.stage in CLOSED:
        raise StepRefused([f"案件已结案（{facts.stage.label}），不能再操作"])
    if facts.stage not in step.sources:
        raise StepRefused(
            [f"案件当前处于“{facts.stage.label}”，不能进行“{step.label}”（案件可能已被他人处理）"]
        )
    ctx = Context(facts, actor, data or {}, today, calendar)
    if problem := _actor_problem(step, ctx):
        raise StepRefused([problem])
    reasons = [r for check in step.checks if (r := check(ctx))]
    if reasons:
        raise StepRefused(reasons)
    outcome = Outcome(step=step.name, stage=step.target)
    if step.effect:
        step.effect(ctx, outcome)
    return outcome


def open_to(
    step_name: str, facts: CaseFacts, *, actor: Actor, today: date, calendar: WorkCalendar
) -> list[str]:
    """Why the step would be refused now whatever the user enters (empty: a page may offer it,
    with its form): the stage, the actor, and every check that judges the case, not the input."""
    step = STEPS[step_name]
    if facts.stage in CLOSED or facts.stage not in step.sources:
        return [f"案件当前处于“{facts.stage.label}”，不能进行“{step.label}”"]
    ctx = Context(facts, actor, {}, today, calendar)
    if problem := _actor_problem(step, ctx):
        return [problem]
    return [r for check in step.checks if check not in rq.INPUT_CHECKS and (r := check(ctx))]


def steps_from(stage: Stage) -> list[Step]:
    """The steps that may leave a stage (the page offers those the user's role may take)."""
    return [s for s in STEPS.values() if stage in s.sources and "system" not in s.roles]


def offered(stage: Stage, role: str) -> list[Step]:
    """The steps a role may take at a stage: its own, at the level that owns the stage."""
    return [
        s
        for s in steps_from(stage)
        if role in s.roles and (s.owner is None or s.owner(stage, role) is None)
    ]


@dataclass(frozen=True)
class NextStep:
    what: str
    owed_by: str  # 区县 / 市局 / 企业 / 系统
    due: LegalDate | None


@dataclass(frozen=True)
class Due:
    """What is due next at a stage, who owes it, and the deadline rule with the case date it
    runs from; `when` picks among several by the case's facts, `at` names a computed date."""

    what: str
    owed_by: str
    rule: str | None = None
    since: str | None = None
    when: str | None = None  # a CaseFacts attribute that must be truthy
    unless: str | None = None  # a CaseFacts attribute that must be falsy
    at: str | None = None  # a CaseFacts attribute holding the due LegalDate itself

    def applies(self, facts: CaseFacts) -> bool:
        return (self.when is None or bool(getattr(facts, self.when))) and (
            self.unless is None or not getattr(facts, self.unless)
        )


NEXT: dict[Stage, tuple[Due, ...]] = {
    S.FLAGGED: (Due("制发通知书", "区县"),),
    S.NOTICES_ISSUED: (Due("电话告知企业", "区县", "contact", "notices_on"),),
    S.ENTERPRISE_CONTACTED: (Due("报送市局", "区县", "submit", "contacted_on"),),
    S.SUBMITTED_TO_CITY: (Due("接收报送并 EMS 邮寄", "市局"),),
    S.MAILED: (Due("收集回执；期满未签收的（含退件）公告送达", "市局", "receipts", "mailed_on"),),
    S.ANNOUNCED: (Due("公告期满视为送达", "系统", "deemed_service", "announced_on"),),
    S.RECTIFYING: (Due("整改期满后区县复查", "区县", "district_recheck", "rectification_until"),),
    S.DISTRICT_RECHECK: (
        Due("市局二次复查", "市局", "city_recheck", "overdue_listed_on", when="overdue_listed_on"),
        Due("出具逾期整改未达标企业清单（两名执法人员签字）报市局", "区县", "overdue_list",
            "district_rechecked_on"),
    ),
    S.CITY_RECHECK: (Due("下达撤回资质告知书", "市局"),),
    S.REVOCATION_NOTICED: (
        Due("答复企业的陈述、申辩", "市局", when="statements_open"),
        Due("陈述、申辩期满后作出撤回决定", "市局", when="statement_until", at="statement_until"),
        Due("告知书送达后作出撤回决定", "市局", "revocation_service", "revocation_announced_on"),
    ),
}  # fmt: skip


def next_step(facts: CaseFacts, calendar: WorkCalendar) -> NextStep | None:
    """What is due next, who owes it, and by when with its basis."""
    due = next((d for d in NEXT.get(facts.stage, ()) if d.applies(facts)), None)
    if due is None:
        return None
    if due.at:
        return NextStep(due.what, due.owed_by, getattr(facts, due.at))
    start = getattr(facts, due.since) if due.since else None
    when = deadlines()[due.rule].from_(start, calendar) if due.rule and start else None
    return NextStep(due.what, due.owed_by, when)


def deemed_served_on(facts: CaseFacts, calendar: WorkCalendar) -> LegalDate | None:
    if facts.stage != Stage.ANNOUNCED or facts.announced_on is None:
        return None
    return deadlines()["deemed_service"].from_(facts.announced_on, calendar)
