"""The city's EMS mailing (邮寄批次) and what comes back: tracking numbers, receipts (served on
the signing date) and returned mail (the enterprise is then announced)."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from django.db import transaction

from hecha.audit.services import log_action
from hecha.cases.models import Case, MailingBatch
from hecha.cases.services.common import (
    CaseNotFound,
    CaseRefused,
    apply_step,
    current_day,
    locked_case,
)
from hecha.workflow.stages import Stage


def record_mailing(*, rows: list[tuple[int, str]], mailed_on: date, user, kind: str = "notices",
                   today: date | None = None) -> MailingBatch:  # fmt: skip
    """The city mailed these cases by EMS on `mailed_on`: (case id, tracking number) pairs."""
    on = today or current_day()
    with transaction.atomic():
        batch = MailingBatch.objects.create(kind=kind, mailed_on=mailed_on, created_by=user)
        problems = []
        for case_id, tracking_no in rows:
            try:
                case = locked_case(case_id, user)
                apply_step(case, "mail", user, {"mailed_on": mailed_on, "tracking_no": tracking_no},
                           on, mailing=batch.pk)  # fmt: skip
                Case.objects.filter(pk=case.pk).update(mailing=batch)
            except CaseNotFound:
                problems.append(f"案件 {case_id} 不存在")
            except CaseRefused as refused:
                problems.append(f"案件 {case_id}：{refused}")
        if problems or not rows:
            raise CaseRefused(problems or ["请填写邮寄的案件和邮件号"])
    return batch


def _record_return(case: Case, tracking_no: str, returned_on: date, user, on: date) -> None:
    if case.stage != Stage.MAILED:
        raise CaseRefused([f"案件当前为“{case.get_stage_display()}”，不能登记退件"])
    if returned_on < case.mailed_on or returned_on > on:
        raise CaseRefused(["退件日期须在邮寄日期与今天之间"])
    case.returned_on = returned_on
    case.version += 1
    case.save()
    log_action(action="cases.mail_returned", actor=user, object_type="cases.case",
               object_id=case.pk, district_code=case.district_id,
               data={"case": case.pk, "tracking_no": tracking_no, "returned_on": returned_on.isoformat()})  # fmt: skip


def record_delivery(*, tracking_no: str, user, signed_on: date | None = None,
                    returned_on: date | None = None, today: date | None = None) -> Case:  # fmt: skip
    """A receipt (signed for: served) or a return (unreachable: to be announced)."""
    on = today or current_day()
    with transaction.atomic():
        case = Case.objects.select_for_update().filter(tracking_no=tracking_no.strip()).first()
        if case is None or user.is_district_user:
            raise CaseRefused([f"未找到邮件号 {tracking_no} 对应的案件"])
        if signed_on:
            apply_step(case, "record_receipt", user, {"signed_on": signed_on}, on)
        elif returned_on:
            _record_return(case, tracking_no, returned_on, user, on)
        else:
            raise CaseRefused(["请填写签收日期或退件日期"])
    return case


ALIASES = {"邮件号": "tracking_no", "tracking_no": "tracking_no", "文号": "document",
           "统一社会信用代码": "uscc", "uscc": "uscc", "签收日期": "signed_on",
           "signed_on": "signed_on", "退件日期": "returned_on", "returned_on": "returned_on"}  # fmt: skip


def read_mail_rows(*, name: str, content: bytes) -> list[dict[str, str]]:
    """Rows of an EMS sheet sent back (CSV or XLSX): 邮件号 with 文号 or 统一社会信用代码, or
    签收日期 / 退件日期. Headers in Chinese or English; the reader of the import is reused."""
    from hecha.registry.services.cleaning import half_width
    from hecha.registry.services.sheets import UnreadableFile, read_sheet

    suffix = ".xlsx" if name.lower().endswith(".xlsx") else ".csv"
    with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
        tmp.write(content)
        tmp.flush()
        try:
            sheet = read_sheet(file_name=name, path=Path(tmp.name), limits="mail_sheet")
        except UnreadableFile as exc:
            raise CaseRefused([f"{name}：{exc}"]) from None
    columns = {ALIASES[h.strip()]: i for i, h in enumerate(sheet.header) if h.strip() in ALIASES}
    if "tracking_no" not in columns:
        raise CaseRefused([f"{name}:1: 邮件号: 缺少必填列（邮件号）"])
    return [
        {key: half_width(sheet.column(i)[n]).strip() for key, i in columns.items()}
        | {"row": str(row)}
        for n, row in enumerate(sheet.numbers)
    ]


def notice_numbers(cases: list[Case]) -> dict[int, str]:
    """Each case's notices' 文号 as the mailing sheet prints them (inspection notice first)."""
    from hecha.documents.models import Document

    found: dict[int, list[str]] = {}
    docs = Document.objects.filter(
        case__in=cases, kind__in=["inspection_notice", "rectification_order"]
    )
    for case_id, number in docs.order_by("case_id", "kind").values_list("case_id", "number"):
        found.setdefault(case_id, []).append(number)
    return {pk: "、".join(numbers) for pk, numbers in found.items()}


def _case_of(
    row: dict[str, str], by_number: dict[str, Case], by_uscc: dict[str, Case]
) -> Case | None:
    numbers = [n.strip() for n in row.get("document", "").split("、") if n.strip()]
    found = {by_number[n].pk: by_number[n] for n in numbers if n in by_number}
    if len(found) == 1:
        return next(iter(found.values()))
    return None if found else by_uscc.get(row.get("uscc", ""))


def mailing_rows_from_sheet(rows: list[dict[str, str]], cases: list[Case]) -> list[tuple[int, str]]:
    """(case id, tracking number) from a filled mailing sheet: cases found by the notices'
    文号 or, failing that, by USCC. Rows without a 邮件号 were not mailed."""
    by_uscc = {c.uscc: c for c in cases}
    numbers = notice_numbers(cases)
    by_number = {n: c for c in cases for n in numbers.get(c.pk, "").split("、") if n}
    out, problems = [], []
    for row in rows:
        if not row.get("tracking_no"):
            continue
        case = _case_of(row, by_number, by_uscc)
        if case is None:
            problems.append(f"第 {row['row']} 行：找不到待邮寄的案件（文号或统一社会信用代码不符）")
        else:
            out.append((case.pk, row["tracking_no"]))
    if problems:
        raise CaseRefused(problems)
    return out


def _row_dates(row: dict[str, str], problems: list[str]) -> dict[str, date]:
    from hecha.registry.services.cleaning import parse_date

    dates = {}
    for key in ("signed_on", "returned_on"):
        if row.get(key):
            iso, problem = parse_date(row[key])
            if problem:
                problems.append(f"第 {row['row']} 行：{problem}")
            else:
                dates[key] = date.fromisoformat(iso)
    return dates


def record_deliveries(*, rows: list[dict[str, str]], user, today: date | None = None) -> int:
    """Receipts and returns from the EMS sheet, all or nothing; returns the count recorded."""
    problems: list[str] = []
    done = 0
    with transaction.atomic():
        for row in rows:
            dates = _row_dates(row, problems)
            if not dates:
                continue
            try:
                record_delivery(tracking_no=row["tracking_no"], user=user, today=today, **dates)
                done += 1
            except CaseRefused as refused:
                problems.append(f"第 {row['row']} 行：{refused}")
        if problems:
            raise CaseRefused(problems)
    return done
