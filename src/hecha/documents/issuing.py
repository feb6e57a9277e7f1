"""What each document of a case or a list says, from the system's data only."""

from __future__ import annotations

from datetime import date

from hecha.checks.models import Finding
from hecha.documents.models import Document
from hecha.documents.services import date_cn, issue, kind_info


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


def issue_list(
    kind: str, *, cases, user, district_code: str | None, on: date, detail=findings_text
) -> Document:
    rows = list_rows(cases, detail)
    return issue(
        kind,
        user=user,
        context={"intro": kind_info(kind)["intro"]},
        district_code=district_code,
        rows=rows,
        on=on,
    )
