"""What each step requires, as checks: each returns None, or the reason in Chinese why the step
may not be taken. `attempt()` names every failing reason at once."""

from __future__ import annotations

from datetime import date

from hecha.workflow.model import (
    DISTRICT_ROLES,
    DISTRICT_STAGES,
    Check,
    Context,
    Officer,
)
from hecha.workflow.rules import deadlines, policies, withdrawal_reasons
from hecha.workflow.stages import Stage
from hecha.workflow.vocabulary import ANSWERED, CONTACT_OUTCOMES


def date_in(ctx: Context, key: str) -> date | None:
    value = ctx.data.get(key)
    return value if isinstance(value, date) else None


def text_in(ctx: Context, key: str) -> str:
    return str(ctx.data.get(key) or "").strip()


# the checks that judge what the user enters: a page offers the step before they pass (its form
# asks for the input); every other check judges the case, and a failing one means the step is
# not open to the user now
INPUT_CHECKS: set[Check] = set()


def on_input(check: Check) -> Check:
    INPUT_CHECKS.add(check)
    return check


def needs_date(key: str, label: str, *, not_future: bool = True) -> Check:
    def check(ctx: Context) -> str | None:
        day = date_in(ctx, key)
        if day is None:
            return f"请填写{label}"
        if not_future and day > ctx.today:
            return f"{label}不能晚于今天（{ctx.today.isoformat()}）"
        return None

    return on_input(check)


def optional_date(key: str, label: str) -> Check:
    def check(ctx: Context) -> str | None:
        day = date_in(ctx, key)
        return (
            f"{label}不能晚于今天（{ctx.today.isoformat()}）" if day and day > ctx.today else None
        )

    return on_input(check)


def needs_text(key: str, label: str) -> Check:
    def check(ctx: Context) -> str | None:
        return None if text_in(ctx, key) else f"请填写{label}"

    return on_input(check)


def needs_choice(key: str, label: str, choices: dict[str, str]) -> Check:
    def check(ctx: Context) -> str | None:
        if text_in(ctx, key) in choices:
            return None
        return f"请选择{label}（{'/'.join(choices.values())}）"

    return on_input(check)


def _officer_problem(officer: Officer, day: date, district_code: str) -> str | None:
    if not officer.valid_on(day):
        return (
            f"执法人员{officer.name}的执法证（{officer.certificate_no}）在 {day.isoformat()} "
            f"不在有效期内（{officer.valid_from.isoformat()} 至 {officer.valid_until.isoformat()}）"
        )
    if officer.district_code and officer.district_code != district_code:
        return f"执法人员{officer.name}不属于该企业所在区县"
    return None


def officers_problem(
    paper: str, officers: list[Officer], day: date, district_code: str
) -> str | None:
    """Two different officers of the district, each with a certificate valid on the paper's
    date (行动方案四（二）2、四（三）：两个行政执法人员签字); None when they may sign."""
    if len(officers) != 2 or officers[0].id == officers[1].id:
        return f"{paper}须由两名不同的执法人员签署"
    for officer in officers:
        if problem := _officer_problem(officer, day, district_code):
            return problem
    return None


def signed_by_two_officers(paper: str, date_key: str | None = None) -> Check:
    def check(ctx: Context) -> str | None:
        day = (date_in(ctx, date_key) if date_key else None) or ctx.today
        officers = list(ctx.data.get("officers") or [])
        return officers_problem(paper, officers, day, ctx.facts.district_code)

    return on_input(check)


two_officers = signed_by_two_officers("通知书", "notices_on")


def submission_accepted(ctx: Context) -> str | None:
    return None if ctx.facts.submission_accepted else "区县报送尚未经市局接收"


def not_before(key: str, label: str, fact: str, fact_label: str) -> Check:
    def check(ctx: Context) -> str | None:
        day, earlier = date_in(ctx, key), getattr(ctx.facts, fact)
        if day and earlier and day < earlier:
            return f"{label}（{day.isoformat()}）不能早于{fact_label}（{earlier.isoformat()}）"
        return None

    return on_input(check)


# -- the phone call ---------------------------------------------------------------------


@on_input
def contact_outcome(ctx: Context) -> str | None:
    if outcome_of(ctx) in CONTACT_OUTCOMES:
        return None
    return f"请选择通话结果（{'/'.join(CONTACT_OUTCOMES.values())}）"


def outcome_of(ctx: Context) -> str:
    """The call's outcome; a caller that names who answered but no outcome (the form before
    outcomes existed) informed the enterprise."""
    return text_in(ctx, "outcome") or ("informed" if text_in(ctx, "answered_by") else "")


@on_input
def answered_by_when_answered(ctx: Context) -> str | None:
    if outcome_of(ctx) in ANSWERED and not text_in(ctx, "answered_by"):
        return "请填写接听人"
    return None


# -- service and announcement -----------------------------------------------------------


def receipts_period_passed(ctx: Context) -> str | None:
    """Unreachable enterprises are announced after the 10 working days in which receipts are
    collected, returned mail with the rest (行动方案四（二）：10个工作日后……以公告的形式送达)."""
    facts = ctx.facts
    if facts.signed_on:
        return "该企业已签收，已送达，无需公告"
    assert facts.mailed_on is not None
    due = deadlines()["receipts"].from_(facts.mailed_on, ctx.calendar)
    day = date_in(ctx, "announced_on") or ctx.today
    if day <= due.value:
        returned = "（已退件，" if facts.returned_on else "（"
        return (
            f"回执收集期至 {due.value.isoformat()}（{due.basis}）尚未届满{returned}"
            "届满后与其他失联企业一并公告）"
        )
    return None


# -- rectification, re-checks and late compliance ---------------------------------------


def rectification_ended(ctx: Context) -> str | None:
    until = ctx.facts.rectification_until
    if until is None or ctx.today <= until:
        end = until.isoformat() if until else "（未送达）"
        return f"整改期至 {end}，期满后方可复查"
    return None


def late_compliance_closes(ctx: Context) -> bool:
    """Whether compliance found after the period closes the case at this stage, under the
    bureau's policy (data/policies.yaml, late_compliance)."""
    policy, stage = ctx.facts.late_compliance, ctx.facts.stage
    if policy == "close":
        return True
    if policy == "recheck_decides":
        return stage in (Stage.RECTIFYING, Stage.DISTRICT_RECHECK)
    return False


def _policy_words(ctx: Context) -> str:
    options = policies()["late_compliance"].options
    option = options.get(ctx.facts.late_compliance)
    return option.wording if option else ctx.facts.late_compliance


def still_short(ctx: Context) -> str | None:
    facts = ctx.facts
    if facts.compliant_run is None:
        return None
    if facts.complied_in_time or late_compliance_closes(ctx):
        return f"最近的比对（#{facts.compliant_run}）显示该企业已符合标准，应按整改达标结案"
    return None  # late compliance, and the policy continues the procedure: recorded


def compliant(ctx: Context) -> str | None:
    facts = ctx.facts
    if facts.compliant_run is None:
        return "没有送达后的比对结果显示该企业已符合标准，不能按整改达标结案"
    if facts.complied_in_time or late_compliance_closes(ctx):
        return None
    return f"比对 #{facts.compliant_run} 显示企业在整改期满后才达标。本局政策：{_policy_words(ctx)}"


def fresh_comparison(ctx: Context) -> str | None:
    """The re-check is done against the standard on the platform's current data (行动方案
    四（三）): a comparison after the period ended that compared this enterprise."""
    facts = ctx.facts
    if facts.fresh_check is not None:
        return None
    until = facts.rectification_until.isoformat() if facts.rectification_until else "（未送达）"
    return (
        f"整改期满（{until}）后尚无比对了该企业的系统比对：请先以期满后的日期为基准日运行比对"
        "（企业已注销或资质已失效而不在比对范围内的，应以相应理由撤销核查）"
    )


@on_input
def has_evidence(ctx: Context) -> str | None:
    return None if ctx.data.get("evidence_count", 0) > 0 else "请上传带日期的四库截图等复查证据"


@on_input
def evidence_after_period(ctx: Context) -> str | None:
    """四库截图须带有日期 (行动方案四（三）): dated after the period ended, or the officer says why."""
    if ctx.data.get("evidence_count", 0) == 0 or ctx.data.get("evidence_after", 0) > 0:
        return None
    if text_in(ctx, "evidence_reason"):
        return None
    until = ctx.facts.rectification_until
    return (
        f"复查证据的截图日期均不晚于整改期限（{until.isoformat() if until else ''}）："
        "请上传整改期满后的四库截图，或说明原因"
    )


def overdue_listed(ctx: Context) -> str | None:
    if ctx.facts.overdue_listed_on:
        return None
    return "区县尚未出具并报送经两名执法人员签字的《逾期整改未达标企业清单》，不能进行二次复查"


# -- the revocation ---------------------------------------------------------------------


@on_input
def same_day_mail_and_announcement(ctx: Context) -> str | None:
    mailed, announced = date_in(ctx, "mailed_on"), date_in(ctx, "announced_on")
    if mailed and announced and mailed != announced:
        return "撤回告知书须邮寄与网上公告同日发起"
    return None


def revocation_served(ctx: Context) -> str | None:
    served = ctx.facts.revocation_served_on
    if served is None or ctx.today <= served:
        end = served.isoformat() if served else "（未公告）"
        return f"撤回告知书于 {end} 视为送达，送达后方可撤回资质"
    return None


def statement_period_ended(ctx: Context) -> str | None:
    period = ctx.facts.statement_until
    if ctx.facts.revocation_served_on is None:
        return None  # said by revocation_served
    if period is None:
        return "陈述、申辩期限未能计算，不能作出撤回决定"
    if ctx.today <= period.value:
        return (
            f"陈述、申辩期至 {period.value.isoformat()}（{period.basis}），期满后方可作出撤回决定"
        )
    return None


def statements_answered(ctx: Context) -> str | None:
    if ctx.facts.statements_open:
        return f"企业的陈述、申辩或听证申请（{ctx.facts.statements_open} 件）尚未答复"
    return None


def statement_not_accepted(ctx: Context) -> str | None:
    if ctx.facts.statement_accepted:
        return "市局已认定企业的陈述、申辩理由成立，不能撤回资质；请以该理由撤销核查"
    return None


def statements_to_answer(ctx: Context) -> str | None:
    return None if ctx.facts.statements_open else "没有待答复的陈述、申辩或听证申请"


def revocation_mail_unrecorded(ctx: Context) -> str | None:
    number = ctx.facts.revocation_tracking_no
    return f"撤回告知书的邮件号已登记（{number}）" if number else None


# -- closing ----------------------------------------------------------------------------


def closer(stage: Stage) -> tuple[frozenset[str], str]:
    """Who may withdraw (撤销核查) a case at this stage, and the sentence that says so: the level
    that owns the stage decides, and after the notice of intended revocation the city lead."""
    if stage in DISTRICT_STAGES:
        return frozenset({"district_lead"}), "案件尚未报送市局：撤销核查由区县负责人决定"
    if stage == Stage.REVOCATION_NOTICED:
        return frozenset({"city_lead"}), "撤回告知书已下达：仅市局负责人可以撤销核查"
    return frozenset({"city_lead"}), "案件已报送市局：撤销核查由市局负责人决定"


def withdrawal_owner(stage: Stage, role: str) -> str | None:
    roles, sentence = closer(stage)
    return None if role in roles else sentence


def rectified_owner(stage: Stage, role: str) -> str | None:
    """The district re-checks while the case is rectifying; once it submitted its re-check,
    the city does."""
    district = role in DISTRICT_ROLES
    if stage == Stage.RECTIFYING:
        return None if district else "案件处于整改期，由区县复查后结案"
    return "区县复查已报送市局，由市局复查后结案" if district else None


@on_input
def withdrawal_reason(ctx: Context) -> str | None:
    reasons = withdrawal_reasons()
    reason = reasons.get(text_in(ctx, "reason_code"))
    if reason is None:
        return f"请选择撤销理由（{'、'.join(r.label for r in reasons.values())}）"
    if reason.requires and not getattr(ctx.facts, reason.requires):
        return f"“{reason.label}”须有相应的办理记录（市局已认定陈述、申辩理由成立）"
    if reason.needs_evidence and not ctx.data.get("withdrawal_evidence", 0):
        return f"“{reason.label}”须先上传证明材料（{reason.evidence_hint}），用途选“撤销核查的证明材料”"
    return None
