"""The batch steps through the API and the EMS sheets sent back; restrictions before, during
and after rectification."""

import io
from datetime import date

import pytest
import xlsxwriter

D = date.fromisoformat


@pytest.fixture
def contacted(case, officer_user, officers):
    from hecha.cases.services import take_step

    take_step(case_id=case.pk, step="issue_notices", user=officer_user, today=D("2026-01-05"),
              data={"notices_on": D("2026-01-05"), "officer_ids": [o.pk for o in officers]})  # fmt: skip
    take_step(case_id=case.pk, step="record_call", user=officer_user, today=D("2026-01-06"),
              data={"called_at": D("2026-01-06"), "answered_by": "王", "result": "已告知",
                    "mailing_address": "沈阳市某路1号"})  # fmt: skip
    return case


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_batch_steps_through_the_api_and_restrictions(client, contacted, officer_user, city_reviewer,
                                                      monkeypatch, tmp_path):  # fmt: skip
    case = contacted
    client.force_login(officer_user)
    direct = post(client, f"/api/cases/{case.pk}/steps/submit_to_city", {"data": {}})
    assert direct.status_code == 400 and "报送清单" in direct.json()["detail"]
    sub = post(client, "/api/cases/batches/submissions", {"case_ids": [case.pk]})
    assert sub.status_code == 200 and sub.json()["rows"][0]["uscc"] == case.uscc
    assert (
        post(client, f"/api/cases/batches/submissions/{sub.json()['id']}/accept", {}).status_code
        == 400
    )
    client.force_login(city_reviewer)
    assert (
        post(client, f"/api/cases/batches/submissions/{sub.json()['id']}/accept", {}).status_code
        == 200
    )
    monkeypatch.setattr("hecha.clock.today", lambda: D("2026-01-12"))
    mailed = post(
        client,
        "/api/cases/batches/mailings",
        {"mailed_on": "2026-01-09", "rows": [[case.pk, "EB1"]]},
    )
    assert mailed.status_code == 200
    before = client.get(f"/api/public/restrictions/{case.uscc}").json()
    assert before["restricted"] is False
    signed = post(
        client, "/api/cases/batches/deliveries", {"tracking_no": "EB1", "signed_on": "2026-01-12"}
    )
    assert signed.json()["stage"] == "rectifying"
    during = client.get(f"/api/public/restrictions/{case.uscc}").json()
    assert during["restricted"] is True
    assert {r["kind"] for r in during["restrictions"]} == {"upgrade", "add_item", "new_projects"}
    first = during["restrictions"][0]
    assert {k: first[k] for k in ("kind", "since", "until", "status", "status_label")} == {
        "kind": "upgrade", "since": "2026-01-12", "until": "2026-04-13",
        "status": "rectification_period", "status_label": "整改期间"}  # fmt: skip
    assert first["reason"].startswith("整改期间：企业整改期间不得申请建筑业企业资质的升级、增项")
    assert (first["source"], first["statutory"]) == ("行动方案四（二）", True)

    # the enterprise hires the staff it lacked; a comparison in the period finds it compliant
    from hecha.cases.services import take_step
    from tests.cases.walk import hire

    hire(case, tmp_path / "hired", "2026-02-01")
    take_step(case_id=case.pk, step="close_rectified", user=officer_user, today=D("2026-02-01"))
    case.refresh_from_db()
    assert case.close_reason.endswith("整改期限内已符合标准") and not case.late_compliance_policy
    monkeypatch.setattr("hecha.clock.today", lambda: D("2026-02-02"))
    after = client.get(f"/api/public/restrictions/{case.uscc}").json()
    assert after == {"uscc": case.uscc, "restricted": False, "restrictions": []}


def test_district_user_cannot_mail(client, contacted, officer_user):
    client.force_login(officer_user)
    response = post(
        client,
        "/api/cases/batches/mailings",
        {"mailed_on": "2026-01-09", "rows": [[contacted.pk, "X"]]},
    )
    assert response.status_code == 403


def _xlsx(rows):
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    for r, row in enumerate(rows):
        sheet.write_row(r, 0, row)
    book.close()
    out.seek(0)
    out.name = "ems.xlsx"
    return out


def test_ems_sheets_sent_back_through_the_page(
    client, contacted, officer_user, city_reviewer, monkeypatch
):
    from hecha.cases.services import accept_submission, submit_to_city

    case = contacted
    monkeypatch.setattr("hecha.clock.today", lambda: D("2026-01-20"))
    accept_submission(
        submission_id=submit_to_city(case_ids=[case.pk], user=officer_user).pk, user=city_reviewer
    )
    client.force_login(city_reviewer)
    wrong = _xlsx([["收件人", "文号", "邮件号"], [case.enterprise_name, "核查案件 #999999", "EC1"]])
    page = client.post(
        "/mailing/", {"action": "mail", "mailed_on": "2026-01-09", "sheet": wrong}, follow=True
    )
    assert "找不到待邮寄的案件" in page.content.decode()
    case.refresh_from_db()
    assert case.stage == "submitted_to_city"
    from hecha.cases.services.mailing import notice_numbers

    numbers = notice_numbers([case])[case.pk]
    sheet = _xlsx([["收件人", "文号", "邮件号"], [case.enterprise_name, numbers, "EC1"]])
    client.post("/mailing/", {"action": "mail", "mailed_on": "2026-01-09", "sheet": sheet})
    case.refresh_from_db()
    assert (case.stage, case.tracking_no, case.mailed_on) == ("mailed", "EC1", D("2026-01-09"))
    bad = _xlsx([["邮件号", "签收日期"], ["EC1", "2026-02-30"]])
    page = client.post(
        "/mailing/", {"action": "delivery", "sheet": bad}, follow=True
    ).content.decode()
    assert "第 2 行：日期不存在：“2026-02-30”" in page
    receipts = _xlsx([["邮件号", "签收日期", "退件日期"], ["EC1", "2026-01-13", ""]])
    client.post("/mailing/", {"action": "delivery", "sheet": receipts})
    case.refresh_from_db()
    assert (case.stage, case.served_on) == ("rectifying", D("2026-01-13"))
