"""The page of an official document after GB/T 9704-2012, written with python-docx into the
DOCX XML itself, so that Word, WPS and LibreOffice lay it out alike:

- A4, 版心 156 × 225 mm (天头 37 mm, 订口 28 mm), 22 lines of 28 characters (the document
  grid), body 仿宋_GB2312 三号, title 方正小标宋简体 二号;
- page numbers "— 1 —" in 四号半角宋体 below the text block, odd pages right and even pages
  left, one character in from the outer edge;
- tables with set column widths, the header row repeated on every page, rows never split, and
  cells (USCC, tracking and certificate numbers) that never wrap;
- the last lines of text, the officers' signatures, the issuer, the date (右空四字) and the
  verification code kept together on one page (keep-with-next), so no page holds only a QR
  code and the 落款 never stands alone.

Fonts live in the styles: docxtpl cannot set East Asian fonts from code.
"""

from __future__ import annotations

import datetime as dt

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

BODY, TITLE, HEI, SONG = "仿宋_GB2312", "方正小标宋简体", "黑体", "宋体"
CHAR = Pt(16)  # one character of the body (三号)
LINE = Pt(28.95)  # 225 mm / 22 lines
TABLE_LINE = Pt(20)


def _fonts(style, name: str, size: float, bold: bool = False) -> None:
    style.font.name = name
    style.font.size = Pt(size)
    style.font.bold = bold
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _condensed(style, twentieths: int) -> None:
    """Character spacing (w:spacing, in twentieths of a point): 28 characters of 三号 fill the
    156 mm line when each is condensed by 0.25 pt (GB/T 9704: 每行28个字)."""
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(twentieths))
    style.element.get_or_add_rPr().append(spacing)


def _off_grid(style) -> None:
    """Table text and small print keep their own line height instead of the 22-line grid."""
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    style.element.get_or_add_pPr().append(snap)


def _style(doc, name: str, font: str, size: float, **fmt):
    style = doc.styles["Normal"] if name == "Normal" else doc.styles.add_style(name, 1)
    _fonts(style, font, size, fmt.pop("bold", False))
    if size == 16:
        _condensed(style, -5)
    if not fmt.pop("grid", size >= 16):
        _off_grid(style)
    pf = style.paragraph_format
    pf.space_before = pf.space_after = Pt(0)
    pf.line_spacing = fmt.pop("line", LINE)
    for key, value in fmt.items():
        setattr(pf, key, value)
    return style


def _styles(doc) -> None:
    _style(doc, "Normal", BODY, 16)
    _style(
        doc, "HechaTitle", TITLE, 22, alignment=WD_ALIGN_PARAGRAPH.CENTER, line=Pt(36), grid=False
    )
    _style(doc, "HechaNumber", BODY, 16, alignment=WD_ALIGN_PARAGRAPH.CENTER)
    _style(doc, "HechaBody", BODY, 16, first_line_indent=2 * CHAR)
    _style(doc, "HechaHeading", HEI, 16, first_line_indent=2 * CHAR, keep_with_next=True)
    _style(doc, "HechaAddressee", BODY, 16, keep_with_next=True)
    _style(doc, "HechaSign", BODY, 16, keep_with_next=True)
    _style(
        doc,
        "HechaSignDate",
        BODY,
        16,
        keep_with_next=True,
        alignment=WD_ALIGN_PARAGRAPH.RIGHT,
        right_indent=4 * CHAR,
    )
    _style(doc, "HechaTable", BODY, 12, line=TABLE_LINE)
    _style(doc, "HechaTableHead", HEI, 12, line=TABLE_LINE, alignment=WD_ALIGN_PARAGRAPH.CENTER)
    _style(doc, "HechaList", BODY, 10.5, line=Pt(16))
    _style(doc, "HechaListHead", HEI, 10.5, line=Pt(16), alignment=WD_ALIGN_PARAGRAPH.CENTER)
    _style(doc, "HechaOfficer", BODY, 14, line=Pt(26))
    _style(doc, "HechaSmall", BODY, 10.5, line=Pt(15))
    _style(doc, "HechaPageNumber", SONG, 14, line=Pt(16))


def _grid(section) -> None:
    """The line grid: 22 lines of 28.95 pt in the 225 mm text block (GB/T 9704: 每面22行).
    The 28 characters a line come from the body styles' character spacing, which Word, WPS
    and LibreOffice all honour alike (LibreOffice reads a character grid differently)."""
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(LINE.pt * 20)))


def _field(paragraph, instruction: str) -> None:
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {text} "
        run._r.append(el)
        if kind == "separate":
            run._r.append(_text("1"))


def _text(value: str):
    el = OxmlElement("w:t")
    el.set(qn("xml:space"), "preserve")
    el.text = value
    return el


def _page_number(doc, footer, *, odd: bool) -> None:
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0]
    p.style = doc.styles["HechaPageNumber"]
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    if odd:
        p.paragraph_format.right_indent = CHAR
    else:
        p.paragraph_format.left_indent = CHAR
    p.add_run("— ")
    _field(p, "PAGE")
    p.add_run(" —")


def _footers(doc, section) -> None:
    """Page numbers on every page, outer side: odd pages right, even pages left."""
    settings = doc.settings.element
    if settings.find(qn("w:evenAndOddHeaders")) is None:
        settings.append(OxmlElement("w:evenAndOddHeaders"))
    section.footer_distance = Mm(22)
    _page_number(doc, section.footer, odd=True)
    _page_number(doc, section.even_page_footer, odd=False)


def base(*, landscape: bool = False) -> Document:
    doc = Document()
    section = doc.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.top_margin, section.bottom_margin = Mm(28), Mm(26)
        section.left_margin, section.right_margin = Mm(30), Mm(30)
    else:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
    _styles(doc)
    _grid(section)
    _footers(doc, section)
    props = doc.core_properties
    props.author = "{{ issuer_name }}"
    props.title = "{{ title }}"
    props.subject = "{{ number }}"
    props.comments = "核查（Hecha）制发，核验码 {{ code }}"
    props.last_modified_by = "核查（Hecha）"
    props.keywords = props.category = ""
    props.created = props.modified = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)  # the template's own
    _application(doc)
    return doc


APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>核查（Hecha）</Application><DocSecurity>0</DocSecurity></Properties>"
)


UNUSED_PARTS = ("stylesWithEffects", "customXml", "thumbnail", "webSettings")


def slim(doc) -> None:
    """Keep only what the document uses: python-docx's template carries 800 KB of Word 2010
    style variants, every built-in style, a Mac thumbnail and custom XML, which docxtpl would
    parse and write again for every document issued."""
    for rels in (doc.part.rels, doc.part.package.rels):
        for r_id, rel in list(rels.items()):
            if rel.reltype.rsplit("/", 1)[-1] in UNUSED_PARTS:
                rels.pop(r_id)
    styles = doc.styles.element
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)
    used = _used_styles(doc)
    for style in list(styles.findall(qn("w:style"))):
        if style.get(qn("w:styleId")) not in used and style.get(qn("w:default")) != "1":
            styles.remove(style)


def _used_styles(doc) -> set[str]:
    """The styles the body and footers name, with every style they are based on."""
    parts = [
        doc.element,
        *(s.footer._element for s in doc.sections),
        *(s.even_page_footer._element for s in doc.sections),
    ]
    used = {el.get(qn("w:val")) for part in parts
            for el in part.iter(qn("w:pStyle"), qn("w:rStyle"), qn("w:tblStyle"))}  # fmt: skip
    by_id = {s.get(qn("w:styleId")): s for s in doc.styles.element.findall(qn("w:style"))}
    frontier = set(used)
    while frontier:
        style = by_id.get(frontier.pop())
        for link in ("w:basedOn", "w:next", "w:link"):
            el = style.find(qn(link)) if style is not None else None
            if el is not None and el.get(qn("w:val")) not in used:
                used.add(el.get(qn("w:val")))
                frontier.add(el.get(qn("w:val")))
    return used


def _application(doc) -> None:
    """docProps/app.xml names Hecha, not the word processor python-docx's template came from."""
    for part in doc.part.package.parts:
        if str(part.partname) == "/docProps/app.xml":
            part._blob = APP_XML.encode("utf-8")


def text_width(section) -> int:
    return section.page_width - section.left_margin - section.right_margin


# -- paragraphs -----------------------------------------------------------------------


def para(doc, text: str = "", style: str = "HechaBody", *, keep: bool = False):
    p = doc.add_paragraph(text, style=style)
    if keep:
        p.paragraph_format.keep_with_next = True
    return p


def header(doc, *, title: tuple[str, ...] = ("{{ title }}",), number: bool = True) -> None:
    """Issuer and title in 二号小标宋 (a long title broken where its words allow), the 文号
    below, one blank line before the addressee."""
    para(doc, "{{ issuer_name }}", "HechaTitle", keep=True)
    for line in title:
        para(doc, line, "HechaTitle", keep=True)
    if number:
        para(doc, "{{ number }}", "HechaNumber", keep=True)
    para(doc, "", "Normal", keep=True)


def keep_tail(doc, lines: int = 1) -> None:
    """Keep the last `lines` body paragraphs with what follows (the 落款 block)."""
    for p in doc.paragraphs[-lines:]:
        p.paragraph_format.keep_with_next = True


def signature(doc, *, officers: bool) -> None:
    """The officers' signature blanks, two lines for the seal, the issuer centred over the
    date (右空四字; the spacing is in the variables) and the verification code: one block,
    kept with the last paragraph of text."""
    if officers:
        officer_table(doc)
    para(doc, "", "Normal", keep=True)
    para(doc, "", "Normal", keep=True)
    para(doc, "{{ sign_issuer }}", "HechaSign", keep=True)
    para(doc, "{{ sign_date }}", "HechaSignDate", keep=True)
    para(doc, "", "HechaSmall", keep=True)
    verification(doc)


def verification(doc) -> None:
    """The QR code and, beside it, the code and the address to check it at: one table row
    that never splits."""
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    _fixed(table, [28, 110])
    row = table.rows[0]
    _row_props(row)
    qr = row.cells[0].paragraphs[0]
    qr.text = "{{ qr }}"
    qr.style = "HechaSmall"
    qr.paragraph_format.line_spacing = 1.0  # auto: the picture sets the line's height
    text = row.cells[1].paragraphs[0]
    text.text = (
        "核验码：{{ code }}\n扫描二维码或访问下列网址，可核验本文书的真伪：\n{{ verify_url }}"
    )
    text.style = "HechaSmall"


# -- tables ---------------------------------------------------------------------------


def _row_props(row, *, header: bool = False) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


def _no_wrap(cell) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    tc_pr.append(OxmlElement("w:noWrap"))


def _fixed(table, widths_mm: list[float]) -> None:
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    for col, width in zip(table.columns, widths_mm, strict=True):
        col.width = Mm(width)
        for cell in col.cells:
            cell.width = Mm(width)


def _cell(cell, text: str, style: str, *, nowrap: bool = False, center: bool = False) -> None:
    cell.paragraphs[0].text = text
    cell.paragraphs[0].style = style
    if center:
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    if nowrap:
        _no_wrap(cell)


def list_table(
    doc, columns: list[tuple[str, str, float, str]], loop: str, *, small: bool = False
) -> None:
    """A table over a documented list: (header, cell text, width mm, flags) per column, the
    flags "n" (never wrap: USCC, numbers) and "c" (centred).
    The header row repeats on every page; no row is split across pages. `small`: 五号 for the
    wide lists."""
    table = doc.add_table(rows=3, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fixed(table, [c[2] for c in columns])
    head_style, cell_style = (
        ("HechaListHead", "HechaList") if small else ("HechaTableHead", "HechaTable")
    )
    for i, (head, cell, _, flags) in enumerate(columns):
        _cell(table.rows[0].cells[i], head, head_style)
        _cell(table.rows[2].cells[i], cell, cell_style, nowrap="n" in flags, center="c" in flags)
    _row_props(table.rows[0], header=True)
    _row_props(table.rows[2])
    table.rows[1].cells[0].paragraphs[0].text = "{%tr for r in " + loop + " %}"
    end = table.add_row()
    end.cells[0].paragraphs[0].text = "{%tr endfor %}"


def form_table(doc, rows: list[list[tuple[str, float]]], widths_mm: list[float]):
    """A form of label/value rows: each row a list of (text, merged width in columns)."""
    table = doc.add_table(rows=0, cols=len(widths_mm))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fixed(table, widths_mm)
    for spec in rows:
        row = table.add_row()
        _row_props(row)
        col = 0
        for text, span in spec:
            cell = row.cells[col]
            if span > 1:
                cell = cell.merge(row.cells[col + int(span) - 1])
            _cell(cell, text, "HechaTable")
            col += int(span)
    return table


def officer_table(doc) -> None:
    """Two officers: name, enforcement certificate (never broken), and a blank to sign."""
    table = doc.add_table(rows=2, cols=3)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fixed(table, [48, 62, 46])
    for row, who in zip(table.rows, ("a", "b"), strict=True):
        _row_props(row)
        _cell(row.cells[0], f"执法人员：{{{{ officer_{who}_name }}}}", "HechaOfficer")
        _cell(row.cells[1], f"执法证号：{{{{ officer_{who}_no }}}}", "HechaOfficer", nowrap=True)
        _cell(row.cells[2], "签名：", "HechaOfficer")
        for cell in row.cells:
            cell.paragraphs[0].paragraph_format.keep_with_next = True
