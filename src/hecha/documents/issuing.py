"""What each document of a case or a list says, from the system's record only: the findings,
the dates the procedure stored, the numbers of the documents before it, the officers."""

from __future__ import annotations

from datetime import date

from django.core.files.storage import default_storage

from hecha.checks.models import CheckRun, Finding
from hecha.documents import policy
from hecha.documents.models import Document
from hecha.documents.services import body_of, compact, contact_of, date_cn, issue, kind_info
from hecha.law.periods import LegalDate

CN_NUMBERS = "一二三四五六七八九十"
PICTURE_TYPES = ("image/png", "image/jpeg")


def statement_deadline(served_on: date) -> LegalDate:
    """The last day for statements and defence (陈述、申辩) after the revocation notice is
    served: a period the law leaves to the bureau (data/policy.yaml `statement`), on the
    working-day calendar, with its basis. The paper prints this date and the procedure's
    statements step holds the enterprise to the same one."""
    return policy.period_date("statement", served_on)


def _rectification_months() -> str:
    from hecha.workflow.procedure import deadlines

    return f"{deadlines()['rectification'].months}个月"


# -- the case -------------------------------------------------------------------------


def recheck_run_id(case) -> int | None:
    """The comparison the district re-check rests on, where the procedure recorded one."""
    run_id = getattr(case, "recheck_run_id", None)
    if run_id:
        return run_id
    recheck = case.rechecks.filter(level="district", run__isnull=False).order_by("-pk").first()
    return recheck.run_id if recheck else None


def findings_of(case, run_id: int | None = None) -> list[dict]:
    """The unmet requirements of the run (the campaign's, unless another is named), each with
    the certificate number of the qualification it concerns."""
    from hecha.registry.models import Qualification

    rows = Finding.objects.filter(run=run_id or case.campaign.run_id, uscc=case.uscc).order_by(
        "rule_id"
    )
    certificates = dict(
        Qualification.objects.filter(uscc=case.uscc, is_current=True).values_list(
            "name", "certificate_no"
        )
    )
    return [
        {"qualification": f.qualification, "certificate_no": certificates.get(f.qualification, ""),
         "requirement": f.requirement, "required": f.required, "counted": f.counted}
        for f in rows
    ]  # fmt: skip


def qualifications_text(findings: list[dict]) -> str:
    """The qualifications the findings concern, once each, with their certificate numbers."""
    seen: dict[str, str] = {}
    for f in findings:
        seen.setdefault(f["qualification"], f["certificate_no"])
    return "；".join(f"{q}（资质证书编号：{no}）" if no else q for q, no in seen.items())


def numbers_of(case) -> dict[str, Document]:
    """The case's documents by kind (the first of each)."""
    found: dict[str, Document] = {}
    for doc in case.documents.defer("docx", "xlsx").order_by("pk"):
        found.setdefault(doc.kind, doc)
    return found


def served_phrase(case) -> str:
    """How the rectification order reached the enterprise: signed for, or deemed served after
    the announcement (only then "视为收到")."""
    if case.signed_on:
        return f"于{date_cn(case.signed_on)}由你单位签收"
    if case.announced_on and case.served_on:
        return (
            f"邮寄未能送达，经{date_cn(case.announced_on)}公告，于{date_cn(case.served_on)}视为收到"
        )
    return ""


def officer_fields(a, b) -> dict:
    return {
        "officer_a_name": a.name if a else "", "officer_a_no": a.certificate_no if a else "",
        "officer_b_name": b.name if b else "", "officer_b_no": b.certificate_no if b else "",
    }  # fmt: skip


def case_context(case) -> dict:
    a, b = case.officer_a, case.officer_b
    docs = numbers_of(case)
    order = docs.get("rectification_order")
    findings = findings_of(case, recheck_run_id(case))
    return {
        "case": case.pk, "enterprise_name": case.enterprise_name, "uscc": case.uscc,
        "district_name": case.district.name, "mailing_address": case.mailing_address,
        "findings": findings, "qualifications_text": qualifications_text(findings),
        "as_of_cn": date_cn(case.campaign.run.as_of),
        "served_cn": date_cn(case.served_on), "served_phrase": served_phrase(case),
        "rectification_until_cn": date_cn(case.rectification_until),
        "rectification_months": _rectification_months(),
        "district_recheck_cn": date_cn(case.district_rechecked_on), "city_recheck_cn": date_cn(case.city_rechecked_on),
        "order_number": order.number if order else "", "order_issuer": order.issuer_name if order else "",
        "inspection_number": docs["inspection_notice"].number if "inspection_notice" in docs else "",
        **officer_fields(a, b), "contact_people": "、".join(o.name for o in (a, b) if o),
    }  # fmt: skip


def _materials(kind: str) -> list[dict]:
    return [{"n": CN_NUMBERS[i], "text": t} for i, t in enumerate(policy.materials(kind))]


def notice_context(case, kind: str, on: date) -> dict:
    context = case_context(case)
    if kind == "inspection_notice":
        grace = policy.policy()["periods"]["materials_after_service"]["working_days"]
        context |= {"materials": _materials("inspection"),
                    "materials_due_cn": date_cn(policy.period_date("materials", on).value),
                    "materials_grace": f"{grace}个工作日"}  # fmt: skip
    else:
        context["materials"] = _materials("rectification")
    return context


def issue_notices(case, user, on: date) -> list[Document]:
    return [
        issue(kind, user=user, context=notice_context(case, kind, on),
              district_code=case.district_id, case=case, on=on)
        for kind in ("inspection_notice", "rectification_order")
    ]  # fmt: skip


# -- the re-check form ----------------------------------------------------------------


def _picture(evidence) -> dict:
    from docx.image.image import Image

    if evidence.content_type not in PICTURE_TYPES or not default_storage.exists(evidence.stored_as):
        return {}
    with default_storage.open(evidence.stored_as, "rb") as stored:
        blob = stored.read()
    try:
        image = Image.from_blob(blob)
    except Exception:
        return {}
    ratio = image.px_width / max(1, image.px_height)
    return {"picture": blob, "width_mm": round(min(150, 180 * ratio), 1)}


def evidence_files(case) -> list[dict]:
    return [
        {"n": n, "name": e.original_name, "shown_cn": date_cn(e.shown_date), "sha256": e.sha256,
         **_picture(e)}
        for n, e in enumerate(case.evidence.order_by("pk"), start=1)
    ]  # fmt: skip


def recheck_conclusion(case, conclusion: str) -> str:
    """The officers' conclusion, led by what the comparison after the period found."""
    from hecha.workflow.vocabulary import RECHECK_RESULTS

    result = RECHECK_RESULTS.get(getattr(case, "recheck_result", "") or "", "")
    return f"{result}。{conclusion}" if result and result not in conclusion else conclusion


def issue_recheck_form(case, user, on: date, conclusion: str) -> Document:
    """预警企业资质复查表: signed by the officers who re-checked (the notices' officers where
    the procedure recorded none), with the dated screenshots listed and printed as an
    attachment."""
    files = evidence_files(case)
    evidence = "；".join(f"附件{f['n']}：{f['name']}（截图日期 {f['shown_cn']}）" for f in files)
    run_id = recheck_run_id(case)
    run = CheckRun.objects.filter(pk=run_id).first() if run_id else None
    a = getattr(case, "recheck_officer_a", None) or case.officer_a
    b = getattr(case, "recheck_officer_b", None) or case.officer_b
    context = {**case_context(case), **officer_fields(a, b), "recheck_cn": date_cn(on),
               "conclusion": recheck_conclusion(case, conclusion),
               "evidence": evidence or "无", "evidence_files": files,
               "recheck_run": f"系统比对 #{run.pk}（基准日 {date_cn(run.as_of)}）" if run else "四库数据（附截图）"}  # fmt: skip
    return issue(
        "recheck_form", user=user, context=context, district_code=case.district_id, case=case, on=on
    )


# -- revocation -----------------------------------------------------------------------


def hearing_sentence() -> str:
    hearing = policy.hearing()
    if not hearing.get("offered"):
        return ""
    return f"你单位也可以自本告知书送达之日起{hearing['request_days']}日内向本机关提出听证申请。"


def issue_revocation_notice(case, user, on: date) -> Document:
    context = case_context(case)
    served = case.revocation_served_on
    period = policy.policy()["periods"]["statement"]["working_days"]
    context |= {
        "statement_basis": policy.provision("licensing_7")["short"],
        "statement_due_cn": date_cn(statement_deadline(served).value) if served else "",
        "statement_period": f"{period}个工作日",
        "hearing": hearing_sentence(),
    }
    return issue("revocation_notice", user=user, context=context, district_code=case.district_id,
                 case=case, on=on)  # fmt: skip


def _statement(row) -> str:
    what = "听证申请" if row.kind == "hearing" else "陈述、申辩"
    text = f"你单位于{date_cn(row.received_on)}提出{what}：{row.summary.strip().rstrip('。')}"
    if not row.within_period:
        text += f"（已超过{date_cn(row.period_until)}的期限）"
    if row.hearing_held_on:
        text += f"。本机关于{date_cn(row.hearing_held_on)}组织听证"
    if row.response.strip():
        on = f"于{date_cn(row.responded_on)}" if row.responded_on else ""
        text += f"。本机关{on}复核认为：{row.response.strip().rstrip('。')}"
    return text + "。"


def statements_text(case) -> str:
    """What the enterprise said within the period and the city's answer, from the record of
    the statements step; or that it said nothing by the printed deadline."""
    rows = list(case.statements.order_by("received_on", "pk"))
    if rows:
        return "".join(_statement(r) for r in rows)
    served = case.revocation_served_on
    until = f"（至{date_cn(statement_deadline(served).value)}）" if served else ""
    return f"你单位在陈述、申辩期限内{until}未提出陈述、申辩。"


def decision_context(case) -> dict:
    notice = numbers_of(case).get("revocation_notice")
    lower = policy.legal()["lower_grade"]
    return {
        **case_context(case),
        "revocation_notice_number": notice.number if notice else "",
        "revocation_notice_cn": date_cn(date.fromisoformat(notice.content["issued_on"]))
        if notice
        else "",
        "revocation_served_cn": date_cn(case.revocation_served_on),
        "statements": statements_text(case),
        "lower_grade": lower["text"].format(cite=policy.provision(lower["provision"])["short"]),
    }


def issue_revocation_decision(case, *, user, on: date) -> Document:
    """撤回建筑企业资质决定书 (issuer: the city), numbered, coded and verifiable like every
    document, from the case's record: findings, service, period, both re-checks, the notice of
    intended revocation and its service, statements and defence."""
    return issue("revocation_decision", user=user, context=decision_context(case),
                 district_code=case.district_id, case=case, on=on)  # fmt: skip


# -- lists ----------------------------------------------------------------------------


def finding_words(case) -> list[str]:
    """Each unmet requirement in words: ……（要求N人，符合M人）."""
    return [
        f"{f['requirement']}（要求{f['required']}人，符合{f['counted']}人）"
        for f in findings_of(case)
    ]


def findings_text(case) -> str:
    return "；".join(finding_words(case))


def findings_brief(case) -> str:
    """For a list's row: each qualification concerned and how many of its requirements are
    unmet (the notices themselves carry every requirement in words)."""
    counts: dict[str, int] = {}
    for f in findings_of(case, recheck_run_id(case)):
        counts[f["qualification"]] = counts.get(f["qualification"], 0) + 1
    return "；".join(f"{q}（{n}项）" for q, n in counts.items())


def _contacts(cases) -> dict[int, tuple[str, str]]:
    """Who answered the district's call (or how the call went when nobody did), and the
    enterprise's telephone, per case."""
    from hecha.cases.models import PhoneCall
    from hecha.registry.models import Enterprise
    from hecha.workflow.vocabulary import ANSWERED, CONTACT_OUTCOMES

    phones = dict(Enterprise.objects.filter(uscc__in=[c.uscc for c in cases], is_current=True)
                  .values_list("uscc", "phone"))  # fmt: skip
    answered: dict[int, str] = {}
    for call in PhoneCall.objects.filter(case__in=[c.pk for c in cases]).order_by("pk"):
        answered[call.case_id] = str(getattr(call, "answered_by", "") or "").strip()
    for c in cases:
        outcome = getattr(c, "contact_outcome", "") or ""
        if outcome and outcome not in ANSWERED:
            answered[c.pk] = f"（{CONTACT_OUTCOMES.get(outcome, outcome)}）"
    return {c.pk: (answered.get(c.pk, ""), phones.get(c.uscc, "")) for c in cases}


def mailing_address(case) -> str:
    """The address the city mails to; said so when the call did not confirm it (the plan's
    address check then rests on the registered address)."""
    if getattr(case, "contact_outcome", "") and not getattr(case, "address_checked", True):
        return f"{case.mailing_address}（注册地址，未经电话核对）"
    return case.mailing_address


def list_rows(cases, detail, kind: str = "") -> list[dict]:
    """One row per case with every field a list prints (data/variables.yaml `rows`)."""
    numbers: dict[tuple[int, str], Document] = {}
    for doc in (
        Document.objects.filter(case__in=[c.pk for c in cases])
        .defer("docx", "xlsx")
        .order_by("-pk")
    ):
        numbers[(doc.case_id, doc.kind)] = doc
    contacts = _contacts(cases)
    rows = []
    for n, c in enumerate(cases, start=1):
        order = numbers.get((c.pk, "rectification_order"))
        inspection = numbers.get((c.pk, "inspection_notice"))
        name, phone = contacts.get(c.pk, ("", ""))
        rows.append({
            "n": n, "enterprise_name": c.enterprise_name, "uscc": c.uscc, "district": c.district.name,
            "detail": detail(c), "issuer": order.issuer_name if order else "",
            "inspection_number": inspection.number if inspection else "",
            "order_number": order.number if order else "", "mailing_address": mailing_address(c),
            "contact": "　".join(x for x in (name, phone) if x), "contact_name": name, "contact_phone": phone,
            "served_cn": date_cn(c.served_on),
            "until_cn": date_cn(c.rectification_until), "recheck_cn": date_cn(c.district_rechecked_on),
        })  # fmt: skip
    return rows


def officers_context(officers) -> dict:
    """The two officers who sign a list (逾期整改未达标企业清单: 行动方案四（三）)."""
    a, b = (list(officers or []) + [None, None])[:2]
    return {
        "officer_a_name": a.name if a else "",
        "officer_a_no": a.certificate_no if a else "",
        "officer_b_name": b.name if b else "",
        "officer_b_no": b.certificate_no if b else "",
    }


def _places(cases) -> str:
    """Where each district's enterprises collect their notices (the announcement's last lines)."""
    bodies = {}
    for c in cases:
        bodies.setdefault(c.district_id, body_of("inspection_notice", c.district_id))
    lines = []
    for body in bodies.values():
        contact = contact_of(body)
        lines.append(
            f"{body.name}：{contact['address']}（{contact['office']}），电话 {contact['phone']}"
        )
    return "；".join(lines) + "。" if lines else ""


def list_context(kind: str, cases, on: date) -> dict:
    from hecha.workflow.procedure import deadlines

    info = kind_info(kind)
    context = {
        "intro": compact(info.get("intro", "")),
        "outro": compact(info.get("outro", "")),
        "places": "",
    }
    if kind == "unreachable_announcement":
        from hecha.calendars.services import work_calendar

        deemed = deadlines()["deemed_service"].from_(on, work_calendar()).value
        context["intro"] = context["intro"].format(
            deemed_served=date_cn(deemed), rectification_months=_rectification_months()
        )
        context["places"] = _places(cases)
    return context


def issue_list(
    kind: str,
    *,
    cases,
    user,
    district_code: str | None,
    on: date,
    detail=findings_brief,
    officers=None,
) -> Document:
    """One list document over these cases (one per submission, announcement or overdue
    report); `officers`: the two Officer rows who sign it, where the plan requires it (the
    overdue list: the officers who re-checked, unless the caller names them)."""
    cases = list(cases)
    if officers is None and kind == "overdue_list" and cases:
        first = cases[0]
        officers = [getattr(first, "recheck_officer_a", None) or first.officer_a,
                    getattr(first, "recheck_officer_b", None) or first.officer_b]  # fmt: skip
    return issue(
        kind,
        user=user,
        context={**list_context(kind, cases, on), **officers_context(officers)},
        district_code=district_code,
        rows=list_rows(cases, detail, kind),
        on=on,
    )
