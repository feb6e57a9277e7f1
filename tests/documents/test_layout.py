"""The built-in templates carry GB/T 9704-2012 in their XML, where Word, WPS and LibreOffice
all read it: page and text block, the 22-line grid and 28 characters a line, page numbers on
the outer side of odd and even pages, repeated table headers, rows that never split, and the
wide lists landscape."""

import io

import pytest
from docx import Document as Docx
from docx.oxml.ns import qn

from hecha.documents.builder import BUILDERS
from hecha.documents.services import builtin_template_bytes, signature_lines

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MM = 36000  # EMU per millimetre


def template(kind):
    return Docx(io.BytesIO(builtin_template_bytes(kind)))


@pytest.mark.parametrize("kind", BUILDERS)
def test_page_text_block_grid_and_page_numbers(kind):
    doc = template(kind)
    section = doc.sections[0]
    landscape = kind in ("anomaly_list", "overdue_list")
    size = (297, 210) if landscape else (210, 297)
    assert (round(section.page_width / MM), round(section.page_height / MM)) == size
    if not landscape:  # 天头 37 mm, 订口 28 mm: a 156 × 225 mm text block
        assert [round(m / MM) for m in (section.top_margin, section.bottom_margin,
                                        section.left_margin, section.right_margin)] == [37, 35, 28, 26]  # fmt: skip
    grid = section._sectPr.find(qn("w:docGrid"))
    assert (
        grid.get(qn("w:type")) == "lines" and int(grid.get(qn("w:linePitch"))) == 579
    )  # 225 mm / 22
    # 28 characters of 三号 (16 pt) in 156 mm: each condensed by 0.25 pt
    body = doc.styles["Normal"].element.rPr
    assert (
        body.find(qn("w:spacing")).get(qn("w:val")) == "-5"
        and doc.styles["Normal"].font.size.pt == 16
    )
    assert 28 * (16 - 0.25) <= 156 / 25.4 * 72 < 29 * (16 - 0.25)
    assert doc.settings.element.find(qn("w:evenAndOddHeaders")) is not None
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        p = footer.paragraphs[0]
        assert p.alignment.name.lower() == side and "PAGE" in p._p.xml and p.text.startswith("— ")
        assert p.style.font.size.pt == 14 and p.style.font.name == "宋体"  # 四号宋体


@pytest.mark.parametrize("kind", BUILDERS)
def test_the_package_holds_only_what_the_document_uses(kind):
    import zipfile

    names = zipfile.ZipFile(io.BytesIO(builtin_template_bytes(kind))).namelist()
    assert not [
        n for n in names if "stylesWithEffects" in n or "customXml" in n or "thumbnail" in n
    ]
    assert len(builtin_template_bytes(kind)) < 20_000


@pytest.mark.parametrize("kind", BUILDERS)
def test_tables_repeat_their_header_and_never_split_a_row(kind):
    for table in template(kind).tables:
        rows = table.rows
        for row in rows:
            tr_pr = row._tr.trPr
            if row.cells[0].text.startswith("{%tr"):
                continue  # docxtpl's loop markers vanish when rendered
            assert tr_pr is not None and tr_pr.find(qn("w:cantSplit")) is not None
        if any(r.cells[0].text.startswith("{%tr for") for r in rows):
            assert rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_issuer_is_centred_over_a_date_four_characters_from_the_right():
    issuer, date = signature_lines("沈阳市和平区城乡建设局", "2026年11月24日")
    assert date == "2026年11月24日"  # right-aligned, indented four characters by its style
    assert (
        template("rectification_order").styles["HechaSignDate"].paragraph_format.right_indent.pt
        == 64
    )
    lead = len(issuer) - len(issuer.lstrip("\u3000\u2002"))
    assert lead > 0 and issuer.endswith("沈阳市和平区城乡建设局")
    # 28-character line: the date (about 7 characters) ends at 24, its centre at about 20.6;
    # the issuer's 11 characters centred there start at about 15
    starts = issuer.count("\u3000") + 0.5 * issuer.count("\u2002")
    assert 14 <= starts <= 16


@pytest.mark.parametrize("kind", BUILDERS)
def test_every_variable_a_shipped_template_uses_is_documented(kind):
    from hecha.documents import sandbox

    used = sandbox.check(builtin_template_bytes(kind))
    assert used <= sandbox.documented_names(), used - sandbox.documented_names()
