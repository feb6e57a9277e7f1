"""The statutory procedure as one table: for each step, the stages it may leave, the stage it
enters, the roles that may take it, what it requires, and what it sets (dates with their
basis, computed by `hecha.law`).

`attempt()` judges a step against the facts of a case and either returns the outcome or
raises `StepRefused` naming every reason in Chinese. The apps store the outcome; nothing
here touches a database.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import yaml

from hecha.law.calendar import WorkCalendar
from hecha.law.periods import LegalDate, period_end, workdays_after
from hecha.workflow.stages import CLOSED, OPEN, Stage

DISTRICT_ROLES = frozenset({"district_officer", "district_lead"})
CITY_ROLES = frozenset({"city_reviewer", "city_lead"})
LEADS = frozenset({"district_lead", "city_lead"})


class StepRefused(Exception):
    """The step may not be taken; `reasons` say why, in Chinese. Nothing was changed."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("；".join(reasons))
        self.reasons = reasons


@dataclass(frozen=True)
class Officer:
    id: int
    name: str
    certificate_no: str
    valid_from: date
    valid_until: date
    district_code: str | None

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day <= self.valid_until


@dataclass(frozen=True)
class Actor:
    role: str
    district_code: str | None


@dataclass(frozen=True)
class CaseFacts:
    """What the procedure needs to know about one case."""

    stage: Stage
    district_code: str
    notices_on: date | None = None
    contacted_on: date | None = None
    mailing_address: str = ""
    submission_accepted: bool = False
    mailed_on: date | None = None
    tracking_no: str = ""
    signed_on: date | None = None
    returned_on: date | None = None
    announced_on: date | None = None
    served_on: date | None = None
    rectification_until: date | None = None
    compliant_run: int | None = None  # a later comparison found no finding for it
    district_rechecked_on: date | None = None
    city_rechecked_on: date | None = None
    revocation_announced_on: date | None = None
    revocation_served_on: date | None = None


@dataclass(frozen=True)
class Context:
    facts: CaseFacts
    actor: Actor
    data: Mapping[str, Any]
    today: date
    calendar: WorkCalendar


@dataclass
class Outcome:
    step: str
    stage: Stage
    sets: dict[str, Any] = field(default_factory=dict)  # case fields to store
    dates: dict[str, LegalDate] = field(default_factory=dict)  # computed dates with basis


Check = Callable[[Context], str | None]


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    sources: frozenset[Stage]
    target: Stage
    roles: frozenset[str]
    checks: tuple[Check, ...] = ()
    effect: Callable[[Context, Outcome], None] | None = None
    own_district_only: bool = False  # district roles act on their own district's cases
    # What the app does around the judgement, by name (cases/services/effects.py implements
    # each): facts it looks up before judging, rows it writes besides the case's own fields,
    # documents it issues, all in the step's transaction.
    inputs: tuple[str, ...] = ()
    records: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()


# -- deadlines as data ----------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    key: str
    basis: str
    source: str
    statutory: bool
    working_days: int | None = None
    days: int | None = None
    months: int | None = None

    def from_(self, start: date, calendar: WorkCalendar) -> LegalDate:
        if self.working_days is not None:
            result = workdays_after(start, self.working_days, calendar=calendar)
        else:
            result = period_end(start, days=self.days, months=self.months, calendar=calendar)
        return LegalDate(result.value, self.basis, result.provisional_years)


@cache
def deadlines() -> dict[str, Deadline]:
    text = resources.files("hecha.workflow").joinpath("data/deadlines.yaml").read_text("utf-8")
    rows = yaml.safe_load(text)["deadlines"]
    return {
        key: Deadline(
            key=key,
            basis=row["basis"],
            source=row["source"],
            statutory=bool(row["statutory"]),
            working_days=row.get("working_days"),
            days=row.get("days"),
            months=row.get("months"),
        )
        for key, row in rows.items()
    }


# -- requirements ---------------------------------------------------------------------


def _date(ctx: Context, key: str) -> date | None:
    value = ctx.data.get(key)
    return value if isinstance(value, date) else None


def needs_date(key: str, label: str, *, not_future: bool = True) -> Check:
    def check(ctx: Context) -> str | None:
        day = _date(ctx, key)
        if day is None:
            return f"请填写{label}"
        if not_future and day > ctx.today:
            return f"{label}不能晚于今天（{ctx.today.isoformat()}）"
        return None

    return check


def needs_text(key: str, label: str) -> Check:
    def check(ctx: Context) -> str | None:
        return None if str(ctx.data.get(key) or "").strip() else f"请填写{label}"

    return check


def two_officers(ctx: Context) -> str | None:
    officers = ctx.data.get("officers") or []
    day = _date(ctx, "notices_on") or ctx.today
    if len(officers) != 2 or officers[0].id == officers[1].id:
        return "通知书须由两名不同的执法人员签署"
    for officer in officers:
        if not officer.valid_on(day):
            return (
                f"执法人员{officer.name}的执法证（{officer.certificate_no}）在 {day.isoformat()} "
                f"不在有效期内（{officer.valid_from.isoformat()} 至 {officer.valid_until.isoformat()}）"
            )
        if officer.district_code and officer.district_code != ctx.facts.district_code:
            return f"执法人员{officer.name}不属于该企业所在区县"
    return None


def submission_accepted(ctx: Context) -> str | None:
    return None if ctx.facts.submission_accepted else "区县报送尚未经市局接收"


def not_before(key: str, label: str, fact: str, fact_label: str) -> Check:
    def check(ctx: Context) -> str | None:
        day, earlier = _date(ctx, key), getattr(ctx.facts, fact)
        if day and earlier and day < earlier:
            return f"{label}（{day.isoformat()}）不能早于{fact_label}（{earlier.isoformat()}）"
        return None

    return check


def receipts_due_passed_or_returned(ctx: Context) -> str | None:
    facts = ctx.facts
    if facts.signed_on:
        return "该企业已签收，已送达，无需公告"
    if facts.returned_on:
        return None
    assert facts.mailed_on is not None
    due = deadlines()["receipts"].from_(facts.mailed_on, ctx.calendar)
    day = _date(ctx, "announced_on") or ctx.today
    if day <= due.value:
        return f"回执收集期至 {due.value.isoformat()}（{due.basis}）尚未届满，且未退件，暂不能公告"
    return None


def rectification_ended(ctx: Context) -> str | None:
    until = ctx.facts.rectification_until
    if until is None or ctx.today <= until:
        end = until.isoformat() if until else "（未送达）"
        return f"整改期至 {end}，期满后方可复查"
    return None


def still_short(ctx: Context) -> str | None:
    if ctx.facts.compliant_run is not None:
        return f"最近的比对（#{ctx.facts.compliant_run}）显示该企业已符合标准，应按整改达标结案"
    return None


def has_evidence(ctx: Context) -> str | None:
    return None if ctx.data.get("evidence_count", 0) > 0 else "请上传带日期的四库截图等复查证据"


def compliant(ctx: Context) -> str | None:
    if ctx.facts.compliant_run is None:
        return "没有送达后的比对结果显示该企业已符合标准，不能按整改达标结案"
    return None


def same_day_mail_and_announcement(ctx: Context) -> str | None:
    mailed, announced = _date(ctx, "mailed_on"), _date(ctx, "announced_on")
    if mailed and announced and mailed != announced:
        return "撤回告知书须邮寄与网上公告同日发起"
    return None


def revocation_served(ctx: Context) -> str | None:
    served = ctx.facts.revocation_served_on
    if served is None or ctx.today <= served:
        end = served.isoformat() if served else "（未公告）"
        return f"撤回告知书于 {end} 视为送达，送达后方可撤回资质"
    return None


# -- effects: the dates each step sets ------------------------------------------------


def _set_notices(ctx: Context, out: Outcome) -> None:
    out.sets["notices_on"] = ctx.data["notices_on"]
    out.dates["contact_due"] = deadlines()["contact"].from_(ctx.data["notices_on"], ctx.calendar)


def _set_contacted(ctx: Context, out: Outcome) -> None:
    out.sets["contacted_on"] = ctx.data["called_at"]
    out.sets["mailing_address"] = str(ctx.data["mailing_address"]).strip()
    out.dates["submit_due"] = deadlines()["submit"].from_(ctx.data["called_at"], ctx.calendar)


def _set_submitted(ctx: Context, out: Outcome) -> None:
    out.sets["submitted_on"] = ctx.today


def _set_mailed(ctx: Context, out: Outcome) -> None:
    out.sets["mailed_on"] = ctx.data["mailed_on"]
    out.sets["tracking_no"] = str(ctx.data["tracking_no"]).strip()
    out.dates["receipts_due"] = deadlines()["receipts"].from_(ctx.data["mailed_on"], ctx.calendar)


def _rectification(served: date, ctx: Context, out: Outcome) -> None:
    out.sets["served_on"] = served
    until = deadlines()["rectification"].from_(served, ctx.calendar)
    out.sets["rectification_until"] = until.value
    out.dates["rectification_until"] = until


def _set_signed(ctx: Context, out: Outcome) -> None:
    out.sets["signed_on"] = ctx.data["signed_on"]
    _rectification(ctx.data["signed_on"], ctx, out)


def _set_announced(ctx: Context, out: Outcome) -> None:
    out.sets["announced_on"] = ctx.data["announced_on"]
    served = deadlines()["deemed_service"].from_(ctx.data["announced_on"], ctx.calendar)
    out.sets["deemed_served_on"] = served.value
    out.dates["deemed_served_on"] = served


def _set_deemed_served(ctx: Context, out: Outcome) -> None:
    served = _date(ctx, "served_on")
    assert served is not None
    _rectification(served, ctx, out)


def _set_district_recheck(ctx: Context, out: Outcome) -> None:
    out.sets["district_rechecked_on"] = ctx.today
    out.dates["city_recheck_due"] = deadlines()["city_recheck"].from_(ctx.today, ctx.calendar)


def _set_city_recheck(ctx: Context, out: Outcome) -> None:
    out.sets["city_rechecked_on"] = ctx.today


def _set_revocation_notice(ctx: Context, out: Outcome) -> None:
    out.sets["revocation_mailed_on"] = ctx.data["mailed_on"]
    out.sets["revocation_tracking_no"] = str(ctx.data["tracking_no"]).strip()
    out.sets["revocation_announced_on"] = ctx.data["announced_on"]
    served = deadlines()["revocation_service"].from_(ctx.data["announced_on"], ctx.calendar)
    out.sets["revocation_served_on"] = served.value
    out.dates["revocation_served_on"] = served


def _set_closed(ctx: Context, out: Outcome) -> None:
    out.sets["closed_on"] = ctx.today


# -- the table ------------------------------------------------------------------------

S = Stage
STEPS: dict[str, Step] = {
    s.name: s
    for s in [
        Step("issue_notices", "制发行政检查通知书和责令限期整改通知书", frozenset({S.FLAGGED}),
             S.NOTICES_ISSUED, DISTRICT_ROLES,
             (needs_date("notices_on", "制发日期"), two_officers), _set_notices, True,
             inputs=("officers",), records=("signing_officers",), documents=("notices",)),
        Step("record_call", "电话告知企业并核对邮寄地址", frozenset({S.NOTICES_ISSUED}),
             S.ENTERPRISE_CONTACTED, DISTRICT_ROLES,
             (needs_date("called_at", "通话日期"), needs_text("answered_by", "接听人"),
              needs_text("result", "通话结果"), needs_text("mailing_address", "邮寄地址"),
              not_before("called_at", "通话日期", "notices_on", "通知书制发日期")),
             _set_contacted, True, records=("phone_call",)),
        Step("submit_to_city", "报送市局", frozenset({S.ENTERPRISE_CONTACTED}),
             S.SUBMITTED_TO_CITY, DISTRICT_ROLES, (), _set_submitted, True),
        Step("mail", "EMS 邮寄通知书", frozenset({S.SUBMITTED_TO_CITY}), S.MAILED, CITY_ROLES,
             (submission_accepted, needs_date("mailed_on", "邮寄日期"),
              needs_text("tracking_no", "邮件号")), _set_mailed),
        Step("record_receipt", "登记签收（送达）", frozenset({S.MAILED}), S.RECTIFYING, CITY_ROLES,
             (needs_date("signed_on", "签收日期"),
              not_before("signed_on", "签收日期", "mailed_on", "邮寄日期")), _set_signed),
        Step("announce", "公告送达（失联企业）", frozenset({S.MAILED}), S.ANNOUNCED, CITY_ROLES,
             (needs_date("announced_on", "公告日期"), receipts_due_passed_or_returned,
              not_before("announced_on", "公告日期", "mailed_on", "邮寄日期")),
             _set_announced),
        Step("deem_served", "公告期满视为送达", frozenset({S.ANNOUNCED}), S.RECTIFYING,
             frozenset({"system"}), (), _set_deemed_served),
        Step("close_rectified", "整改达标结案",
             frozenset({S.RECTIFYING, S.DISTRICT_RECHECK, S.CITY_RECHECK}), S.RECTIFIED,
             DISTRICT_ROLES | CITY_ROLES, (compliant,), _set_closed, True,
             records=("close_reason",)),
        Step("district_recheck", "区县复查（逾期未达标）", frozenset({S.RECTIFYING}),
             S.DISTRICT_RECHECK, DISTRICT_ROLES,
             (rectification_ended, still_short, has_evidence, needs_text("conclusion", "复查结论")),
             _set_district_recheck, True, inputs=("evidence",), records=("district_recheck",),
             documents=("recheck_form",)),
        Step("city_recheck", "市局二次复查", frozenset({S.DISTRICT_RECHECK}), S.CITY_RECHECK,
             CITY_ROLES, (still_short, needs_text("conclusion", "复查结论")), _set_city_recheck,
             records=("city_recheck",)),

        Step("notice_revocation", "下达撤回资质告知书（邮寄并公告）", frozenset({S.CITY_RECHECK}),
             S.REVOCATION_NOTICED, frozenset({"city_lead"}),
             (still_short, needs_date("mailed_on", "邮寄日期"), needs_date("announced_on", "公告日期"),
              needs_text("tracking_no", "邮件号"), same_day_mail_and_announcement,
              not_before("announced_on", "公告日期", "city_rechecked_on", "市局二次复查日期")),
             _set_revocation_notice, documents=("revocation_notice",)),
        Step("revoke", "撤回资质", frozenset({S.REVOCATION_NOTICED}), S.REVOKED,
             frozenset({"city_lead"}), (revocation_served,), _set_closed),
        Step("withdraw", "撤销核查", frozenset(OPEN), S.WITHDRAWN, LEADS,
             (needs_text("reason", "撤销理由"),), _set_closed, True, records=("close_reason",)),
    ]
}  # fmt: skip


def _actor_problem(step: Step, ctx: Context) -> str | None:
    actor = ctx.actor
    if actor.role not in step.roles:
        return f"您的角色无权进行“{step.label}”"
    if actor.role in DISTRICT_ROLES and actor.district_code != ctx.facts.district_code:
        return "该案件不属于您所在的区县"
    return None


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


def steps_from(stage: Stage) -> list[Step]:
    """The steps that may leave a stage (the page offers those the user's role may take)."""
    return [s for s in STEPS.values() if stage in s.sources and "system" not in s.roles]


@dataclass(frozen=True)
class NextStep:
    what: str
    owed_by: str  # 区县 / 市局 / 企业 / 系统
    due: LegalDate | None


# stage -> (what is due next, who owes it, the deadline rule, the case date it runs from)
NEXT: dict[Stage, tuple[str, str, str | None, str | None]] = {
    S.FLAGGED: ("制发通知书", "区县", None, None),
    S.NOTICES_ISSUED: ("电话告知企业", "区县", "contact", "notices_on"),
    S.ENTERPRISE_CONTACTED: ("报送市局", "区县", "submit", "contacted_on"),
    S.SUBMITTED_TO_CITY: ("接收报送并 EMS 邮寄", "市局", None, None),
    S.MAILED: ("收集回执；未签收的公告送达", "市局", "receipts", "mailed_on"),
    S.ANNOUNCED: ("公告期满视为送达", "系统", "deemed_service", "announced_on"),
    S.RECTIFYING: ("整改期满后区县复查", "区县", "district_recheck", "rectification_until"),
    S.DISTRICT_RECHECK: ("市局二次复查", "市局", "city_recheck", "district_rechecked_on"),
    S.CITY_RECHECK: ("下达撤回资质告知书", "市局", None, None),
    S.REVOCATION_NOTICED: ("告知书送达后撤回资质", "市局", "revocation_service",
                           "revocation_announced_on"),
}  # fmt: skip


def next_step(facts: CaseFacts, calendar: WorkCalendar) -> NextStep | None:
    """What is due next, who owes it, and by when with its basis."""
    if facts.stage not in NEXT:
        return None
    what, owed_by, rule, since = NEXT[facts.stage]
    start = getattr(facts, since) if since else None
    due = deadlines()[rule].from_(start, calendar) if rule and start else None
    return NextStep(what, owed_by, due)


def deemed_served_on(facts: CaseFacts, calendar: WorkCalendar) -> LegalDate | None:
    if facts.stage != Stage.ANNOUNCED or facts.announced_on is None:
        return None
    return deadlines()["deemed_service"].from_(facts.announced_on, calendar)
