"""Issuing documents: number (文号), verification code, DOCX from the active template, XLSX for
lists, PDF through LibreOffice; and checking a copy against the record."""

from __future__ import annotations

import hashlib
import io
import os
import secrets
import shutil
import subprocess
import tempfile
import threading
import zipfile
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import segno
import yaml
from django.conf import settings
from django.db import transaction
from docxtpl import DocxTemplate, InlineImage
from jinja2.exceptions import SecurityError

from hecha import clock
from hecha.audit.services import log_action
from hecha.documents import sandbox
from hecha.documents.models import Document, DocumentTemplate, NumberSequence

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
CN_DIGITS = "〇一二三四五六七八九"
LIST_HEADERS = ["序号", "企业名称", "统一社会信用代码", "区县", "情况"]


class DocumentRefused(Exception):
    """Nothing was issued or changed; the message is Chinese."""


class PdfUnavailable(Exception):
    """LibreOffice is not installed: DOCX still works."""


@cache
def catalogue() -> dict[str, Any]:
    text = resources.files("hecha.documents").joinpath("data/kinds.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def kind_info(kind: str) -> dict[str, Any]:
    return catalogue()["kinds"][kind]


def body_of(kind: str, district_code: str | None) -> tuple[str, dict[str, str]]:
    body = "city" if kind_info(kind)["issuer"] == "city" or not district_code else district_code
    return body, catalogue()["bodies"][body]


def date_cn(day: date | None) -> str:
    """2026年11月24日, or 二〇二六年十一月二十四日 when HECHA_DATE_STYLE is "chinese"."""
    if day is None:
        return ""
    if getattr(settings, "HECHA_DATE_STYLE", "arabic") != "chinese":
        return f"{day.year}年{day.month}月{day.day}日"

    def small(n: int) -> str:
        tens, ones = divmod(n, 10)
        return (("" if tens == 1 else CN_DIGITS[tens]) + "十" if tens else "") + (
            CN_DIGITS[ones] if ones else ""
        )

    year = "".join(CN_DIGITS[int(c)] for c in str(day.year))
    return f"{year}年{small(day.month)}月{small(day.day)}日"


# -- templates ------------------------------------------------------------------------


def builtin_template_bytes(kind: str) -> bytes:
    return resources.files("hecha.documents").joinpath(f"docx/{kind}.docx").read_bytes()


def template_variables(content: bytes) -> set[str]:
    """The variables a template uses; raises sandbox.TemplateUnsafe for any expression that
    reaches beyond them."""
    return sandbox.check(content)


def ensure_builtin(kind: str) -> DocumentTemplate:
    """The shipped template of a kind, stored once (version 1 on a new installation)."""
    row = DocumentTemplate.objects.filter(kind=kind, builtin=True).first()
    if row is not None:
        return row
    from django.db.models import Max

    content = builtin_template_bytes(kind)
    version = (DocumentTemplate.objects.filter(kind=kind).aggregate(m=Max("version"))["m"] or 0) + 1
    return DocumentTemplate.objects.create(
        kind=kind, version=version, content=content, sha256=hashlib.sha256(content).hexdigest(),
        builtin=True, active=not DocumentTemplate.objects.filter(kind=kind, active=True).exists(),
        variables=sorted(template_variables(content)),
    )  # fmt: skip


def load_builtin_templates() -> list[str]:
    from hecha.documents.models import KIND_CHOICES

    return [ensure_builtin(kind).get_kind_display() for kind, _ in KIND_CHOICES]


def active_template(kind: str) -> DocumentTemplate:
    row = DocumentTemplate.objects.filter(kind=kind, active=True).first()
    if row is None:
        row = ensure_builtin(kind)
        if not row.active:
            row.active = True
            row.save(update_fields=["active"])
    return row


# -- numbers and codes ----------------------------------------------------------------


def next_number(body: str, prefix: str, year: int) -> tuple[int, str]:
    """The next 文号 of the body this year; the row lock makes two issuers wait in turn, and
    the number rolls back with a failed issue, so there are no gaps and no duplicates."""
    NumberSequence.objects.get_or_create(body=body, year=year)
    seq = NumberSequence.objects.select_for_update().get(body=body, year=year)
    seq.last += 1
    seq.save(update_fields=["last"])
    return seq.last, f"{prefix}〔{year}〕{seq.last}号"


def new_code() -> str:
    while True:
        raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
        code = f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"
        if not Document.objects.filter(code=code).exists():
            return code


def verify_url(code: str) -> str:
    base = getattr(settings, "HECHA_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
    return f"{base}/verify/{code}"


def qr_png(code: str) -> bytes:
    """The verification URL as a QR code. A fixed mask: segno's search for the best of eight
    costs more than the rest of the document, and any mask reads the same."""
    out = io.BytesIO()
    segno.make(verify_url(code), error="m", mask=2, micro=False).save(
        out, kind="png", scale=5, border=2
    )
    return out.getvalue()


# -- rendering ------------------------------------------------------------------------


def render_docx(template: bytes, context: dict[str, Any], code: str) -> bytes:
    from docx.shared import Mm

    doc = DocxTemplate(io.BytesIO(template))
    try:
        doc.render({**context, "code": code, "verify_url": verify_url(code),
                    "qr": InlineImage(doc, io.BytesIO(qr_png(code)), width=Mm(22))},
                   jinja_env=sandbox.ENV, autoescape=True)  # fmt: skip
    except SecurityError:
        raise DocumentRefused(
            "文书模板含不允许的表达式，未制发；请管理员在“文书模板”中重新上传或启用内置模板"
        ) from None

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def render_xlsx(title: str, number: str, rows: list[dict[str, Any]], code: str) -> bytes:
    from hecha.spreadsheets import Cells, workbook

    out = io.BytesIO()
    book = workbook(out)
    cells = Cells(book)
    sheet = book.add_worksheet("清单")
    head = book.add_format({"bold": True, "border": 1, "bg_color": "#EEF2F6", "text_wrap": True})
    cell = cells.format(border=1, text_wrap=True, valign="top")
    big = book.add_format({"bold": True, "font_size": 16})
    sheet.write(0, 0, title, big)
    sheet.write(1, 0, f"文号：{number}　核验码：{code}")
    for col, (header, width) in enumerate(zip(LIST_HEADERS, [6, 40, 22, 12, 60], strict=True)):
        sheet.write(3, col, header, head)
        sheet.set_column(col, col, width)
    for i, row in enumerate(rows, start=4):
        values = [row["n"], row["enterprise_name"], row["uscc"], row["district"], row["detail"]]
        cells.row(sheet, i, values, cell)
    sheet.insert_image(1, 4, "qr.png", {"image_data": io.BytesIO(qr_png(code)), "x_scale": 0.5, "y_scale": 0.5,
                                        "object_position": 3})  # fmt: skip
    book.close()
    return out.getvalue()


def _sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def issue(
    kind: str,
    *,
    user,
    context: dict[str, Any],
    district_code: str | None = None,
    case=None,
    rows: list[dict[str, Any]] | None = None,
    on: date | None = None,
) -> Document:
    """Number, render and record one document; runs inside the caller's transaction."""
    on = on or clock.today()
    info = kind_info(kind)
    body, issuer = body_of(kind, district_code)
    template = active_template(kind)
    with transaction.atomic():
        serial, number = next_number(body, issuer["prefix"], on.year)
        code = new_code()
        content = {
            **context,
            "issuer_name": issuer["name"],
            "title": info["title"],
            "number": number,
            "basis": info["basis"],
            "date_cn": date_cn(on),
            "issued_on": on.isoformat(),
        }
        if rows is not None:
            content["rows"] = rows
        docx = render_docx(bytes(template.content), content, code)
        xlsx = render_xlsx(info["title"], number, rows, code) if rows is not None else None
        document = Document.objects.create(
            kind=kind, title=info["title"], body=body, issuer_name=issuer["name"], year=on.year,
            serial=serial, number=number, code=code, case=case, district_code=district_code or "",
            template=template, content=content, docx=docx, docx_sha256=_sha(docx), xlsx=xlsx,
            xlsx_sha256=_sha(xlsx) if xlsx else "", issued_by=user,
        )  # fmt: skip
        log_action(
            action="documents.issued", actor=user, object_type="cases.case" if case else "documents.document",
            object_id=case.pk if case else document.pk, district_code=district_code or "",
            data={"document": document.pk, "kind": kind, "title": info["title"], "number": number, "code": code,
                  "docx_sha256": document.docx_sha256, "template": f"{template.kind} v{template.version}"},
        )  # fmt: skip
    return document


# -- PDF ------------------------------------------------------------------------------

_pdf_lock = threading.Lock()


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx: bytes) -> bytes:
    """The DOCX as PDF with its fonts embedded, by LibreOffice headless (one profile)."""
    return to_pdfs([docx])[0]


NO_LIBREOFFICE = (
    "服务器未安装 LibreOffice，暂不能生成 PDF；请下载 DOCX 版本"
    "（管理员：apt-get install libreoffice-writer-nogui fonts-noto-cjk）"
)


def to_pdfs(documents: list[bytes]) -> list[bytes]:
    """Several DOCX as PDF in one LibreOffice process (its start-up is most of the cost)."""
    binary = soffice()
    if binary is None:
        raise PdfUnavailable(NO_LIBREOFFICE)
    profile = Path(settings.HECHA_HOME) / "libreoffice-profile"
    with _pdf_lock, tempfile.TemporaryDirectory() as tmp:
        sources = []
        for n, docx in enumerate(documents):
            sources.append(Path(tmp) / f"d{n:05d}.docx")
            sources[-1].write_bytes(docx)
        command = [binary, "--headless", f"-env:UserInstallation=file://{profile}",
                   "--convert-to", "pdf", "--outdir", tmp, *map(str, sources)]  # fmt: skip
        fonts = resources.files("hecha.documents").joinpath("data/fonts.conf")
        env = {**os.environ, "FONTCONFIG_FILE": str(fonts)}
        try:
            result = subprocess.run(
                command, capture_output=True, timeout=120 + 5 * len(documents), check=False, env=env
            )
        except (subprocess.TimeoutExpired, OSError):
            raise PdfUnavailable("PDF 生成超时或失败，请下载 DOCX 版本") from None

        pdfs = [s.with_suffix(".pdf") for s in sources]
        if result.returncode != 0 or not all(p.exists() for p in pdfs):
            raise PdfUnavailable("PDF 生成失败，请下载 DOCX 版本")
        return [p.read_bytes() for p in pdfs]


def zip_of(documents: list[Document]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in enumerate(documents, start=1):
            name = f"{n:04d}-{d.title}-{d.number}.docx".replace("/", "-")
            z.writestr(name, bytes(d.docx))
    return out.getvalue()


# -- verification ---------------------------------------------------------------------


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


def check_copy(document: Document, name: str, content: bytes) -> dict[str, Any]:
    """Compare an uploaded copy with the record: identical file, or which rows or lines
    differ. A changed row is reported, never passed."""
    digest = _sha(content)
    if digest in (document.docx_sha256, document.xlsx_sha256):
        return {"match": True, "differences": [], "how": "文件摘要一致"}
    try:
        if content[:2] != b"PK":
            raise ValueError
        if name.lower().endswith(".xlsx") or (document.xlsx and b"xl/" in content[:2000]):
            theirs = [r for r in _xlsx_rows(content)[4:] if any(r)]
            ours = [[str(r["n"]), r["enterprise_name"], r["uscc"], r["district"], r["detail"]]
                    for r in document.content.get("rows", [])]  # fmt: skip
            differences = [f"第 {i + 5} 行：{' | '.join(t)}（系统中为：{' | '.join(o)}）"
                           for i, (t, o) in enumerate(zip(theirs, ours, strict=False)) if t[:5] != o]  # fmt: skip
            if len(theirs) != len(ours):
                differences.append(f"行数不同：上传的副本 {len(theirs)} 行，系统中 {len(ours)} 行")
        else:
            theirs_text = _docx_text(content)
            ours_text = _docx_text(bytes(document.docx))
            differences = [
                f"“{t}”（系统中为：“{o}”）"
                for t, o in zip(theirs_text, ours_text, strict=False)
                if t != o
            ]
            if len(theirs_text) != len(ours_text):
                differences.append(
                    f"段落数不同：上传的副本 {len(theirs_text)} 段，系统中 {len(ours_text)} 段"
                )
    except Exception:
        return {
            "match": False,
            "differences": ["无法读取上传的文件（应为系统生成的 DOCX 或 XLSX）"],
            "how": "",
        }
    if not differences:
        return {"match": True, "differences": [], "how": "内容一致（文件经重新保存，摘要不同）"}
    return {"match": False, "differences": differences[:50], "how": "内容不一致"}
