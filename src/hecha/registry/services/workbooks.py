"""Workbooks an officer downloads around an import: a template per table, and the error file
of a refused import (the uploaded sheets with the bad cells highlighted and a reason column).

Every cell goes through hecha.spreadsheets (no formula, link or number guessed from text).
"""

from __future__ import annotations

import io
import re
from typing import Any

from hecha import spreadsheets
from hecha.registry.services.sheets import cell_text
from hecha.registry.services.tables import STAND_INS, Checked, Table

FULL_ROWS = 50_000  # above this many rows, the error file keeps only the rows with problems
REASON = "错误原因"


def template_name(table: Table) -> str:
    return f"{table.label}-导入模板.xlsx"


def template(table: Table) -> bytes:
    """Headers in Chinese, one example row, and a sheet of notes on every column."""
    stand_ins = {v for (t, _), v in STAND_INS.items() if t == table.name}
    columns = [c for c in table.columns if c.key not in stand_ins]
    out = io.BytesIO()
    book = spreadsheets.workbook(out)
    cells = spreadsheets.Cells(book)
    required = cells.format(bold=True, bg_color="#FDE9D9", border=1)
    optional = cells.format(bold=True, border=1)
    text = cells.format(num_format="@")
    data = book.add_worksheet(table.label)
    for col, column in enumerate(columns):
        cells.write(data, 0, col, column.label, required if column.required else optional)
        cells.write(data, 1, col, column.example, text)
        data.set_column(col, col, max(12, 2 * len(column.label) + 4), text)
    data.freeze_panes(1, 0)
    notes = book.add_worksheet("填写说明")
    head = cells.format(bold=True, border=1)
    cells.row(notes, 0, ["列名", "是否必填", "说明", "也可用的列名"], head)
    for row, column in enumerate(table.columns, start=1):
        must = "必填" if column.required else "选填"
        cells.row(
            notes, row, [column.label, must, column.note, "、".join((column.key, *column.aliases))]
        )
    last = len(table.columns) + 2
    for offset, line in enumerate(
        [
            "第一行为表头，可用中文列名、英文列名或全国建筑市场监管公共服务平台的字段名；未知的列会被忽略。",
            "示例行仅供参考，导入前请删除或改为真实数据。身份证号须为完整号码，带 * 的脱敏号码不能导入。",
            "日期可写作 2028-12-31、2028/12/31、2028年12月31日，或平台导出的毫秒时间戳。",
            "任一行有误则整批不导入，并可下载标出错误单元格的错误文件，改正后重新导入。",
        ]
    ):
        cells.write(notes, last + offset, 0, line)
    notes.set_column(0, 0, 16)
    notes.set_column(1, 1, 10)
    notes.set_column(2, 2, 60)
    notes.set_column(3, 3, 60)
    book.close()
    return out.getvalue()


_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(file_name: str, taken: set[str]) -> str:
    base = _SHEET_NAME.sub("_", file_name.rpartition(".")[0] or file_name)[:28] or "数据"
    name, n = base, 2
    while name in taken:
        name, n = f"{base[:26]}_{n}", n + 1
    taken.add(name)
    return name


def _value(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return cell_text(value)


def errors(checked: dict[str, Checked]) -> bytes:
    """A list of every problem, then each uploaded file as a sheet: its rows as uploaded, the
    bad cells filled red, and a last column with the reasons of the row."""
    out = io.BytesIO()
    book = spreadsheets.workbook(out)
    cells = spreadsheets.Cells(book)
    head = cells.format(bold=True, border=1)
    bad = cells.format(bg_color="#FFC7CE", font_color="#9C0006")
    reason_fmt = cells.format(font_color="#9C0006", text_wrap=True)
    listing = book.add_worksheet("错误清单")
    cells.row(listing, 0, ["文件", "行", "列", "错误原因"], head)
    line = 1
    for item in checked.values():
        for row, _position, label, message in sorted(item.problems):
            cells.row(listing, line, [item.sheet.file_name, row, label, message])
            line += 1
    listing.set_column(0, 0, 20)
    listing.set_column(2, 2, 16)
    listing.set_column(3, 3, 80)
    taken = {"错误清单"}
    for item in checked.values():
        if item.problems:
            _error_sheet(book, cells, item, taken, head, bad, reason_fmt)
    book.close()
    return out.getvalue()


def _error_sheet(book, cells, item: Checked, taken, head, bad, reason_fmt) -> None:
    sheet = book.add_worksheet(_sheet_name(item.sheet.file_name, taken))
    header = item.sheet.header
    reason_col = len(header)
    by_row: dict[int, list[tuple[int, str, str]]] = {}
    for row, position, label, message in item.problems:
        by_row.setdefault(row, []).append((position, label, message))
    cells.row(sheet, 0, header, head)
    cells.write(sheet, 0, reason_col, REASON, head)
    if 1 in by_row:  # a problem of the header: a missing column
        cells.write(sheet, 0, reason_col, "；".join(m for _, _, m in by_row[1]), reason_fmt)
    only_bad = item.rows > FULL_ROWS
    out_row = 1
    for values, number in zip(item.sheet.rows, item.sheet.numbers, strict=True):
        found = by_row.get(number)
        if only_bad and not found:
            continue
        marked = {p for p, _, _ in found or () if p >= 0}
        for col, value in enumerate(values):
            cells.write(sheet, out_row, col, _value(value), bad if col in marked else None)
        for col in marked - set(range(len(values))):  # an empty cell of a short row
            cells.write(sheet, out_row, col, "", bad)
        if found:
            reasons = "；".join(f"{label}：{message}" for _, label, message in found)
            cells.write(sheet, out_row, reason_col, reasons, reason_fmt)
        out_row += 1
    sheet.set_column(reason_col, reason_col, 60)
    sheet.freeze_panes(1, 0)
