"""What each step sets on the case: its dates with their basis (computed by `hecha.law`), the
facts it found, and the notes its records keep."""

from __future__ import annotations

from datetime import date

from hecha.workflow.model import Context, Outcome
from hecha.workflow.requirements import date_in, late_compliance_closes, outcome_of, text_in
from hecha.workflow.rules import deadlines, withdrawal_reasons
from hecha.workflow.vocabulary import (
    ANSWERED,
    CONTACT_OUTCOMES,
    RECHECK_RESULTS,
    RESPONSES,
    STATEMENT_KINDS,
)


def set_notices(ctx: Context, out: Outcome) -> None:
    out.sets["notices_on"] = ctx.data["notices_on"]
    a, b = ctx.data["officers"]
    out.sets["officer_a_id"], out.sets["officer_b_id"] = a.id, b.id
    out.dates["contact_due"] = deadlines()["contact"].from_(ctx.data["notices_on"], ctx.calendar)


def set_contacted(ctx: Context, out: Outcome) -> None:
    outcome = outcome_of(ctx)
    out.sets["contacted_on"] = ctx.data["called_at"]
    out.sets["contact_outcome"] = outcome
    out.sets["mailing_address"] = text_in(ctx, "mailing_address")
    out.sets["address_checked"] = outcome in ANSWERED
    out.notes["outcome"] = outcome
    out.notes["call"] = (
        f"{CONTACT_OUTCOMES[outcome]}，接听人 {text_in(ctx, 'answered_by')}"
        if outcome in ANSWERED
        else f"{CONTACT_OUTCOMES[outcome]}，邮寄地址未经电话核对，以企业登记的地址为准"
    )
    out.dates["submit_due"] = deadlines()["submit"].from_(ctx.data["called_at"], ctx.calendar)


def set_submitted(ctx: Context, out: Outcome) -> None:
    out.sets["submitted_on"] = ctx.today


def set_mailed(ctx: Context, out: Outcome) -> None:
    out.sets["mailed_on"] = ctx.data["mailed_on"]
    out.sets["tracking_no"] = text_in(ctx, "tracking_no")
    out.dates["receipts_due"] = deadlines()["receipts"].from_(ctx.data["mailed_on"], ctx.calendar)


def _rectification(served: date, ctx: Context, out: Outcome) -> None:
    out.sets["served_on"] = served
    until = deadlines()["rectification"].from_(served, ctx.calendar)
    out.sets["rectification_until"] = until.value
    out.dates["rectification_until"] = until


def set_signed(ctx: Context, out: Outcome) -> None:
    out.sets["signed_on"] = ctx.data["signed_on"]
    _rectification(ctx.data["signed_on"], ctx, out)


def set_announced(ctx: Context, out: Outcome) -> None:
    out.sets["announced_on"] = ctx.data["announced_on"]
    served = deadlines()["deemed_service"].from_(ctx.data["announced_on"], ctx.calendar)
    out.sets["deemed_served_on"] = served.value
    out.dates["deemed_served_on"] = served


def set_deemed_served(ctx: Context, out: Outcome) -> None:
    served = date_in(ctx, "served_on")
    assert served is not None
    _rectification(served, ctx, out)


def _check_found(ctx: Context, out: Outcome) -> None:
    """The comparison a re-check rests on and what it found; a late compliance that does not
    close the case is decided by the bureau's policy, recorded on the case."""
    facts = ctx.facts
    out.notes["run"] = facts.last_check
    out.notes["result"] = "meets" if facts.last_check_meets else "short"
    out.notes["result_label"] = RECHECK_RESULTS[out.notes["result"]]
    if facts.last_check_meets:
        out.sets["late_compliance_policy"] = facts.late_compliance


def set_district_recheck(ctx: Context, out: Outcome) -> None:
    out.sets["district_rechecked_on"] = ctx.today
    _check_found(ctx, out)
    out.sets["recheck_run_id"] = ctx.facts.fresh_check
    out.sets["recheck_result"] = out.notes["result"]
    a, b = ctx.data["officers"]
    out.sets["recheck_officer_a_id"], out.sets["recheck_officer_b_id"] = a.id, b.id
    out.dates["overdue_list_due"] = deadlines()["overdue_list"].from_(ctx.today, ctx.calendar)


def set_city_recheck(ctx: Context, out: Outcome) -> None:
    out.sets["city_rechecked_on"] = ctx.today
    _check_found(ctx, out)


def set_revocation_notice(ctx: Context, out: Outcome) -> None:
    out.sets["revocation_mailed_on"] = ctx.data["mailed_on"]
    out.sets["revocation_tracking_no"] = text_in(ctx, "tracking_no")
    out.sets["revocation_announced_on"] = ctx.data["announced_on"]
    served = deadlines()["revocation_service"].from_(ctx.data["announced_on"], ctx.calendar)
    out.sets["revocation_served_on"] = served.value
    out.dates["revocation_served_on"] = served


def set_revocation_tracking(ctx: Context, out: Outcome) -> None:
    """The notice of intended revocation is mailed after it is issued: its EMS number then."""
    out.sets["revocation_tracking_no"] = text_in(ctx, "tracking_no")


def note_statement(ctx: Context, out: Outcome) -> None:
    received, period = ctx.data["received_on"], ctx.facts.statement_until
    within = period is None or received <= period.value
    out.notes["within_period"] = within
    out.notes["period_until"] = period.value if period else None
    out.notes["kind_label"] = STATEMENT_KINDS[text_in(ctx, "kind")]
    until = f"期限至 {period.value.isoformat()}" if period else "送达前"
    out.notes["period_words"] = f"，{until}，{'期限内' if within else '已逾期'}"


def note_response(ctx: Context, out: Outcome) -> None:
    out.notes["outcome_label"] = RESPONSES[text_in(ctx, "outcome")]


def close_rectified(ctx: Context, out: Outcome) -> None:
    facts = ctx.facts
    out.sets["closed_on"] = ctx.today
    late = not facts.complied_in_time
    when = "整改期满后" if late else "整改期限内"
    note = f"比对 #{facts.compliant_run}（基准日 {facts.last_check_on}）显示{when}已符合标准"
    if late and late_compliance_closes(ctx):
        out.sets["late_compliance_policy"] = facts.late_compliance
        note += "；期满后达标：按本局政策结案"
    out.sets["close_reason"] = out.notes["close_reason"] = note


def close_withdrawn(ctx: Context, out: Outcome) -> None:
    reason = withdrawal_reasons()[text_in(ctx, "reason_code")]
    out.sets["closed_on"] = ctx.today
    out.sets["close_reason_code"] = reason.key
    out.sets["close_reason"] = f"{reason.label}：{text_in(ctx, 'reason')}"[:300]
    out.notes["reason_label"] = reason.label
    out.notes["close_reason"] = out.sets["close_reason"]


def close_revoked(ctx: Context, out: Outcome) -> None:
    out.sets["closed_on"] = ctx.today
