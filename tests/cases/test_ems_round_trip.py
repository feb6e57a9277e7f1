"""The EMS round trip: the mailing sheet carries the notices' 文号 and an empty 邮件号 column, comes
back filled as it is, and receipts and returns are typed row by row on one page."""

import io
from datetime import date

import openpyxl
import pytest

from hecha.cases.models import Case
from tests.cases import walk

D = date.fromisoformat


@pytest.fixture
def accepted(case, officer_user, officers, city_reviewer, monkeypatch):
    monkeypatch.setattr("hecha.clock.today", lambda: D("2026-01-09"))
    walk.submitted(case, officer_user, officers, city_reviewer)
    return Case.objects.get(pk=case.pk)


def _numbers(case) -> str:
    from hecha.documents.models import Document

    docs = Document.objects.filter(case=case, kind__in=["inspection_notice", "rectification_order"])
    return "、".join(docs.order_by("kind").values_list("number", flat=True))


def test_the_sheet_names_the_notices_and_leaves_the_tracking_number_empty(
    client, accepted, city_reviewer
):
    client.force_login(city_reviewer)
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/mailing/sheet.xlsx").content)).active
    header, row = [list(r) for r in sheet.iter_rows(min_row=1, max_row=2, values_only=True)]
    assert header[-1] == "邮件号" and "文号" in header
    assert row[header.index("文号")] == _numbers(accepted)
    assert "核查案件" not in row[header.index("文号")] and "〔2026〕" in row[header.index("文号")]
    assert row[header.index("邮件号")] in (None, "")


def test_the_filled_sheet_uploads_back_as_it_is(client, accepted, city_reviewer):
    client.force_login(city_reviewer)
    book = openpyxl.load_workbook(io.BytesIO(client.get("/mailing/sheet.xlsx").content))
    sheet = book.active
    column = [c.value for c in sheet[1]].index("邮件号") + 1
    sheet.cell(row=2, column=column, value="EM123456789CN")
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "ems-mailing.xlsx"
    page = client.post("/mailing/", {"action": "mail", "mailed_on": "2026-01-09", "sheet": out},
                       follow=True).content.decode()  # fmt: skip
    assert "已按回填的清单登记邮寄 1 件" in page
    case = Case.objects.get(pk=accepted.pk)
    assert (case.stage, case.tracking_no, case.mailed_on) == (
        "mailed", "EM123456789CN", D("2026-01-09"),
    )  # fmt: skip


def test_a_sheet_with_an_unknown_number_changes_nothing(client, accepted, city_reviewer):
    client.force_login(city_reviewer)
    book = openpyxl.Workbook()
    book.active.append(["收件人", "文号", "统一社会信用代码", "邮件号"])
    book.active.append([accepted.enterprise_name, "沈和建核〔2026〕999号", "", "EM1"])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "ems.xlsx"
    page = client.post("/mailing/", {"action": "mail", "mailed_on": "2026-01-09", "sheet": out},
                       follow=True).content.decode()  # fmt: skip
    assert "第 2 行：找不到待邮寄的案件" in page
    assert Case.objects.get(pk=accepted.pk).stage == "submitted_to_city"


def test_receipts_and_returns_are_recorded_row_by_row(
    client, campaign, case, officer_user, officers, city_reviewer, monkeypatch
):
    from hecha.cases.services import accept_submission, record_mailing, submit_to_city

    monkeypatch.setattr("hecha.clock.today", lambda: D("2026-01-14"))
    other = campaign.cases.exclude(pk=case.pk).first()
    Case.objects.filter(pk=other.pk).update(district=case.district)
    for c in (case, other):
        walk.notices(c, officer_user, officers)
        walk.call(c, officer_user)
    submission = submit_to_city(case_ids=[case.pk, other.pk], user=officer_user,
                                today=D("2026-01-07"))  # fmt: skip
    accept_submission(submission_id=submission.pk, user=city_reviewer)
    record_mailing(rows=[(case.pk, "EA1"), (other.pk, "EA2")], mailed_on=D("2026-01-09"),
                   user=city_reviewer, today=D("2026-01-09"))  # fmt: skip
    client.force_login(city_reviewer)
    page = client.get("/mailing/").content.decode()
    assert f'name="signed_{case.pk}"' in page and f'name="returned_{other.pk}"' in page
    bad = client.post("/mailing/", {"action": "deliveries", f"signed_{case.pk}": "2026-01-12",
                                    f"returned_{other.pk}": "2026-01-20"}, follow=True)  # fmt: skip
    assert "退件日期须在邮寄日期与今天之间" in bad.content.decode()
    assert Case.objects.get(pk=case.pk).stage == "mailed"  # all or nothing
    client.post("/mailing/", {"action": "deliveries", f"signed_{case.pk}": "2026-01-12",
                              f"returned_{other.pk}": "2026-01-13"})  # fmt: skip
    assert Case.objects.get(pk=case.pk).served_on == D("2026-01-12")
    assert Case.objects.get(pk=other.pk).returned_on == D("2026-01-13")
