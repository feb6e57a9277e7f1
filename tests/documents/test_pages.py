"""Each of the eight documents rendered to PDF by LibreOffice and read page by page (pypdf):
the number, the 落款 and the verification code on a page with text, a page number on every
page, no page holding only a QR code, the legal basis, the remedies and the dates where they
belong; a 60-row list repeats its header and never splits a row.

With HECHA_DOC_PICTURES=DIR the PDFs and their pages as PNG (pdftoppm -r 60) are written
there too: the README's pictures come from here."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from hecha.documents import issuing
from hecha.documents.pdf import compact, page_texts, to_pdfs
from tests.documents import papers

D = date.fromisoformat
pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None and os.environ.get("HECHA_BROWSER_TESTS") != "1",
    reason="LibreOffice not installed (apt-get install libreoffice-writer-nogui fonts-noto-cjk)",
)
KINDS = ["inspection_notice", "rectification_order", "anomaly_list", "unreachable_announcement",
         "recheck_form", "overdue_list", "revocation_notice", "revocation_decision"]  # fmt: skip


def issue_all(tmp_path, *, findings: int, rows: int, by_announcement: bool = False) -> dict:
    """Every kind, for one case with `findings` unmet requirements and lists of `rows` rows."""
    from hecha.cases.models import PhoneCall

    officer_user, city, officers = papers.people()
    campaign = papers.campaign(city)
    names = [
        (papers.uscc_for(n), f"沈阳市{'和平' if n % 2 else '南湖'}第{n + 1}建筑工程有限公司")
        for n in range(rows)
    ]
    papers.registry(tmp_path, names)
    cases = [papers.open_case(campaign, code, name, findings if n == 0 else 2, officers)
             for n, (code, name) in enumerate(names)]  # fmt: skip
    for case in cases:
        issuing.issue_notices(case, officer_user, D("2026-01-05"))
        PhoneCall.objects.create(case=case, called_at=D("2026-01-06"), answered_by="赵经理", result="已告知",
                                 mailing_address=case.mailing_address, recorded_by=officer_user)  # fmt: skip
    out = {kind: case_doc for kind, case_doc in
           zip(("inspection_notice", "rectification_order"), cases[0].documents.order_by("kind"), strict=True)}  # fmt: skip
    out["anomaly_list"] = issuing.issue_list("anomaly_list", cases=cases, user=officer_user,
                                             district_code="210102", on=D("2026-01-07"))  # fmt: skip
    for case in cases:
        papers.served(case, by_announcement=by_announcement)
    out["unreachable_announcement"] = issuing.issue_list("unreachable_announcement", cases=cases, user=city,
                                                         district_code=None, on=D("2026-01-26"))  # fmt: skip
    case = cases[0]
    papers.evidence(case, officer_user, tmp_path)
    for c in cases:
        papers.rechecked(c, city=False)
    out["recheck_form"] = issuing.issue_recheck_form(case, officer_user, case.district_rechecked_on,
                                                     "整改期满，注册建造师人数仍不满足资质标准要求")  # fmt: skip
    out["overdue_list"] = issuing.issue_list("overdue_list", cases=cases, user=officer_user, district_code="210102",
                                             on=case.district_rechecked_on, officers=officers)  # fmt: skip
    papers.rechecked(case, city=True)
    announced = case.city_rechecked_on + (D("2026-01-03") - D("2026-01-01"))
    papers.revocation_noticed(case, announced)
    out["revocation_notice"] = issuing.issue_revocation_notice(case, city, announced)
    after_period = issuing.statement_deadline(case.revocation_served_on).value + timedelta(days=1)
    out["revocation_decision"] = issuing.issue_revocation_decision(case, user=city, on=after_period)
    return out


def pdf_pages(documents: dict) -> dict[str, list[str]]:
    pdfs = to_pdfs([bytes(documents[k].docx) for k in KINDS])
    pictures = os.environ.get("HECHA_DOC_PICTURES")
    if pictures:
        write_pictures(Path(pictures), documents, pdfs)
    return {k: page_texts(p) for k, p in zip(KINDS, pdfs, strict=True)}


def write_pictures(folder: Path, documents: dict, pdfs: list[bytes]) -> None:
    rows = len(documents["anomaly_list"].content["rows"])
    folder.mkdir(parents=True, exist_ok=True)
    for kind, pdf in zip(KINDS, pdfs, strict=True):
        name = f"{kind}-{rows}"
        (folder / f"{name}.pdf").write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", "60", "-png", str(folder / f"{name}.pdf"), str(folder / name)],
            check=True,
        )


# Issuing and rendering every kind takes a while: each size is built once (in the first test
# that asks, inside its database transaction) and the documents' fields and PDF pages, plain
# Python values by then, are read by the others.
BUILT: dict[str, tuple[dict, dict[str, list[str]]]] = {}
SIZES = {
    "short": {"findings": 2, "rows": 3},
    "long": {"findings": 14, "rows": 60, "by_announcement": True},
}


def built(size: str, request) -> tuple[dict, dict[str, list[str]]]:
    if size not in BUILT:
        tmp_path = request.getfixturevalue("tmp_path")
        request.getfixturevalue("settings").MEDIA_ROOT = tmp_path / "files"
        documents = issue_all(tmp_path, **SIZES[size])
        BUILT[size] = documents, pdf_pages(documents)
    return BUILT[size]


@pytest.fixture
def papers_of(request, reference_data):
    return lambda size: built(size, request)


PAGE_NUMBER = re.compile(r"—(\d+)—")


def assert_every_page_numbered_with_text(pages: list[str]) -> None:
    for n, text in enumerate(pages, start=1):
        flat = compact(text)
        assert f"—{n}—" in flat, f"page {n} has no page number"
        assert len(PAGE_NUMBER.sub("", flat)) > 40, f"page {n} holds almost nothing: {flat!r}"


def assert_close_together(document, pages: list[str]) -> None:
    """The number on page 1; the verification code on a page that also holds the issuer's
    signature and date and text before them (never a page of its own)."""
    flat = [compact(p) for p in pages]
    assert compact(document.number) in flat[0]
    last = next(i for i, p in enumerate(flat) if document.code in p)
    assert compact(document.content["sign_issuer"]) in flat[last]
    assert compact(document.content["date_cn"]) in flat[last]
    before_signature = flat[last].rsplit(compact(document.content["sign_issuer"]), 1)[0]
    assert len(PAGE_NUMBER.sub("", before_signature)) > 20, "the 落款 stands on a page without text"


def check_kind(kind: str, documents: dict, pages: dict[str, list[str]], *expected: str) -> str:
    document = documents[kind]
    assert_every_page_numbered_with_text(pages[kind])
    assert_close_together(document, pages[kind])
    whole = compact("".join(pages[kind]))
    for value in expected:
        assert compact(value) in whole, value
    return whole


REMEDIES = ("六十日内向沈阳市和平区人民政府申请行政复议", "六个月内依法向人民法院提起行政诉讼")


@pytest.mark.parametrize("size", ["short", "long"])
def test_inspection_notice_pages(size, papers_of):
    documents, pages = papers_of(size)
    whole = check_kind("inspection_notice", documents, pages, "《建筑业企业资质管理规定》（住房和城乡建设部令第22号）第二十八条",
                       "2026年2月14日前", "王建国", "辽210102001", "李海燕", "辽210102002", "建筑业企业资质证书正、副本复印件")  # fmt: skip
    assert "第三十一条" not in whole and "第八条" not in whole


@pytest.mark.parametrize("size", ["short", "long"])
def test_rectification_order_pages(size, papers_of):
    documents, pages = papers_of(size)
    whole = check_kind("rectification_order", documents, pages, "第二十八条", "3个月内完成整改", *REMEDIES,
                       "整改情况报告", "王建国、李海燕")  # fmt: skip
    assert "第三十一条" not in whole


@pytest.mark.parametrize("size", ["short", "long"])
def test_recheck_form_pages(size, papers_of):
    documents, pages = papers_of(size)
    doc = documents["recheck_form"]
    shown = doc.content["evidence"].split("截图日期 ")[1].split("）")[0]
    check_kind("recheck_form", documents, pages, "市局二次复查意见", "四库人员截图.png", f"截图日期：{shown}",
               doc.content["served_cn"], doc.content["rectification_until_cn"])  # fmt: skip
    # the attachment page: the screenshot printed reduced after the form, with its caption
    assert "附件" in compact(pages["recheck_form"][-1]) and "四库人员截图.png" in compact(
        pages["recheck_form"][-1]
    )


@pytest.mark.parametrize("size", ["short", "long"])
def test_revocation_notice_pages(size, papers_of):
    documents, pages = papers_of(size)
    doc = documents["revocation_notice"]
    whole = check_kind("revocation_notice", documents, pages, "第二十八条", "《行政许可法》第七条",
                       doc.content["statement_due_cn"], doc.content["order_number"])  # fmt: skip
    assert ("视为收到" in whole) == (size == "long")  # served by announcement only in the long case
    assert "第八条" not in whole and "第三十一条" not in whole


@pytest.mark.parametrize("size", ["short", "long"])
def test_revocation_decision_pages(size, papers_of):
    documents, pages = papers_of(size)
    doc = documents["revocation_decision"]
    check_kind("revocation_decision", documents, pages, "第二十八条", "六十日内向沈阳市人民政府申请行政复议",
               REMEDIES[1], "资质被撤回后3个月内", doc.content["revocation_notice_number"],
               doc.content["district_recheck_cn"], doc.content["city_recheck_cn"])  # fmt: skip


def assert_rows_whole(document, pages: list[str], header: str) -> None:
    """Every page of the table repeats the header; each row's USCC and name on one page."""
    flat = [compact(p) for p in pages]
    table_pages = [
        i for i, p in enumerate(flat) if any(r["uscc"] in p for r in document.content["rows"])
    ]
    for i in table_pages:
        assert compact(header) in flat[i], f"page {i + 1} lacks the header row"
    for row in document.content["rows"]:
        holding = [i for i, p in enumerate(flat) if row["uscc"] in p]
        assert len(holding) == 1, f"{row['uscc']} on pages {holding}"
        assert compact(row["enterprise_name"]) in flat[holding[0]], (
            f"row {row['n']} split across pages"
        )


@pytest.mark.parametrize("size", ["short", "long"])
def test_anomaly_list_pages(size, papers_of):
    documents, pages = papers_of(size)
    doc = documents["anomaly_list"]
    check_kind("anomaly_list", documents, pages, "沈阳市城乡建设局：", doc.content["rows"][0]["order_number"],
               doc.content["rows"][0]["mailing_address"], "赵经理")  # fmt: skip
    assert_rows_whole(doc, pages["anomaly_list"], "统一社会信用代码")


@pytest.mark.parametrize("size", ["short", "long"])
def test_overdue_list_pages(size, papers_of):
    documents, pages = papers_of(size)
    doc = documents["overdue_list"]
    row = doc.content["rows"][0]
    check_kind("overdue_list", documents, pages, "王建国", "辽210102001", "李海燕", row["served_cn"], row["until_cn"],
               row["recheck_cn"])  # fmt: skip
    assert_rows_whole(doc, pages["overdue_list"], "整改期满日")


@pytest.mark.parametrize("size", ["short", "long"])
def test_unreachable_announcement_pages(size, papers_of):
    documents, pages = papers_of(size)
    doc = documents["unreachable_announcement"]
    whole = check_kind("unreachable_announcement", documents, pages, "2026年2月25日", "领取地点和电话",
                       doc.content["rows"][0]["order_number"], "沈阳市和平区城乡建设局")  # fmt: skip
    assert "本清单由核查系统生成" not in whole and "2026-01" not in whole
    assert_rows_whole(doc, pages["unreachable_announcement"], "统一社会信用代码")
