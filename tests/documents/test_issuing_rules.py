"""What a real deployment refuses to issue, and what every issued file says about itself:
a QR code pointing at this machine, a body without its contacts, a number dated before a
lower one; the DOCX properties name Hecha and the issuer; the workbook prints properly."""

import io
from datetime import date

import openpyxl
import pytest
from docx import Document as Docx

from hecha.documents import issuing
from hecha.documents.models import Document, IssuingBody
from hecha.documents.services import DocumentRefused, issue, public_url_problem

D = date.fromisoformat


def test_loopback_address_is_refused_outside_a_demonstration(settings, case, officer_user):
    settings.HECHA_DEMO = False
    for url in (
        "http://127.0.0.1:8000",
        "http://localhost:8000",
        "http://[::1]/",
        "http://0.0.0.0",
    ):
        settings.HECHA_PUBLIC_URL = url
        assert "仍为本机地址" in public_url_problem(), url
        with pytest.raises(DocumentRefused, match="请管理员将其设为公众可访问的网址后再制发"):
            issue("anomaly_list", user=officer_user, context={}, district_code=case.district_id, rows=[],
                  on=D("2026-03-01"))  # fmt: skip
    assert Document.objects.count() == 0
    settings.HECHA_PUBLIC_URL = "https://hecha.jsj.shenyang.gov.cn"
    assert public_url_problem() is None
    settings.HECHA_DEMO, settings.HECHA_PUBLIC_URL = True, "http://127.0.0.1:8000"
    assert public_url_problem() is None  # a demonstration may


def test_a_body_without_address_or_telephone_issues_nothing_outside_a_demonstration(
    settings, case, officer_user, officers
):
    from hecha.cases.models import Case

    settings.HECHA_DEMO, settings.HECHA_PUBLIC_URL = False, "https://hecha.example.gov.cn"
    Case.objects.filter(pk=case.pk).update(officer_a=officers[0], officer_b=officers[1])
    case.refresh_from_db()
    with pytest.raises(DocumentRefused, match="的办公地址、联系电话尚未设置"):
        issuing.issue_notices(case, officer_user, D("2026-01-05"))
    assert Document.objects.count() == 0
    IssuingBody.objects.filter(code=case.district_id).update(
        office="建筑市场科", address="沈阳市某区某路8号", phone="024-12345678"
    )
    notice = issuing.issue_notices(case, officer_user, D("2026-01-05"))[0]
    text = "\n".join(p.text for p in Docx(io.BytesIO(bytes(notice.docx))).paragraphs)
    assert (
        "沈阳市某区某路8号（建筑市场科）" in text and "024-12345678" in text and "演示" not in text
    )


def test_numbers_follow_dates(case, officer_user):
    first = issue("anomaly_list", user=officer_user, context={}, district_code=case.district_id, rows=[],
                  on=D("2026-03-02"))  # fmt: skip
    with pytest.raises(DocumentRefused, match="早于.*第1号文书的日期（2026-03-02）"):
        issue("anomaly_list", user=officer_user, context={}, district_code=case.district_id, rows=[],
              on=D("2026-03-01"))  # fmt: skip
    same_day = issue("anomaly_list", user=officer_user, context={}, district_code=case.district_id, rows=[],
                     on=D("2026-03-02"))  # fmt: skip
    assert (first.serial, same_day.serial) == (1, 2) and Document.objects.count() == 2


def test_docx_properties_name_the_issuer_and_hecha_and_the_documents_date(case, officer_user):
    doc = issue("anomaly_list", user=officer_user, context={}, district_code=case.district_id, rows=[],
                on=D("2026-03-02"))  # fmt: skip
    props = Docx(io.BytesIO(bytes(doc.docx))).core_properties
    assert props.author == doc.issuer_name and props.last_modified_by == "核查（Hecha）"
    assert props.title == doc.title and props.subject == doc.number and doc.code in props.comments
    assert props.created.date() == D("2026-03-02") and "python-docx" not in (
        props.author + props.last_modified_by
    )


def test_the_workbook_keeps_the_qr_code_off_the_table(case, officer_user):
    doc = issue("overdue_list", user=officer_user, context={}, district_code=case.district_id, on=D("2026-03-02"),
                rows=[{"n": 1, "enterprise_name": "甲公司", "uscc": case.uscc}])  # fmt: skip
    import re
    import zipfile

    drawing = zipfile.ZipFile(io.BytesIO(bytes(doc.xlsx))).read("xl/drawings/drawing1.xml").decode()
    rows = [int(r) for r in re.findall(r"<xdr:row>(\d+)</xdr:row>", drawing)]
    assert rows and max(rows) < 4, (
        f"the QR code spans rows {rows}: it must stay above the header (row 5)"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(bytes(doc.xlsx))).active
    assert [c.value for c in sheet[5]][:3] == ["序号", "企业名称", "统一社会信用代码"]
    assert sheet.oddFooter.center.text == "— &P —"


def test_the_administrator_sets_a_bodys_contacts_on_the_record(client, admin_user):
    from hecha.audit.models import AuditEntry
    from hecha.documents.services import ensure_bodies

    ensure_bodies()
    body = IssuingBody.objects.get(code="210102")
    client.force_login(admin_user)
    page = client.get(f"/admin/documents/issuingbody/{body.pk}/change/")
    assert page.status_code == 200 and "行政复议机关" in page.content.decode()
    client.post(f"/admin/documents/issuingbody/{body.pk}/change/", {
        "name": body.name, "prefix": body.prefix, "review_body": body.review_body, "office": "建筑市场科",
        "address": "沈阳市和平区某路8号", "phone": "024-12345678", "contact_person": ""})  # fmt: skip
    body.refresh_from_db()
    assert (body.address, body.phone) == ("沈阳市和平区某路8号", "024-12345678")
    entry = AuditEntry.objects.filter(
        action="admin.changed", object_type="documents.issuingbody"
    ).get()
    assert "办公地址" in entry.data["fields"] and "联系电话" in entry.data["fields"]
    assert client.get("/admin/documents/issuingbody/add/").status_code == 403


def test_the_documents_page_says_why_nothing_can_be_issued(client, settings, officer_user):
    client.force_login(officer_user)
    settings.HECHA_DEMO = False
    assert "仍为本机地址" in client.get("/documents/").content.decode()
    settings.HECHA_PUBLIC_URL = "https://hecha.example.gov.cn"
    assert "仍为本机地址" not in client.get("/documents/").content.decode()
