"""Issuing documents: number (文号), verification code, DOCX from the active template with the
issuer's legal wording and contacts, XLSX for lists; PDF (documents.pdf) and the check of a
copy (documents.verification) live beside it."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import ipaddress
import secrets
import zipfile
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import segno
from django.conf import settings
from django.db import transaction
from docxtpl import DocxTemplate, InlineImage
from jinja2.exceptions import SecurityError

from hecha import clock, yamltext
from hecha.audit.services import log_action
from hecha.documents import policy, sandbox
from hecha.documents.models import Document, DocumentTemplate, IssuingBody, NumberSequence
from hecha.documents.pdf import NO_LIBREOFFICE, PdfUnavailable, soffice, to_pdf, to_pdfs
from hecha.documents.verification import CODE_ALPHABET, check_copy

CN_DIGITS = "〇一二三四五六七八九"
HECHA = "核查（Hecha）"

__all__ = ["NO_LIBREOFFICE", "PdfUnavailable", "check_copy", "soffice", "to_pdf", "to_pdfs"]


class DocumentRefused(Exception):
    """Nothing was issued or changed; the message is Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.reasons = [message]


def _data(name: str) -> dict[str, Any]:
    return yamltext.safe_load(
        resources.files("hecha.documents").joinpath(f"data/{name}").read_text("utf-8")
    )


@cache
def catalogue() -> dict[str, Any]:
    return _data("kinds.yaml")


@cache
def bodies_data() -> dict[str, Any]:
    return _data("bodies.yaml")


def kind_info(kind: str) -> dict[str, Any]:
    return catalogue()["kinds"][kind]


def list_columns(kind: str) -> list[tuple[str, str, int]]:
    return [tuple(c) for c in kind_info(kind).get("columns", [])]  # type: ignore[misc]


def compact(text: str) -> str:
    """Chinese prose from a folded YAML string: the folding's spaces removed."""
    return "".join(str(text or "").split())


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


# -- the deployment -------------------------------------------------------------------


def demo_deployment() -> bool:
    return (
        bool(getattr(settings, "HECHA_DEMO", False))
        or (Path(settings.HECHA_HOME) / "demo").exists()
    )


def mark_demo_deployment() -> None:
    """`hecha demo` marks HECHA_HOME: its documents may carry demo contacts and a local QR."""
    (Path(settings.HECHA_HOME) / "demo").write_text("hecha demo\n", encoding="utf-8")


def public_url_problem() -> str | None:
    """A QR code that points at this machine cannot be checked by anyone who receives the
    paper: outside a demonstration, nothing is issued until HECHA_PUBLIC_URL is public."""
    url = getattr(settings, "HECHA_PUBLIC_URL", "http://127.0.0.1:8000")
    host = (urlsplit(url).hostname or "").lower()
    try:
        local = ipaddress.ip_address(host).is_loopback or ipaddress.ip_address(host).is_unspecified
    except ValueError:
        local = host in ("", "localhost") or host.endswith(".localhost")
    if not local or demo_deployment():
        return None
    return (f"核验网址（HECHA_PUBLIC_URL）仍为本机地址 {url}，企业收到的文书二维码将无法核验；"
            "请管理员将其设为公众可访问的网址后再制发")  # fmt: skip


# -- issuing bodies -------------------------------------------------------------------


def ensure_bodies() -> int:
    """The shipped bodies, stored once; an administrator's contacts are never overwritten."""
    for code, row in bodies_data()["bodies"].items():
        IssuingBody.objects.get_or_create(
            code=str(code),
            defaults={
                "name": row["name"],
                "prefix": row["prefix"],
                "review_body": row["review_body"],
            },
        )
    return IssuingBody.objects.count()


def body_of(kind: str, district_code: str | None) -> IssuingBody:
    code = "city" if kind_info(kind)["issuer"] == "city" or not district_code else district_code
    body = IssuingBody.objects.filter(code=code).first()
    if body is None:
        ensure_bodies()
        body = IssuingBody.objects.get(code=code)
    return body


def contact_of(body: IssuingBody) -> dict[str, str]:
    """The office, address and telephone printed on the body's documents; demo values where
    a demonstration has none set, and a refusal anywhere else."""
    values = {"office": body.office, "address": body.address, "phone": body.phone}
    missing = body.missing_contact(city=body.code == "city")
    if missing and not demo_deployment():
        raise DocumentRefused(f"发文机关“{body.name}”的{'、'.join(missing)}尚未设置，文书无法告知企业向何处报送；"
                              "请管理员在“发文机关”中填写后再制发")  # fmt: skip
    demo = bodies_data()["demo_contact"]
    return {k: v.strip() or demo[k].format(name=body.name) for k, v in values.items()}


# -- templates ------------------------------------------------------------------------


def builtin_template_bytes(kind: str) -> bytes:
    return resources.files("hecha.documents").joinpath(f"docx/{kind}.docx").read_bytes()


def template_variables(content: bytes) -> set[str]:
    """The variables a template uses; raises sandbox.TemplateUnsafe for any expression that
    reaches beyond them."""
    return sandbox.check(content)


def ensure_builtin(kind: str) -> DocumentTemplate:
    """The shipped template of a kind. A shipped template that changed (a new Hecha release)
    becomes a new version, active unless the administrator activated an uploaded one."""
    from django.db.models import Max

    content = builtin_template_bytes(kind)
    digest = hashlib.sha256(content).hexdigest()
    row = DocumentTemplate.objects.filter(kind=kind, builtin=True, sha256=digest).first()
    if row is not None:
        return row
    version = (DocumentTemplate.objects.filter(kind=kind).aggregate(m=Max("version"))["m"] or 0) + 1
    custom = DocumentTemplate.objects.filter(kind=kind, active=True, builtin=False).exists()
    if not custom:
        DocumentTemplate.objects.filter(kind=kind, active=True).update(active=False)
    return DocumentTemplate.objects.create(
        kind=kind, version=version, content=content, sha256=digest, builtin=True,
        active=not custom, variables=sorted(template_variables(content)),
    )  # fmt: skip


def load_builtin_templates() -> list[str]:
    from hecha.documents.models import KIND_CHOICES

    ensure_bodies()
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


def next_number(body: IssuingBody, year: int, on: date) -> tuple[int, str]:
    """The next 文号 of the body this year. The row lock makes two issuers wait in turn and
    the number rolls back with a failed issue: no gaps, no duplicates. Numbers follow dates:
    a document is never dated before one the body numbered lower this year."""
    NumberSequence.objects.get_or_create(body=body.code, year=year)
    seq = NumberSequence.objects.select_for_update().get(body=body.code, year=year)
    if seq.last_on and on < seq.last_on:
        raise DocumentRefused(
            f"文书日期 {on.isoformat()} 早于{body.name}{year}年第{seq.last}号文书的日期"
            f"（{seq.last_on.isoformat()}）：文号按日期先后编排，请使用不早于该日期的日期"
        )
    seq.last += 1
    seq.last_on = on
    seq.save(update_fields=["last", "last_on"])
    return seq.last, f"{body.prefix}〔{year}〕{seq.last}号"


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


# -- what every document says about its issuer and its law ----------------------------


def _ems(text: str) -> float:
    """Width in characters: CJK one, digits and Latin letters about 0.6 (0.5 in 仿宋_GB2312,
    a little more in the Noto fonts a server without it prints with)."""
    return sum(0.6 if ord(c) < 0x2E80 else 1.0 for c in text)


def _spaces(ems: float) -> str:
    whole = int(ems)
    return "\u3000" * whole + ("\u2002" if ems - whole >= 0.5 else "")


def signature_lines(issuer: str, dated: str, width: int = 28) -> tuple[str, str]:
    """GB/T 9704-2012 7.3.5.1: the date 右空四字 (its paragraph is right-aligned, indented four
    characters: exact in any font), the issuer centred over the date (led by ideographic
    spaces, on a line of `width` characters: 28 portrait, 42 landscape)."""
    date_start = width - 4 - _ems(dated)
    issuer_start = date_start + (_ems(dated) - _ems(issuer)) / 2
    issuer_start = max(0.0, min(issuer_start, width - _ems(issuer)))
    return _spaces(issuer_start) + issuer, dated


def contact_people(kind: str, body: IssuingBody, context: dict[str, Any]) -> str:
    """Who the enterprise may ask: the case's two officers on a district's document, the
    body's contact on the city's (demo value in a demonstration)."""
    if context.get("contact_people") and kind_info(kind)["issuer"] == "district":
        return context["contact_people"]
    return body.contact_person.strip() or (
        bodies_data()["demo_contact"]["person"] if demo_deployment() else ""
    )


def issuer_context(kind: str, body: IssuingBody, on: date) -> dict[str, Any]:
    info = kind_info(kind)
    width = 42 if info.get("landscape") else 28
    sign_issuer, sign_date = signature_lines(body.name, date_cn(on), width)
    context = {
        "issuer_name": body.name, "title": info["title"], "basis": policy.cites(info["basis"]),
        "date_cn": date_cn(on), "issued_on": on.isoformat(), "sign_issuer": sign_issuer,
        "sign_date": sign_date, "review_body": body.review_body,
    }  # fmt: skip
    if info.get("remedies"):
        text = policy.legal()["remedies"]["text"]
        context["remedies"] = compact(
            text.format(document=info["remedies"], review_body=body.review_body)
        )
    if info.get("contact"):
        contact = contact_of(body)
        context |= {f"contact_{k}": v for k, v in contact.items()}
    return context


# -- rendering ------------------------------------------------------------------------


def _images(doc: DocxTemplate, context: dict[str, Any]) -> dict[str, Any]:
    """Evidence pictures as inline images (at most 150 × 180 mm on the attachment page)."""
    from docx.shared import Mm

    files = []
    for row in context.get("evidence_files") or []:
        row = dict(row)
        picture = row.pop("picture", None)
        row["image"] = (
            InlineImage(doc, io.BytesIO(picture), width=Mm(row.pop("width_mm", 150)))
            if picture
            else "（PDF 文件，见案卷）"
        )
        files.append(row)
    return {"evidence_files": files} if files else {}


def _properties(doc: DocxTemplate, context: dict[str, Any]) -> None:
    props = doc.docx.core_properties
    when = dt.datetime.combine(
        date.fromisoformat(context.get("issued_on") or clock.today().isoformat()),
        dt.time(),
        tzinfo=dt.UTC,
    )
    props.author = context.get("issuer_name", "")
    props.last_modified_by = HECHA
    props.created = props.modified = when
    props.revision = 1


def render_docx(template: bytes, context: dict[str, Any], code: str) -> bytes:
    from docx.shared import Mm

    doc = DocxTemplate(io.BytesIO(template))
    full = {**context, "code": code, "verify_url": verify_url(code),
            "qr": InlineImage(doc, io.BytesIO(qr_png(code)), width=Mm(22))}  # fmt: skip
    full |= _images(doc, context)
    try:
        doc.render(full, jinja_env=sandbox.ENV, autoescape=True)
    except SecurityError:
        raise DocumentRefused(
            "文书模板含不允许的表达式，未制发；请管理员在“文书模板”中重新上传或启用内置模板"
        ) from None
    _properties(doc, context)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def render_xlsx(kind: str, content: dict[str, Any], code: str) -> bytes:
    """A list as a workbook: title, number and code above the table with the QR beside them
    (off the table), the kind's columns, printed landscape, fitted to the page width, the
    header row repeated on every page. Text cells go through hecha.spreadsheets (never a
    formula)."""
    from hecha.spreadsheets import Cells, workbook

    columns, rows = list_columns(kind), content.get("rows", [])
    out = io.BytesIO()
    book = workbook(out)
    cells = Cells(book)
    book.set_properties({"title": content["title"], "author": content["issuer_name"],
                         "company": content["issuer_name"], "comments": f"{HECHA}制发，核验码 {code}"})  # fmt: skip
    sheet = book.add_worksheet("清单")
    head = book.add_format(
        {"bold": True, "border": 1, "bg_color": "#EEF2F6", "text_wrap": True, "valign": "vcenter"}
    )
    cell = cells.format(border=1, text_wrap=True, valign="top")
    cells.write(sheet, 0, 0, content["title"], cells.format(bold=True, font_size=16))
    cells.write(sheet, 1, 0, f"{content['issuer_name']}　{content['number']}　{content['date_cn']}")
    cells.write(sheet, 2, 0, f"核验码：{code}　核验网址：{verify_url(code)}")
    for r, height in ((0, 30), (1, 22), (2, 22), (3, 30)):
        sheet.set_row(r, height)
    for col, (_, header, width) in enumerate(columns):
        sheet.write(4, col, header, head)
        sheet.set_column(col, col, width)
    for i, row in enumerate(rows, start=5):
        cells.row(sheet, i, [row.get(field, "") for field, _, _ in columns], cell)
    sheet.insert_image(0, len(columns) - 1, "qr.png", {"image_data": io.BytesIO(qr_png(code)), "x_scale": 0.45,
                                                       "y_scale": 0.45, "x_offset": 40, "object_position": 3})  # fmt: skip
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(4)
    sheet.set_footer("&C— &P —")
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
    if problem := public_url_problem():
        raise DocumentRefused(problem)
    body = body_of(kind, district_code)
    template = active_template(kind)
    with transaction.atomic():
        content = {**context, **issuer_context(kind, body, on)}
        if kind_info(kind).get("contact"):
            content["contact_people"] = contact_people(kind, body, context)
        serial, number = next_number(body, on.year, on)
        code = new_code()
        content["number"] = number
        if rows is not None:
            content["rows"] = rows
        docx = render_docx(bytes(template.content), content, code)
        xlsx = render_xlsx(kind, content, code) if rows is not None else None
        stored = {k: v for k, v in content.items() if k != "evidence_files"}
        document = Document.objects.create(
            kind=kind, title=content["title"], body=body.code, issuer_name=body.name, year=on.year,
            serial=serial, number=number, code=code, case=case, district_code=district_code or "",
            template=template, content=stored, docx=docx, docx_sha256=_sha(docx), xlsx=xlsx,
            xlsx_sha256=_sha(xlsx) if xlsx else "", issued_by=user,
        )  # fmt: skip
        log_action(
            action="documents.issued", actor=user, object_type="cases.case" if case else "documents.document",
            object_id=case.pk if case else document.pk, district_code=district_code or "",
            data={"document": document.pk, "kind": kind, "title": content["title"], "number": number, "code": code,
                  "docx_sha256": document.docx_sha256, "template": f"{template.kind} v{template.version}"},
        )  # fmt: skip
    return document


def zip_of(documents: list[Document]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in enumerate(documents, start=1):
            name = f"{n:04d}-{d.title}-{d.number}.docx".replace("/", "-")
            z.writestr(name, bytes(d.docx))
    return out.getvalue()
