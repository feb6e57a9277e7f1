# ruff: noqa: F811  (the fixtures imported from test_case_browser are redefined as arguments)
"""The officer's desk in the browser, at a desktop width and a phone's: a district officer's
morning through the queue (home → case → the step inline) and the city reviewer's mailing
round trip (sheet out, filled, back in; receipts row by row). No page is wider than the screen;
screenshots go to test-results/screenshots/ (kept by CI as artifacts)."""

from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from tests.browser.test_case_browser import campaign, clock, two_cases  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
WIDTHS = [1440, 390]


def fits(page, name: str) -> None:
    """The page is no wider than the screen; its screenshot is kept."""
    page.wait_for_load_state()
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    assert width[0] <= width[1], f"{name}: page {width[0]} px wide on a {width[1]} px screen"


@pytest.mark.parametrize("width", WIDTHS)
def test_an_officers_morning_through_the_queue(live_server, log_in, two_cases, clock, width):
    a, _ = two_cases
    clock.set("2026-01-05")
    page = log_in("officer")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/")
    expect(page.locator("#queue")).to_contain_text("我的案件")
    fits(page, f"officer-1-queue-{width}")

    # the first flagged case: its button opens the notices form on the case page
    row = page.locator("#queue-later tr", has_text=a.enterprise_name)
    row.get_by_role("link", name="制发行政检查通知书和责令限期整改通知书").click()
    form = page.locator("#step-issue_notices")
    expect(form).to_be_visible()
    fits(page, f"officer-2-case-{width}")
    form.get_by_label("张伟").check()  # one officer only: refused, the input kept
    form.get_by_role("button").click()
    expect(page.locator("#step-refused")).to_contain_text("两名")
    expect(page.locator("#step-issue_notices").get_by_label("张伟")).to_be_checked()
    fits(page, f"officer-3-refused-{width}")
    form = page.locator("#step-issue_notices")
    form.get_by_label("李娜").check()
    form.get_by_role("button").click()
    expect(page.locator("#case-stage")).to_have_text("已制发通知书")
    expect(page.locator("#assignee")).to_contain_text("officer")

    # back to the queue: the case is the officer's now, the call is due this week
    clock.set("2026-01-06")
    page.goto(live_server.url + "/")
    row = page.locator("#queue tr", has_text=a.enterprise_name)
    row.get_by_role("link", name="电话告知企业并核对邮寄地址").click()
    form = page.locator("#step-record_call")
    form.get_by_label("通话日期").fill("2026-01-06")
    form.get_by_label("已告知", exact=True).check()
    form.get_by_label("接听人（已告知时必填）").fill("王经理")
    form.get_by_role("button").click()
    expect(page.locator("#case-stage")).to_have_text("已电话告知")

    # the submission from the case page, through its confirmation
    page.locator("#step-submit_to_city").get_by_role("link").click()
    expect(page.locator("#confirm-cases")).to_contain_text(a.enterprise_name)
    fits(page, f"officer-4-confirm-{width}")
    page.get_by_role("button", name="确认报送").click()
    expect(page.locator(".messages")).to_contain_text("已报送市局 1 件")
    fits(page, f"officer-5-submitted-{width}")


@pytest.fixture
def accepted(two_cases):
    """Both cases issued, called, submitted and accepted by the city."""
    from datetime import date

    from hecha.accounts.models import Officer, User
    from hecha.cases.services import accept_submission, submit_to_city, take_step

    officer, reviewer = User.objects.get(username="officer"), User.objects.get(username="reviewer")
    ids = [o.pk for o in Officer.objects.filter(district=officer.district)]
    for case in two_cases:
        take_step(case_id=case.pk, step="issue_notices", user=officer, today=date(2026, 1, 5),
                  data={"notices_on": date(2026, 1, 5), "officer_ids": ids})  # fmt: skip
        take_step(case_id=case.pk, step="record_call", user=officer, today=date(2026, 1, 6),
                  data={"called_at": date(2026, 1, 6), "answered_by": "王经理",
                        "mailing_address": "沈阳市和平区中山路1号"})  # fmt: skip
    submission = submit_to_city(case_ids=[c.pk for c in two_cases], user=officer,
                                today=date(2026, 1, 7))  # fmt: skip
    accept_submission(submission_id=submission.pk, user=reviewer)
    return two_cases


@pytest.mark.parametrize("width", WIDTHS)
def test_the_city_reviewers_mailing_round_trip(
    live_server, log_in, accepted, clock, tmp_path, width
):
    a, b = accepted
    clock.set("2026-01-09")
    page = log_in("reviewer")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/")
    fits(page, f"reviewer-1-queue-{width}")
    page.locator("#queue tr", has_text=a.enterprise_name).get_by_role(
        "link", name="EMS 邮寄通知书"
    ).click()
    expect(page.locator("h1")).to_have_text("EMS 邮寄")
    fits(page, f"reviewer-2-mailing-{width}")

    # the sheet out, 邮件号 filled in as Excel or WPS would, back in as it is
    with page.expect_download() as download:
        page.get_by_role("link", name="导出 EMS 邮寄清单（Excel）").click()
    filled = tmp_path / "ems-mailing.xlsx"
    download.value.save_as(filled)
    book = openpyxl.load_workbook(filled)
    sheet = book.active
    header = [c.value for c in sheet[1]]
    names = [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)]
    for n, number in enumerate(["EB0001CN", "EB0002CN"], start=2):
        assert "〔2026〕" in sheet.cell(row=n, column=header.index("文号") + 1).value
        sheet.cell(row=n, column=header.index("邮件号") + 1, value=number)
    book.save(filled)
    form = page.locator("#mail-sheet-form")
    form.locator("input[type=file]").set_input_files(str(filled))
    form.get_by_label("邮寄日期").fill("2026-01-09")
    form.get_by_role("button", name="按清单登记邮寄").click()
    expect(page.locator(".messages")).to_contain_text("已按回填的清单登记邮寄 2 件")

    # receipts and returns, row by row on the same page
    clock.set("2026-01-14")
    page.reload()
    assert set(names) == {a.enterprise_name, b.enterprise_name}
    signed, returned = a, b
    page.get_by_label(f"{signed.enterprise_name} 签收日期").fill("2026-01-12")
    page.get_by_label(f"{returned.enterprise_name} 退件日期").fill("2026-01-13")
    fits(page, f"reviewer-3-receipts-{width}")
    page.get_by_role("button", name="登记填写的签收和退件").click()
    expect(page.locator(".messages")).to_contain_text("已登记签收或退件 2 件")
    fits(page, f"reviewer-4-recorded-{width}")
    page.goto(f"{live_server.url}/cases/{signed.pk}/")
    expect(page.locator("#case-stage")).to_have_text("整改中")
    fits(page, f"reviewer-5-case-{width}")


def test_screenshots_folder_is_named_in_the_readme():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "test-results/screenshots/" in readme
