"""Every CSV and XLSX cell Hecha writes goes through here: text that a spreadsheet would
take for a formula is neutralised (OWASP, "CSV Injection").

A cell beginning with `=`, `+`, `-`, `@`, a tab, a carriage return or a line feed is a
formula to Excel, WPS and LibreOffice: `=HYPERLINK("http://…?"&A2, …)` in an imported
enterprise name or a mailing address would send the row away when the sheet is opened.

- CSV: such text gets a leading apostrophe, as OWASP recommends; the spreadsheet shows the
  text, and a reader of the file sees the apostrophe.
- XLSX: text is always written as text (never a formula, URL or number guessed from it), and
  such text carries Excel's quote prefix — what Excel itself stores when a person types
  `'=…` — so the value is unchanged (copies still compare equal) and editing the cell does
  not turn it into a formula.

Numbers Hecha itself writes (counts, serial numbers) are written as numbers, untouched.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def attachment(name: str) -> str:
    """The Content-Disposition of a download named `name` (Chinese names kept, RFC 6266)."""
    from urllib.parse import quote

    return f"attachment; filename*=UTF-8''{quote(name)}"


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(TRIGGERS)


def csv_cell(value: Any) -> Any:
    """A CSV field: formula-like text behind an apostrophe; everything else as it is."""
    return "'" + value if is_formula_like(value) else value


def csv_row(values: Iterable[Any]) -> list[Any]:
    return [csv_cell(v) for v in values]


def workbook(out: IO[bytes]) -> Any:
    """An XlsxWriter workbook that never turns text into a formula, a link or a number."""
    import xlsxwriter

    return xlsxwriter.Workbook(
        out,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )


class Cells:
    """Writes rows of values into a workbook's sheets: numbers as numbers, text as text,
    formula-like text with the quote prefix (in a twin of the cell's format)."""

    def __init__(self, book: Any) -> None:
        self.book = book
        self._twins: dict[int, Any] = {}
        self._plain: Any = None

    def format(self, **properties: Any) -> Any:
        fmt = self.book.add_format(properties)
        self._twins[id(fmt)] = self.book.add_format({**properties, "quote_prefix": True})
        return fmt

    def _twin(self, fmt: Any) -> Any:
        """The quote-prefixed twin of a format made by `format()` (None: no format)."""
        if fmt is None:
            self._plain = self._plain or self.format()
            fmt = self._plain
        return self._twins[id(fmt)]

    def write(self, sheet: Any, row: int, col: int, value: Any, fmt: Any = None) -> None:
        if value is None or value == "":
            sheet.write_blank(row, col, None, fmt)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            sheet.write_number(row, col, value, fmt)
        elif is_formula_like(value := str(value)):
            sheet.write_string(row, col, value, self._twin(fmt))
        else:
            sheet.write_string(row, col, value, fmt)

    def row(self, sheet: Any, row: int, values: Iterable[Any], fmt: Any = None) -> None:
        for col, value in enumerate(values):
            self.write(sheet, row, col, value, fmt)
