"""The built-in Word templates, laid out after GB/T 9704-2012 and written with python-docx.

Fonts live in the template's styles (docxtpl cannot set East Asian fonts from code): body
仿宋_GB2312 三号 (16 pt), title 方正小标宋简体 二号 (22 pt), table text 仿宋 四号. A4, margins
37/35/28/26 mm. `python -m hecha.documents.builder` writes them into documents/docx/; an
administrator may download one, edit it in Word or WPS and upload it back.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

HERE = Path(__file__).resolve().parent / "docx"
BODY, TITLE, TABLE = "仿宋_GB2312", "方正小标宋简体", "仿宋_GB2312"


def _font(style, name: str, size: float, bold: bool = False) -> None:
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


def base() -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    styles = doc.styles
    _font(styles["Normal"], BODY, 16)
    styles["Normal"].paragraph_format.line_spacing = Pt(28)
    styles["Normal"].paragraph_format.space_after = Pt(0)
    title = styles.add_style("HechaTitle", 1)
    _font(title, TITLE, 22)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(12)
    number = styles.add_style("HechaNumber", 1)
    _font(number, BODY, 16)
    number.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    number.paragraph_format.space_after = Pt(12)
    table = styles.add_style("HechaTable", 1)
    _font(table, TABLE, 12)
    table.paragraph_format.line_spacing = Pt(18)
    signature = styles.add_style("HechaSignature", 1)
    _font(signature, BODY, 16)
    signature.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    small = styles.add_style("HechaSmall", 1)
    _font(small, BODY, 10.5)
    return doc


def _body(doc, text: str) -> None:
    p = doc.add_paragraph(text)
    p.paragraph_format.first_line_indent = Pt(32)


def _header(doc) -> None:
    doc.add_paragraph("{{ issuer_name }}", style="HechaNumber")
    doc.add_paragraph("{{ title }}", style="HechaTitle")
    doc.add_paragraph("{{ number }}", style="HechaNumber")


def _table(doc, headers: list[str], cells: list[str], loop: str) -> None:
    table = doc.add_table(rows=3, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, h in enumerate(headers):
        table.rows[0].cells[i].paragraphs[0].text = h
        table.rows[0].cells[i].paragraphs[0].style = "HechaTable"
    table.rows[1].cells[0].paragraphs[0].text = "{%tr for r in " + loop + " %}"
    for i, c in enumerate(cells):
        table.rows[2].cells[i].paragraphs[0].text = c if i else c
        table.rows[2].cells[i].paragraphs[0].style = "HechaTable"
    end = table.add_row()
    end.cells[0].paragraphs[0].text = "{%tr endfor %}"


FINDING_HEADERS = ["资质", "标准要求", "要求人数", "符合人数"]
FINDING_CELLS = [
    "{{ r.qualification }}",
    "{{ r.requirement }}",
    "{{ r.required }}",
    "{{ r.counted }}",
]


def _footer(doc, officers: bool = True) -> None:
    if officers:
        doc.add_paragraph(
            "执法人员：{{ officer_a_name }}（执法证号：{{ officer_a_no }}）  "
            "{{ officer_b_name }}（执法证号：{{ officer_b_no }}）"
        )
    doc.add_paragraph("")
    doc.add_paragraph("{{ issuer_name }}（盖章）", style="HechaSignature")
    doc.add_paragraph("{{ date_cn }}", style="HechaSignature")
    doc.add_paragraph("")
    doc.add_paragraph("{{ qr }}", style="HechaSmall")
    doc.add_paragraph("核验码：{{ code }}　核验网址：{{ verify_url }}", style="HechaSmall")


def inspection_notice() -> Document:
    doc = base()
    _header(doc)
    doc.add_paragraph("{{ enterprise_name }}（统一社会信用代码：{{ uscc }}）：")
    _body(doc, "根据{{ basis }}，本机关对你单位取得的建筑业企业资质是否持续符合资质标准要求进行动态核查。"
               "经系统自动比对（比对基准日{{ as_of_cn }}），你单位存在以下不符合资质标准要求的情形：")  # fmt: skip
    _table(doc, FINDING_HEADERS, FINDING_CELLS, "findings")
    _body(doc, "请你单位予以配合，如实提供有关材料。")
    _footer(doc)
    return doc


def rectification_order() -> Document:
    doc = base()
    _header(doc)
    doc.add_paragraph("{{ enterprise_name }}（统一社会信用代码：{{ uscc }}）：")
    _body(doc, "经动态核查，你单位存在以下不符合建筑业企业资质标准要求的情形：")
    _table(doc, FINDING_HEADERS, FINDING_CELLS, "findings")
    _body(doc, "根据{{ basis }}，现责令你单位自本通知书送达之日起3个月内完成整改。整改期间不得申请建筑业企业资质的升级、增项，"
               "不能承揽新的工程。逾期仍未达到资质标准要求条件的，资质许可机关可以撤回你单位相应建筑业企业资质。")  # fmt: skip
    _body(
        doc,
        "送达方式：邮寄送达；邮寄送达被退回的，以公告方式送达，自公告之日起经过30日即视为送达。",
    )
    _footer(doc)
    return doc


def revocation_notice() -> Document:
    doc = base()
    _header(doc)
    doc.add_paragraph("{{ enterprise_name }}（统一社会信用代码：{{ uscc }}）：")
    _body(doc, "你单位于{{ served_cn }}收到（或视为收到）《责令限期整改通知书》，整改期限至{{ rectification_until_cn }}。"
               "经区县复查和市局二次复查，你单位逾期仍未达到以下资质标准要求：")  # fmt: skip
    _table(doc, FINDING_HEADERS, FINDING_CELLS, "findings")
    _body(doc, "根据{{ basis }}，本机关拟撤回你单位的上述建筑业企业资质。本告知书以邮寄和网上公告同时送达，"
               "自公告发布之日起满30日视为送达。你单位如有异议，可在送达之日前提出陈述和申辩。")  # fmt: skip
    _footer(doc, officers=False)
    return doc


def revocation_decision() -> Document:
    doc = base()
    _header(doc)
    doc.add_paragraph("{{ enterprise_name }}（统一社会信用代码：{{ uscc }}）：")
    _body(doc, "经系统自动比对，你单位不再符合建筑业企业资质标准要求。本机关制发的《责令限期整改通知书》于{{ served_cn }}送达你单位"
               "（{{ served_how }}），整改期限至{{ rectification_until_cn }}。整改期满后，区县于{{ district_recheck_cn }}复查、"
               "本机关于{{ city_recheck_cn }}二次复查，你单位仍未达到以下资质标准要求：")  # fmt: skip
    _table(doc, FINDING_HEADERS, FINDING_CELLS, "findings")
    _body(doc, "本机关于{{ revocation_notice_number }}《撤回建筑企业资质行政许可告知书》告知你单位拟撤回上述资质，"
               "该告知书于{{ revocation_served_cn }}送达。{{ statements }}")  # fmt: skip
    _body(doc, "根据{{ basis }}，本机关决定撤回你单位的上述建筑业企业资质。")
    _footer(doc, officers=False)
    return doc


def recheck_form() -> Document:
    doc = base()
    _header(doc)
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in [("企业名称", "{{ enterprise_name }}"), ("统一社会信用代码", "{{ uscc }}"),
                         ("所在区县", "{{ district_name }}"), ("送达日期", "{{ served_cn }}"),
                         ("整改期限", "{{ rectification_until_cn }}"), ("复查日期", "{{ recheck_cn }}"),
                         ("复查结论", "{{ conclusion }}"), ("复查证据", "{{ evidence }}")]:  # fmt: skip
        row = table.add_row()
        row.cells[0].paragraphs[0].text = label
        row.cells[1].paragraphs[0].text = value
        for cell in row.cells:
            cell.paragraphs[0].style = "HechaTable"
    doc.add_paragraph("不符合项：")
    _table(doc, FINDING_HEADERS, FINDING_CELLS, "findings")
    _footer(doc)
    return doc


def list_document() -> Document:
    doc = base()
    _header(doc)
    _body(doc, "{{ intro }}")
    _table(doc, ["序号", "企业名称", "统一社会信用代码", "区县", "情况"],
           ["{{ r.n }}", "{{ r.enterprise_name }}", "{{ r.uscc }}", "{{ r.district }}", "{{ r.detail }}"], "rows")  # fmt: skip
    _body(doc, "共 {{ rows|length }} 家。本清单由核查系统生成，与系统数据一致，可凭核验码核对。")
    _footer(doc, officers=False)
    return doc


BUILDERS = {
    "inspection_notice": inspection_notice,
    "rectification_order": rectification_order,
    "revocation_notice": revocation_notice,
    "revocation_decision": revocation_decision,
    "recheck_form": recheck_form,
    "anomaly_list": list_document,
    "overdue_list": list_document,
    "unreachable_announcement": list_document,
}


def main(argv: list[str] | None = None) -> None:
    HERE.mkdir(exist_ok=True)
    for kind, build in BUILDERS.items():
        build().save(str(HERE / f"{kind}.docx"))
        print(HERE / f"{kind}.docx")


if __name__ == "__main__":
    main(sys.argv[1:])
