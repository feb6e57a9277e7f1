"""Checking a copy someone holds against the record: the verification code however it is
typed, and an uploaded DOCX, XLSX or PDF compared line by line, row by row or page by page.
A changed line or row is reported, never passed."""

from __future__ import annotations

import hashlib
import io
import re
from typing import Any

from django.core.cache import cache

from hecha.documents import pdf
from hecha.documents.models import Document

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
PAGE_NUMBER = re.compile(r"[—－-]+\d+[—－-]+")


def normalise_code(raw: str) -> str:
    """A code as printed (ABCD-EFGH-JKLM) from one typed in lower case, without dashes or
    with spaces; anything else is returned upper-cased, to be answered as not found."""
    squeezed = re.sub(r"[\s\-—－_]+", "", raw or "").upper()
    if len(squeezed) == 12 and all(c in CODE_ALPHABET for c in squeezed):
        return f"{squeezed[:4]}-{squeezed[4:8]}-{squeezed[8:]}"
    return squeezed[:40]


def _docx_text(content: bytes) -> list[str]:
    from docx import Document as Docx

    doc = Docx(io.BytesIO(content))
    lines = [p.text.strip() for p in doc.paragraphs if p.text.strip()]
    for table in doc.tables:
        for row in table.rows:
            lines.append(" | ".join(c.text.strip() for c in row.cells))
    return lines


def _xlsx_rows(content: bytes) -> list[list[str]]:
    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0)
    return [
        ["" if v is None else str(v).removesuffix(".0") for v in row] for row in sheet.to_python()
    ]


def list_columns(document: Document) -> list[str]:
    from hecha.documents.services import list_columns as columns_of

    return [field for field, _, _ in columns_of(document.kind)]


def _compare_xlsx(document: Document, content: bytes) -> list[str]:
    fields = list_columns(document)
    theirs = [r[: len(fields)] for r in _xlsx_rows(content)[5:] if any(r)]
    ours = [[str(r.get(f, "")) for f in fields] for r in document.content.get("rows", [])]
    differences = [f"第 {i + 6} 行：{' | '.join(t)}（系统中为：{' | '.join(o)}）"
                   for i, (t, o) in enumerate(zip(theirs, ours, strict=False)) if t != o]  # fmt: skip
    if len(theirs) != len(ours):
        differences.append(f"行数不同：上传的副本 {len(theirs)} 行，系统中 {len(ours)} 行")
    return differences


def _compare_docx(document: Document, content: bytes) -> list[str]:
    theirs, ours = _docx_text(content), _docx_text(bytes(document.docx))
    differences = [
        f"“{t}”（系统中为：“{o}”）" for t, o in zip(theirs, ours, strict=False) if t != o
    ]
    if len(theirs) != len(ours):
        differences.append(f"段落数不同：上传的副本 {len(theirs)} 段，系统中 {len(ours)} 段")
    return differences


def pdf_reference(document: Document) -> str:
    """The document's text as Hecha's own PDF of it reads, without whitespace or page numbers
    (pagination may differ between LibreOffice versions); kept in the cache."""
    key = f"documents:pdf-text:{document.docx_sha256}"
    text = cache.get(key)
    if text is None:
        text = PAGE_NUMBER.sub(
            "", pdf.compact("".join(pdf.page_texts(pdf.to_pdf(bytes(document.docx)))))
        )
        cache.set(key, text, timeout=None)
    return text


def _first_difference(theirs: str, ours: str) -> str:
    start = next((i for i, (a, b) in enumerate(zip(theirs, ours, strict=False)) if a != b),
                 min(len(theirs), len(ours)))  # fmt: skip
    end = 0
    while end < min(len(theirs), len(ours)) - start and theirs[-1 - end] == ours[-1 - end]:
        end += 1
    a, b = theirs[start : len(theirs) - end], ours[start : len(ours) - end]
    return f"“…{theirs[max(0, start - 12) : start]}{a[:80]}…”（系统中为：“…{ours[max(0, start - 12) : start]}{b[:80]}…”）"


def _compare_pdf(document: Document, content: bytes) -> list[str]:
    theirs = PAGE_NUMBER.sub("", pdf.compact("".join(pdf.page_texts(content))))
    ours = pdf_reference(document)
    return [] if theirs == ours else [_first_difference(theirs, ours)]


def _kind_of(name: str, content: bytes, document: Document) -> str:
    if content[:5] == b"%PDF-":
        return "pdf"
    if content[:2] != b"PK":
        raise ValueError("not a document")
    if name.lower().endswith(".xlsx") or (document.xlsx and b"xl/" in content[:2000]):
        return "xlsx"
    return "docx"


COMPARE = {"pdf": _compare_pdf, "xlsx": _compare_xlsx, "docx": _compare_docx}
UNREADABLE = "无法读取上传的文件（应为系统生成的 DOCX、XLSX 或 PDF）"


def check_copy(document: Document, name: str, content: bytes) -> dict[str, Any]:
    """Compare an uploaded copy with the record: the identical file, or its content."""
    digest = hashlib.sha256(content).hexdigest()
    if digest in (document.docx_sha256, document.xlsx_sha256):
        return {"match": True, "differences": [], "how": "文件摘要一致"}
    try:
        kind = _kind_of(name, content, document)
        differences = COMPARE[kind](document, content)
    except pdf.PdfUnavailable as exc:
        return {"match": False, "differences": [str(exc)], "how": ""}
    except Exception:
        return {"match": False, "differences": [UNREADABLE], "how": ""}
    if not differences:
        how = (
            "PDF 文字内容一致（系统生成的 PDF）"
            if kind == "pdf"
            else "内容一致（文件经重新保存，摘要不同）"
        )
        return {"match": True, "differences": [], "how": how}
    return {"match": False, "differences": differences[:50], "how": "内容不一致"}
