"""`hecha demo` leaves cases in every stage; the case pages and the dashboard."""

import pytest

from hecha.workflow.stages import Stage


@pytest.fixture
def demo(db, capsys, settings, tmp_path):
    from hecha.cli import main

    settings.HECHA_HOME = tmp_path
    assert main(["demo"]) == 0
    return capsys.readouterr().out


def test_demo_leaves_cases_in_every_stage(demo, client):
    from hecha.accounts.models import User
    from hecha.audit.services import verify_in_transaction

    assert "核查批次：" in demo
    client.force_login(User.objects.get(username="city_lead"))
    listed = client.get("/api/cases?limit=1000").json()
    assert {c["stage"] for c in listed} == {s.value for s in Stage}
    assert verify_in_transaction()[1] is None


def test_demo_shows_each_outcome_of_the_procedure(demo, client):
    from hecha.accounts.models import User
    from hecha.cases.models import Campaign, Case, Statement

    cases = Case.objects.all()
    assert set(cases.values_list("contact_outcome", flat=True)) >= {
        "informed", "no_answer", "wrong_number", "refused"}  # fmt: skip
    unanswered = cases.get(contact_outcome="no_answer")
    assert unanswered.stage == "mailed" and not unanswered.address_checked
    assert cases.filter(recheck_result="short", recheck_officer_a__isnull=False).exists()
    assert cases.filter(stage="district_recheck", overdue_list__isnull=True).exists()  # list owed
    assert cases.filter(stage="city_recheck", overdue_list__isnull=False).exists()
    assert Statement.objects.filter(response_outcome="").exists()  # awaiting the city's answer
    assert Statement.objects.filter(response_outcome="upheld", case__stage="revoked").exists()
    assert cases.get(stage="revoked").documents.filter(kind="revocation_decision").exists()
    late = cases.get(late_compliance_policy="recheck_decides")
    assert late.stage == "rectified" and "期满后达标：按本局政策结案" in late.close_reason
    withdrawn = cases.get(stage="withdrawn")
    assert withdrawn.close_reason_code == "enterprise_closed"
    assert withdrawn.evidence.filter(purpose="withdrawal").exists()
    own = Campaign.objects.get(district__isnull=False)
    assert own.skipped and all(s["district_code"] == own.district_id for s in own.skipped)
    client.force_login(User.objects.get(username="city_lead"))
    page = client.get("/campaigns/").content.decode()
    assert 'id="progress"' in page and "已在核查中，见案件" in page
    awaiting = cases.filter(stage="rectifying").order_by("rectification_until").first()
    html = client.get(f"/cases/{awaiting.pk}/").content.decode()
    assert "整改期满，待复查" in html


def test_every_step_the_demo_took_reads_as_a_chinese_sentence(demo):
    from hecha.audit.models import AuditEntry
    from hecha.audit.sentences import SENTENCES, sentence

    entries = AuditEntry.objects.all()
    assert set(entries.values_list("action", flat=True)) <= set(SENTENCES)
    for e in entries:
        text = sentence(e.action, e.actor_name, e.data)
        assert "—" not in text, (e.action, text)  # every key the sentence names was recorded


def test_district_user_sees_own_cases_only_in_list_and_api(demo, client):
    from hecha.accounts.models import User
    from hecha.cases.models import Case

    client.force_login(User.objects.get(username="heping_zhang"))
    listed = client.get("/api/cases?limit=1000").json()
    assert listed and {c["district_code"] for c in listed} == {"210102"}
    other = Case.objects.exclude(district_id="210102").first()
    page = client.get("/cases/").content.decode()
    assert other.enterprise_name not in page
    assert client.get(f"/cases/{other.pk}/").status_code == 404
    assert client.get(f"/api/cases/{other.pk}").status_code == 404
    step = client.post(f"/cases/{other.pk}/steps/withdraw/", {"withdraw-version": other.version,
                                                              "withdraw-reason": "x"})  # fmt: skip
    assert step.status_code == 404
    other.refresh_from_db()
    assert other.stage != "withdrawn"


def test_case_page_shows_next_step_deadline_basis_and_history(demo, client):
    from hecha.accounts.models import User
    from hecha.cases.models import Case

    client.force_login(User.objects.get(username="city_chen"))
    case = Case.objects.get(stage="mailed")
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert "收集回执" in html and "邮寄之日起10个工作日" in html
    assert case.deadline.isoformat() in html
    assert "以 EMS 邮寄通知书" in html and "制发行政检查通知书和责令限期整改通知书" in html


def test_dashboard_shows_stages_and_overdue(demo, client):
    from hecha.accounts.models import User

    client.force_login(User.objects.get(username="city_lead"))
    html = client.get("/").content.decode()
    assert 'id="stage-tiles"' in html and "已逾期" in html and "本周到期" in html


def test_stale_form_on_the_page_is_refused(demo, client):
    from hecha.accounts.models import User
    from hecha.cases.models import Case

    client.force_login(User.objects.get(username="city_lead"))
    case = Case.objects.get(stage="submitted_to_city")

    stale = {"withdraw-version": case.version - 1, "withdraw-reason_code": "duplicate",
             "withdraw-reason": "与案件 #1 重复", "withdraw-confirm": "on"}  # fmt: skip
    refused = client.post(f"/cases/{case.pk}/steps/withdraw/", stale, follow=True).content.decode()
    assert "案件已被他人处理" in refused
    case.refresh_from_db()
    assert case.stage == "submitted_to_city"
    data = {"withdraw-version": case.version, "withdraw-reason_code": "duplicate",
            "withdraw-reason": "与案件 #1 重复", "withdraw-confirm": "on"}  # fmt: skip
    client.post(f"/cases/{case.pk}/steps/withdraw/", data)
    case.refresh_from_db()
    assert case.stage == "withdrawn"
    # the same form submitted again (a second click): refused, nothing changes
    again = client.post(f"/cases/{case.pk}/steps/withdraw/", data, follow=True).content.decode()
    assert "案件已被他人处理" in again


def test_evidence_upload_checks_the_content(demo, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from hecha.accounts.models import User
    from hecha.cases.models import Case

    case = Case.objects.filter(stage="rectifying").first()
    user = User.objects.filter(role="district_officer", district__code=case.district_id).first()
    client.force_login(user)
    fake = SimpleUploadedFile("截图.png", b"<html>not an image</html>", content_type="image/png")
    response = client.post(f"/cases/{case.pk}/evidence/", {"file": fake, "shown_date": "2026-01-05"},
                           follow=True)  # fmt: skip
    assert "PNG、JPEG 图片或 PDF" in response.content.decode()
    assert case.evidence.count() == 0


def test_mailing_sheet_has_the_ems_columns(demo, client):
    import io

    import openpyxl

    from hecha.accounts.models import User
    from hecha.cases.models import Case, Submission

    client.force_login(User.objects.get(username="city_chen"))
    Submission.objects.filter(accepted_at__isnull=True).update(
        accepted_at="2026-11-20T10:00:00+08:00"
    )
    waiting = Case.objects.get(stage="submitted_to_city")
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/mailing/sheet.xlsx").content)).active
    rows = list(sheet.values)
    assert rows[0][:6] == ("收件人", "电话", "地址", "邮编", "内件", "文号")
    assert rows[1][0] == waiting.enterprise_name and rows[1][2] == waiting.mailing_address
    client.force_login(User.objects.get(username="heping_zhang"))
    assert client.get("/mailing/sheet.xlsx").status_code == 404


def test_demo_produces_every_document_kind(demo):
    import io

    import openpyxl

    from hecha.documents.models import KIND_CHOICES, Document
    from tests.documents.test_documents import text_of

    docs = Document.objects.all()
    assert {d.kind for d in docs} == {k for k, _ in KIND_CHOICES}
    for doc in docs:
        # paragraphs and tables (the code sits beside the QR), a title broken over lines joined
        text = text_of(doc).replace("\n", "")
        assert doc.number in text and doc.code in text and doc.title in text
        if doc.xlsx:
            sheet = openpyxl.load_workbook(io.BytesIO(bytes(doc.xlsx))).active
            cells = {str(c) for row in sheet.iter_rows(values_only=True) for c in row if c}
            assert sheet["A1"].value == doc.title
            assert {r["uscc"] for r in doc.content["rows"]} <= cells  # every row of the list
    numbers = [d.number for d in docs]
    assert len(numbers) == len(set(numbers))


def test_public_announcements_page_needs_no_login(demo, client):
    from hecha.cases.models import Announcement

    page = client.get("/public/announcements/").content.decode()
    kinds = set(Announcement.objects.values_list("kind", flat=True))
    assert kinds == {"unreachable", "revocation"}
    for a in Announcement.objects.all():
        assert a.document.number in page and a.rows[0]["uscc"] in page
