"""What each document of a case or a list says, from the system's data only."""

from __future__ import annotations

from datetime import date

from hecha.checks.models import Finding
from hecha.documents import policy
from hecha.documents.models import Document
from hecha.documents.services import date_cn, issue, kind_info
from hecha.law.periods import LegalDate


def statement_deadline(served_on: date) -> LegalDate:
    """The last day for statements and defence (陈述、申辩) after the revocation notice is
    served: a period the law leaves to the bureau (data/policy.yaml `statement`), on the
    working-day calendar, with its basis. The paper prints this date and the procedure's
    statements step holds the enterprise to the same one."""
    return policy.period_date("statement", served_on)


def findings_of(case) -> list[dict]:
    rows = Finding.objects.filter(run=case.campaign.run_id, uscc=case.uscc).order_by("rule_id")
    return [
        {"qualification": f.qualification, "requirement": f.requirement, "required": f.required,
         "counted": f.counted}
        for f in rows
    ]  # fmt: skip


def case_context(case) -> dict:
    a, b = case.officer_a, case.officer_b
    return {
        "case": case.pk,
        "enterprise_name": case.enterprise_name,
        "uscc": case.uscc,
        "district_name": case.district.name,
        "mailing_address": case.mailing_address,
        "findings": findings_of(case),
        "as_of_cn": date_cn(case.campaign.run.as_of),
        "served_cn": date_cn(case.served_on),
        "rectification_until_cn": date_cn(case.rectification_until),
        "officer_a_name": a.name if a else "",
        "officer_a_no": a.certificate_no if a else "",
        "officer_b_name": b.name if b else "",
        "officer_b_no": b.certificate_no if b else "",
    }


def issue_notices(case, user, on: date) -> list[Document]:
    context = case_context(case)
    return [
        issue(kind, user=user, context=context, district_code=case.district_id, case=case, on=on)
        for kind in ("inspection_notice", "rectification_order")
    ]


def issue_recheck_form(case, user, on: date, conclusion: str) -> Document:
    evidence = "；".join(f"{e.original_name}（截图日期 {e.shown_date}，SHA-256 {e.sha256[:16]}…）"
                        for e in case.evidence.order_by("pk"))  # fmt: skip
    context = {**case_context(case), "recheck_cn": date_cn(on), "conclusion": conclusion,
               "evidence": evidence or "无"}  # fmt: skip
    return issue(
        "recheck_form", user=user, context=context, district_code=case.district_id, case=case, on=on
    )


def issue_revocation_notice(case, user, on: date) -> Document:
    return issue("revocation_notice", user=user, context=case_context(case), district_code=case.district_id,
                 case=case, on=on)  # fmt: skip


def list_rows(cases, detail) -> list[dict]:
    return [
        {"n": n, "enterprise_name": c.enterprise_name, "uscc": c.uscc, "district": c.district.name,
         "detail": detail(c)}
        for n, c in enumerate(cases, start=1)
    ]  # fmt: skip


def finding_words(case) -> list[str]:
    """Each unmet requirement in words: ……（要求N人，符合M人）."""
    return [
        f"{f['requirement']}（要求{f['required']}人，符合{f['counted']}人）"
        for f in findings_of(case)
    ]


def findings_text(case) -> str:
    return "；".join(finding_words(case))


def officers_context(officers) -> dict:
    """The two officers who sign a list (逾期整改未达标企业清单: 行动方案四（三）)."""
    a, b = (list(officers or []) + [None, None])[:2]
    return {
        "officer_a_name": a.name if a else "",
        "officer_a_no": a.certificate_no if a else "",
        "officer_b_name": b.name if b else "",
        "officer_b_no": b.certificate_no if b else "",
    }


def issue_list(
    kind: str,
    *,
    cases,
    user,
    district_code: str | None,
    on: date,
    detail=findings_text,
    officers=None,
) -> Document:
    """One list document over these cases (one per submission, announcement or overdue
    report); `officers`: the two Officer rows who sign it, where the plan requires it."""
    rows = list_rows(cases, detail)
    return issue(
        kind,
        user=user,
        context={"intro": kind_info(kind)["intro"], **officers_context(officers)},
        district_code=district_code,
        rows=rows,
        on=on,
    )


def _served_how(case) -> str:
    if case.signed_on:
        return f"{date_cn(case.signed_on)}签收"
    if case.announced_on:
        return f"邮寄未能送达，{date_cn(case.announced_on)}公告送达，经过30日视为送达"
    return ""


def _statements(case) -> str:
    """What the enterprise said within the period, and the city's answer (the procedure's
    record; read defensively until the statements step exists)."""
    received = getattr(case, "statement_received_on", None)
    text = str(getattr(case, "statement_summary", "") or "").strip()
    answer = str(getattr(case, "statement_response", "") or "").strip()
    if not received and not text:
        return "你单位在陈述、申辩期限内未提出陈述、申辩。"
    said = f"你单位于{date_cn(received)}提出陈述、申辩" if received else "你单位提出陈述、申辩"
    return (
        f"{said}{('：' + text) if text else ''}。本机关经复核：{answer or '（复核意见见案卷）'}。"
    )


def decision_context(case) -> dict:
    notice = case.documents.filter(kind="revocation_notice").order_by("pk").first()
    return {
        **case_context(case),
        "served_how": _served_how(case),
        "district_recheck_cn": date_cn(case.district_rechecked_on),
        "city_recheck_cn": date_cn(case.city_rechecked_on),
        "revocation_notice_number": notice.number if notice else "",
        "revocation_served_cn": date_cn(case.revocation_served_on),
        "statements": _statements(case),
    }


def issue_revocation_decision(case, *, user, on: date) -> Document:
    """撤回建筑企业资质决定书 (issuer: the city), numbered, coded and verifiable like every
    document, from the case's record: findings, service, period, both re-checks, the notice of
    intended revocation and its service, statements and defence."""
    return issue(
        "revocation_decision",
        user=user,
        context=decision_context(case),
        district_code=case.district_id,
        case=case,
        on=on,
    )
