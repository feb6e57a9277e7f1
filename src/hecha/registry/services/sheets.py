"""Reading one data file (CSV or the first sheet of an XLSX) into a header and its columns.

Cells come back as stripped strings; spreadsheet types (dates, numbers) are turned into the
text a person would have typed. Row numbers are the spreadsheet's: the header is row 1.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time
from itertools import repeat
from operator import itemgetter
from pathlib import Path
from typing import Any


class UnreadableFile(Exception):
    """The file cannot be read at all; the message is Chinese."""


@dataclass
class Sheet:
    file_name: str
    header: list[str]
    rows: list[list[Any]]
    sha256: str
    size: int
    numbers: list[int] = field(default_factory=list)  # spreadsheet row number of each row
    width: int | None = None  # the common length of every row, -1 if they differ
    typed: bool = False  # cells may be numbers or dates (XLSX), not only text (CSV)

    def column(self, index: int) -> list[str]:
        """The stripped text of one column, one value per (non-blank) row."""
        if not self.rows:
            return []
        if self.width is None:
            lengths = set(map(len, self.rows))
            self.width = lengths.pop() if len(lengths) == 1 else -1
        if index < self.width:
            values = list(map(itemgetter(index), self.rows))
        else:
            values = [r[index] if len(r) > index else "" for r in self.rows]
        if self.typed:
            values = [v if v.__class__ is str else cell_text(v) for v in values]
        return list(map(str.strip, values))


def cell_text(value: Any) -> str:
    """What a spreadsheet cell means as text: 2026-11-24 for a date, 91 for 91.0."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030 as Excel on Chinese Windows saves CSV."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise UnreadableFile("无法识别文件编码（应为 UTF-8 或 GB18030）") from None


def _split_plain(text: str) -> list[list[Any]]:
    """A CSV file without any quote is split directly, several times faster than `csv`."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and not lines[-1]:
        lines.pop()
    return list(map(str.split, lines, repeat(",")))


def _csv_rows(data: bytes) -> list[list[Any]]:
    text = decode(data)
    if '"' not in text:
        return _split_plain(text)
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise UnreadableFile(f"CSV 格式错误：{exc}") from None


def _xlsx_rows(path: Path) -> list[list[Any]]:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
        return sheet.to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises its own types for every kind of damage
        raise UnreadableFile(f"无法读取 XLSX 文件：{exc}") from None


def _drop_blank(rows: list[list[Any]]) -> tuple[list[list[Any]], list[int]]:
    """Blank rows are skipped; row numbers keep counting them, as a spreadsheet does."""
    suspects = {i for i, r in enumerate(rows) if not r or not r[0]}
    blank = {i for i in suspects if not any(_filled(rows[i]))}
    if not blank:
        return rows, list(range(2, len(rows) + 2))
    keep = [i for i in range(len(rows)) if i not in blank]
    return [rows[i] for i in keep], [i + 2 for i in keep]


def _filled(row: list[Any]) -> list[bool]:
    return [v is not None and str(v).strip() != "" for v in row]


def read_sheet(*, file_name: str, path: Path, limits: str = "registry") -> Sheet:
    """Read a file of at most the `limits` size (hecha.uploads.LIMITS); an XLSX only after its
    archive passed check_archive."""
    from hecha import uploads

    xlsx = path.suffix.lower() == ".xlsx" or file_name.lower().endswith(".xlsx")
    try:
        uploads.check_size(path.stat().st_size, limits)
        if xlsx:
            uploads.check_archive(path, limits)
    except uploads.UploadRefused as exc:
        raise UnreadableFile(f"无法读取 XLSX 文件：{exc}" if xlsx else str(exc)) from None
    data = path.read_bytes()
    if xlsx:
        rows, typed = _xlsx_rows(path), True
    else:
        typed = False
        rows = _csv_rows(data)
    header = [cell_text(h).strip() for h in rows[0]] if rows else []
    body, numbers = _drop_blank(rows[1:])
    return Sheet(
        file_name=file_name,
        header=header,
        rows=body,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        numbers=numbers,
        typed=typed,
    )
