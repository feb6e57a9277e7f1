"""Documents: every kind produced, opened and checked field by field; numbers without gaps;
verification codes; a changed row caught; templates uploaded and versioned."""

import io
import os
import shutil
import threading
import zipfile
from datetime import date

import openpyxl
import pytest
from django.db import connection
from docx import Document as Docx

from hecha.cases.services import take_step
from hecha.documents.models import Document
from hecha.documents.services import date_cn

D = date.fromisoformat


def text_of(document) -> str:
    doc = Docx(io.BytesIO(bytes(document.docx)))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return "\n".join(parts)


@pytest.fixture
def notices(case, officer_user, officers):
    take_step(case_id=case.pk, step="issue_notices", user=officer_user, today=D("2026-01-05"),
              data={"notices_on": D("2026-01-05"), "officer_ids": [o.pk for o in officers]})  # fmt: skip
    return list(case.documents.order_by("kind"))


def test_notices_carry_every_field_number_and_code(case, notices):
    from hecha.checks.models import Finding

    assert [d.kind for d in notices] == ["inspection_notice", "rectification_order"]
    finding = Finding.objects.filter(run=case.campaign.run_id, uscc=case.uscc).first()
    prefix = {"210102": "沈和建核"}.get(case.district_id)
    for n, doc in enumerate(notices, start=1):
        text = text_of(doc)
        assert doc.number.endswith(f"〔2026〕{n}号") and doc.number in text
        if prefix:
            assert doc.number.startswith(prefix)
        for value in (case.enterprise_name, case.uscc, finding.requirement, str(finding.required),
                      "张伟", "辽执001", "李娜", "辽执002", doc.code, "2026年1月5日",
                      f"/verify/{doc.code}", doc.issuer_name, doc.title):  # fmt: skip
            assert value in text, value
        assert doc.template.version == 1 and doc.template.builtin
    assert "第二十八条" in text_of(notices[1]) and "3个月内完成整改" in text_of(notices[1])
    assert "第三十一条" not in text_of(notices[1]) and "第八条" not in text_of(notices[1])
    # the QR code is an image in the document
    assert any(
        name.startswith("word/media/")
        for name in zipfile.ZipFile(io.BytesIO(bytes(notices[0].docx))).namelist()
    )


def test_numbers_run_per_body_and_year_without_gaps(case, notices, officer_user):
    from hecha.documents.services import issue

    more = [issue("anomaly_list", user=officer_user, context={"intro": "x"}, district_code=case.district_id,
                  rows=[], on=D("2026-03-01")) for _ in range(3)]  # fmt: skip
    serials = sorted(
        Document.objects.filter(body=case.district_id, year=2026).values_list("serial", flat=True)
    )
    assert serials == list(range(1, 6))
    next_year = issue("anomaly_list", user=officer_user, context={"intro": "x"}, district_code=case.district_id,
                      rows=[], on=D("2027-01-04"))  # fmt: skip
    assert next_year.number.endswith("〔2027〕1号")
    city = issue(
        "unreachable_announcement",
        user=officer_user,
        context={"intro": "x"},
        rows=[],
        on=D("2026-03-01"),
    )
    assert city.number == "沈建核〔2026〕1号" and more[-1].serial == 5


@pytest.mark.django_db(transaction=True)
def test_two_issuers_at_once_get_distinct_consecutive_numbers(reference_data):
    if connection.vendor != "postgresql":
        pytest.skip(
            "concurrent writers need a server database (SQLite serialises them; CI runs PostgreSQL)"
        )
    from hecha.accounts.models import User
    from hecha.documents.services import issue

    user = User.objects.create_user("u", role="city_reviewer")
    errors = []

    def work():
        try:
            for _ in range(5):
                issue(
                    "unreachable_announcement",
                    user=user,
                    context={"intro": "x"},
                    rows=[],
                    on=D("2026-05-01"),
                )
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(Document.objects.values_list("serial", flat=True)) == list(range(1, 11))


def test_list_xlsx_verify_page_and_changed_row(client, case, notices, officer_user, officers):
    from hecha.cases.services import submit_to_city

    take_step(case_id=case.pk, step="record_call", user=officer_user, today=D("2026-01-06"),
              data={"called_at": D("2026-01-06"), "answered_by": "王", "result": "已告知",
                    "mailing_address": "沈阳市某路1号"})  # fmt: skip
    submission = submit_to_city(case_ids=[case.pk], user=officer_user, today=D("2026-01-07"))
    doc = submission.document
    book = openpyxl.load_workbook(io.BytesIO(bytes(doc.xlsx)))
    sheet = book.active
    assert [c.value for c in sheet[5]] == ["序号", "企业名称", "统一社会信用代码", "行政检查通知书文号",
                                           "责令限期整改通知书文号", "邮寄地址", "联系人及电话", "不符合情形"]  # fmt: skip
    assert [c.value for c in sheet[6]][:5] == [1, case.enterprise_name, case.uscc, *[
        d.number for d in case.documents.order_by("kind")]]  # fmt: skip
    assert sheet.column_dimensions["B"].width >= 30 and doc.code in sheet["A3"].value
    # printed landscape, fitted to the page width, the header row repeated on every page
    assert (
        sheet.page_setup.orientation == "landscape" and sheet.sheet_properties.pageSetUpPr.fitToPage
    )
    assert sheet.page_setup.fitToHeight == 0  # as many pages down as needed, one across
    assert sheet.print_title_rows == "$5:$5"
    page = client.get(f"/verify/{doc.code}").content.decode()  # public: no login
    assert doc.number in page and case.uscc in page and doc.docx_sha256 in page
    same = io.BytesIO(bytes(doc.xlsx))
    same.name = "清单.xlsx"
    assert "与系统记录一致" in client.post(f"/verify/{doc.code}", {"copy": same}).content.decode()
    sheet["B6"] = "某某建筑工程有限公司"
    changed = io.BytesIO()
    book.save(changed)
    changed.seek(0)
    changed.name = "清单.xlsx"
    result = client.post(f"/verify/{doc.code}", {"copy": changed}).content.decode()
    assert "与系统记录不一致" in result and "第 6 行" in result and "某某建筑工程有限公司" in result


def test_changed_notice_is_caught_and_unknown_code_is_404(client, notices):
    doc = notices[1]
    edited = Docx(io.BytesIO(bytes(doc.docx)))
    for p in edited.paragraphs:
        if "3个月内" in p.text:
            p.text = p.text.replace("3个月内", "6个月内")
    out = io.BytesIO()
    edited.save(out)
    out.seek(0)
    out.name = "通知书.docx"
    result = client.post(f"/verify/{doc.code}", {"copy": out}).content.decode()
    assert "与系统记录不一致" in result and "6个月内" in result
    missing = client.get("/verify/AAAA-BBBB-CCCC")
    assert missing.status_code == 404 and "不对应任何由本系统制发的文书" in missing.content.decode()


def test_documents_api_and_scoping(client, case, notices, officer_user, other_officer):
    client.force_login(officer_user)
    listed = client.get(f"/api/cases/{case.pk}/documents").json()
    assert [d["kind"] for d in listed] == ["inspection_notice", "rectification_order"]
    assert (
        listed[0]["verification_code"] == notices[0].code
        and listed[0]["number"] == notices[0].number
    )
    assert client.get(listed[0]["docx_url"]).status_code == 200
    client.force_login(other_officer)
    assert client.get(f"/api/cases/{case.pk}/documents").status_code == 404
    assert client.get(listed[0]["docx_url"]).status_code == 404


def test_batch_notices_zip(client, campaign, officer_user, officers):
    flagged = list(campaign.cases.filter(district_id=officer_user.district.code, stage="flagged"))
    client.force_login(officer_user)
    one_officer = {
        "notices_on": "2026-01-05",
        "officer_ids": [officers[0].pk],
        "cases": [c.pk for c in flagged],
    }
    refused = client.post("/cases/notices/", one_officer, follow=True).content.decode()
    assert "批量制发未完成，未做任何更改：通知书须由两名不同的执法人员签署" in refused
    assert Document.objects.count() == 0
    response = client.post("/cases/notices/", {"notices_on": "2026-01-05", "officer_ids": [o.pk for o in officers],
                                               "cases": [c.pk for c in flagged], "action": "issue"})  # fmt: skip
    assert "已为" in response.content.decode()
    response = client.get("/cases/notices/notices.zip", {"case": [c.pk for c in flagged]})
    assert response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert len(names) == 2 * len(flagged) == Document.objects.count()


def test_template_upload_lists_variables_previews_and_versions(
    client, case, officer_user, officers, admin_user
):
    from hecha.documents.services import builtin_template_bytes

    client.force_login(admin_user)
    original = Docx(io.BytesIO(builtin_template_bytes("inspection_notice")))
    original.add_paragraph("联系人：{{ contact_person }}")
    for p in original.paragraphs:
        if "{{ uscc }}" in p.text:
            p.text = p.text.replace("（统一社会信用代码：{{ uscc }}）", "")
    out = io.BytesIO()
    original.save(out)
    out.seek(0)
    out.name = "模板.docx"
    page = client.post(
        "/documents/templates/", {"action": "upload", "kind": "inspection_notice", "file": out}
    )
    html = page.content.decode()
    assert "未知变量（不能启用）：contact_person" in html and "缺少变量" in html and "uscc" in html
    from hecha.documents.models import DocumentTemplate

    v2 = DocumentTemplate.objects.get(kind="inspection_notice", version=2)
    refused = client.post(
        "/documents/templates/", {"action": "activate", "template": v2.pk}, follow=True
    )
    assert "含未知变量 contact_person" in refused.content.decode()
    preview = client.get(f"/documents/templates/{v2.pk}.preview")
    assert preview.status_code == 200 and "沈阳示例建筑工程有限公司" in "\n".join(
        p.text for p in Docx(io.BytesIO(preview.content)).paragraphs
    )
    # a good edit: a line added with known variables only; activated, then used
    good = Docx(io.BytesIO(builtin_template_bytes("inspection_notice")))
    good.add_paragraph("（本通知书一式两份）")
    out = io.BytesIO()
    good.save(out)
    out.seek(0)
    out.name = "模板.docx"
    client.post(
        "/documents/templates/", {"action": "upload", "kind": "inspection_notice", "file": out}
    )
    v3 = DocumentTemplate.objects.get(kind="inspection_notice", version=3)
    client.post("/documents/templates/", {"action": "activate", "template": v3.pk})
    take_step(case_id=case.pk, step="issue_notices", user=officer_user, today=D("2026-01-05"),
              data={"notices_on": D("2026-01-05"), "officer_ids": [o.pk for o in officers]})  # fmt: skip
    notice = case.documents.get(kind="inspection_notice")
    assert notice.template.version == 3 and "一式两份" in text_of(notice)
    bad = io.BytesIO(b"not a docx")
    bad.name = "x.docx"
    assert "模板须为 Word 文档" in client.post("/documents/templates/", {"action": "upload", "kind": "inspection_notice",
                                                                         "file": bad}, follow=True).content.decode()  # fmt: skip


def test_template_pages_are_for_the_administrator_only(client, officer_user):
    client.force_login(officer_user)
    assert client.get("/documents/templates/").status_code == 404


def test_chinese_date_style(settings):
    assert date_cn(D("2026-11-24")) == "2026年11月24日"
    settings.HECHA_DATE_STYLE = "chinese"
    assert date_cn(D("2026-11-24")) == "二〇二六年十一月二十四日"
    assert date_cn(D("2026-10-10")) == "二〇二六年十月十日"


@pytest.mark.skipif(
    shutil.which("soffice") is None and os.environ.get("HECHA_BROWSER_TESTS") != "1",
    reason="LibreOffice not installed (apt-get install libreoffice-writer-nogui fonts-noto-cjk)",
)
def test_pdf_has_the_text_and_embedded_fonts(notices, settings, tmp_path):
    from pypdf import PdfReader

    from hecha.documents.services import to_pdf

    settings.HECHA_HOME = tmp_path
    pdf = PdfReader(io.BytesIO(to_pdf(bytes(notices[1].docx))))
    text = "".join(page.extract_text() for page in pdf.pages).replace(" ", "").replace("\n", "")
    assert notices[1].number.replace(" ", "") in text and notices[1].code in text
    assert "责令限期整改通知书" in text
    fonts = {f for page in pdf.pages for f in (page["/Resources"].get("/Font") or {}).values()}
    descriptors = [f.get_object().get("/FontDescriptor") or f.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                   for f in fonts]  # fmt: skip
    assert descriptors and all(any(k in d.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                               for d in descriptors)  # fmt: skip


def test_text_with_xml_characters_is_printed_as_written():
    from hecha.documents.services import builtin_template_bytes, render_docx

    out = render_docx(builtin_template_bytes("rectification_order"),
                      {"enterprise_name": "沈阳A&B<建筑>有限公司", "uscc": "y", "findings": []}, "ABCD-EFGH-JKLM")  # fmt: skip
    assert any("沈阳A&B<建筑>有限公司" in p.text for p in Docx(io.BytesIO(out)).paragraphs)


def test_without_libreoffice_pdf_says_so_and_docx_still_works(
    client, notices, officer_user, monkeypatch
):
    monkeypatch.setattr("hecha.documents.pdf.soffice", lambda: None)
    client.force_login(officer_user)
    doc = notices[0]
    page = client.get(f"/documents/{doc.pk}.pdf", follow=True).content.decode()
    assert "服务器未安装 LibreOffice" in page
    assert client.get(f"/documents/{doc.pk}.docx").content == bytes(doc.docx)


def test_mailing_batch_zip_in_mailing_order(client, campaign, city_reviewer):
    from django.db.models import Count

    from hecha.accounts.models import District, Officer, User
    from hecha.cases.services import accept_submission, record_mailing, submit_to_city

    by_district = campaign.cases.values("district_id").annotate(n=Count("id")).order_by("-n")
    district = District.objects.get(code=by_district.first()["district_id"])
    officer_user = User.objects.create_user("officer2", role="district_officer", district=district)
    officers = [Officer.objects.create(name=n, certificate_no=n, valid_from=D("2025-01-01"),
                                       valid_until=D("2028-01-01"), district=district) for n in ("甲", "乙")]  # fmt: skip
    cases = list(campaign.cases.filter(district=district).order_by("pk")[:2])
    assert len(cases) == 2
    for c in cases:
        take_step(case_id=c.pk, step="issue_notices", user=officer_user, today=D("2026-01-05"),
                  data={"notices_on": D("2026-01-05"), "officer_ids": [o.pk for o in officers]})  # fmt: skip
        take_step(case_id=c.pk, step="record_call", user=officer_user, today=D("2026-01-06"),
                  data={"called_at": D("2026-01-06"), "answered_by": "王", "result": "已告知",
                        "mailing_address": "沈阳市某路1号"})  # fmt: skip
    accept_submission(submission_id=submit_to_city(case_ids=[c.pk for c in cases], user=officer_user,
                                                   today=D("2026-01-07")).pk, user=city_reviewer)  # fmt: skip
    batch = record_mailing(rows=[(cases[1].pk, "EA001"), (cases[0].pk, "EA002")], mailed_on=D("2026-01-09"),
                           user=city_reviewer, today=D("2026-01-09"))  # fmt: skip
    client.force_login(city_reviewer)
    names = zipfile.ZipFile(
        io.BytesIO(client.get(f"/documents/mailings/{batch.pk}.zip").content)
    ).namelist()
    first = cases[1].documents.get(kind="inspection_notice").number
    assert len(names) == 4 and first in names[0]  # EA001 first: mailing order
    client.force_login(officer_user)
    assert client.get(f"/documents/mailings/{batch.pk}.zip").status_code == 404


def test_shipped_templates_are_what_the_builder_writes():
    from hecha.documents.builder import BUILDERS
    from hecha.documents.services import builtin_template_bytes, template_variables

    for kind, build in BUILDERS.items():
        out = io.BytesIO()
        build().save(out)
        built = Docx(io.BytesIO(out.getvalue()))
        shipped = Docx(io.BytesIO(builtin_template_bytes(kind)))
        assert [p.text for p in built.paragraphs] == [p.text for p in shipped.paragraphs], kind
        assert template_variables(out.getvalue()) == template_variables(
            builtin_template_bytes(kind)
        )
        # the East Asian font is set in the style, as docxtpl cannot set it from code
        fonts = shipped.styles["Normal"].element.rPr.rFonts
        assert (
            fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
            == "仿宋_GB2312"
        )
