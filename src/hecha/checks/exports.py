"""Findings as CONTRACT.md §4 rows: JSON, CSV with Chinese headers, XLSX."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from hecha.checks.models import Finding
from hecha.checks.selectors import people_by_finding
from hecha.privacy import mask_id
from hecha.spreadsheets import Cells, csv_row, workbook
from hecha.standards.model import REASON_LABELS

COLUMNS = [
    ("uscc", "统一社会信用代码", 22),
    ("enterprise_name", "企业名称", 36),
    ("district_code", "区划代码", 10),
    ("qualification", "资质", 28),
    ("rule_id", "规则编号", 30),
    ("requirement", "标准要求", 48),
    ("required", "要求人数", 10),
    ("counted", "符合人数", 10),
    ("excluded", "未计入人员及原因", 60),
    ("unconfirmed_label", "数值核实情况", 14),
    ("clause", "条款", 40),
]


def finding_rows(findings: QuerySet[Finding], *, masked: bool = False) -> Iterator[dict[str, Any]]:
    """Rows of the findings; `masked` (every export from a page) shows ID numbers as
    210102********1234 (hecha.privacy); the operator's `hecha check` writes them whole."""
    show = mask_id if masked else str
    findings = findings.order_by("district_code", "uscc", "qualification", "rule_id")
    people = people_by_finding(findings)
    for f in findings.iterator(chunk_size=5000):
        involved = people.get(f.pk, [])
        yield {
            "uscc": f.uscc,
            "enterprise_name": f.enterprise_name,
            "district_code": f.district_code,
            "qualification": f.qualification,
            "rule_id": f.rule_id,
            "requirement": f.requirement,
            "required": f.required,
            "counted": f.counted,
            "unconfirmed": f.unconfirmed,
            "unconfirmed_label": "待核实（仅一个公开来源）" if f.unconfirmed else "已核实",
            "clause": f.clause,
            "counted_people": [
                {"id_number": show(p.id_number), "name": p.name} for p in involved if not p.reason
            ],
            "excluded": [
                {
                    "id_number": show(p.id_number),
                    "name": p.name,
                    "reason": p.reason,
                    "reason_label": REASON_LABELS[p.reason],
                }
                for p in involved
                if p.reason
            ],
        }


def _excluded_text(row: dict[str, Any]) -> str:
    return "；".join(
        f"{p['name']}（{p['id_number']}）：{p['reason_label']}" for p in row["excluded"]
    )


def _flat(row: dict[str, Any]) -> list[Any]:
    return [_excluded_text(row) if key == "excluded" else row[key] for key, _, _ in COLUMNS]


def to_json(findings: QuerySet[Finding], *, masked: bool = False) -> bytes:
    rows = list(finding_rows(findings, masked=masked))
    return json.dumps(rows, ensure_ascii=False, indent=1).encode("utf-8")


def to_csv(findings: QuerySet[Finding], *, masked: bool = False) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([header for _, header, _ in COLUMNS])
    writer.writerows(csv_row(_flat(row)) for row in finding_rows(findings, masked=masked))
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel opens it as UTF-8


def to_xlsx(findings: QuerySet[Finding], *, masked: bool = False) -> bytes:
    out = io.BytesIO()
    book = workbook(out)
    cells = Cells(book)
    sheet = book.add_worksheet("比对结果")
    head = cells.format(bold=True, bg_color="#EEF2F7", border=1)
    for col, (_, header, width) in enumerate(COLUMNS):
        sheet.write_string(0, col, header, head)
        sheet.set_column(col, col, width)
    last = 0
    for last, row in enumerate(finding_rows(findings, masked=masked), start=1):
        cells.row(sheet, last, _flat(row))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, last, len(COLUMNS) - 1)
    book.close()
    return out.getvalue()


EXPORTERS = {"json": to_json, "csv": to_csv, "xlsx": to_xlsx}
