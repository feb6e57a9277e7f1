"""A notice's code opens its verification page; an uploaded copy is checked there."""

import io
from datetime import date

import pytest
from docx import Document as Docx
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = date.fromisoformat


@pytest.fixture
def notice(reference_data, tmp_path, settings):
    from hecha.accounts.models import District, Officer, User
    from hecha.cases.services import open_campaign, take_step
    from hecha.checks.services.runs import start_check_run
    from hecha.demo.generator import generate
    from hecha.registry.services.importing import import_directory

    generate(tmp_path / "data", enterprises=150, as_of=D("2026-01-02"))
    import_directory(directory=tmp_path / "data", user=None)
    lead = User.objects.create_user("lead", role="city_lead")
    campaign = open_campaign(run_id=start_check_run(user=None, as_of=D("2026-01-02")).pk, user=lead)
    case = campaign.cases.order_by("pk").first()
    district = District.objects.get(code=case.district_id)
    officer = User.objects.create_user(
        "officer", password="pw-officer", role="district_officer", district=district
    )
    officers = [Officer.objects.create(name=n, certificate_no=n, valid_from=D("2025-01-01"),
                                       valid_until=D("2028-01-01"), district=district) for n in ("甲", "乙")]  # fmt: skip
    take_step(case_id=case.pk, step="issue_notices", user=officer, today=D("2026-01-05"),
              data={"notices_on": D("2026-01-05"), "officer_ids": [o.pk for o in officers]})  # fmt: skip
    return case.documents.get(kind="rectification_order")


def test_code_opens_the_page_and_a_changed_copy_is_caught(live_server, log_in, notice, tmp_path):
    page = log_in("officer")
    page.goto(f"{live_server.url}/cases/{notice.case_id}/")
    page.get_by_role("link", name=notice.code).click()
    expect(page.locator("#verify-title")).to_have_text("责令限期整改通知书")
    expect(page.locator("#verify-facts")).to_contain_text(notice.number)
    copy = tmp_path / "通知书.docx"
    copy.write_bytes(bytes(notice.docx))
    page.locator("#verify-form input[type=file]").set_input_files(str(copy))
    page.get_by_role("button", name="核对").click()
    expect(page.locator("#verify-result")).to_contain_text("与系统记录一致")
    edited = Docx(io.BytesIO(bytes(notice.docx)))
    for p in edited.paragraphs:
        if notice.case.enterprise_name in p.text:
            p.text = p.text.replace(notice.case.enterprise_name, "某某公司")
    edited.save(str(copy))
    page.locator("#verify-form input[type=file]").set_input_files(str(copy))
    page.get_by_role("button", name="核对").click()
    expect(page.locator("#verify-result")).to_contain_text("与系统记录不一致")
    expect(page.locator("#verify-differences")).to_contain_text("某某公司")


@pytest.mark.parametrize("width", [1440, 390])
def test_a_lists_code_typed_loosely_opens_its_rows_at_any_width(
    live_server, page, reference_data, width
):
    """The public page of a 60-row list, its code typed in lower case without dashes: the
    page redirects to the printed code, shows the document's date and every row, and the
    wide table scrolls inside its box instead of widening the page."""
    import os

    from hecha.accounts.models import District, User
    from hecha.documents.services import issue

    user = User.objects.create_user("district", role="district_officer",
                                    district=District.objects.get(code="210102"))  # fmt: skip
    rows = [{"n": n, "enterprise_name": f"沈阳第{n}建筑工程有限公司", "uscc": f"91210102MA{n:07d}X",
             "inspection_number": f"沈和建核〔2026〕{2 * n - 1}号", "order_number": f"沈和建核〔2026〕{2 * n}号",
             "mailing_address": "沈阳市和平区南京南街1号", "contact": "赵经理　024-23880000",
             "detail": "建筑工程施工总承包三级（2项）"} for n in range(1, 61)]  # fmt: skip
    doc = issue(
        "anomaly_list", user=user, context={}, district_code="210102", rows=rows, on=D("2026-01-07")
    )
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/verify/{doc.code.replace('-', '').lower()}")
    assert page.url.endswith(f"/verify/{doc.code}")
    expect(page.locator("#verify-date")).to_have_text("2026年1月7日")
    expect(page.locator("#verify-rows tbody tr")).to_have_count(60)
    expect(page.locator("#verify-rows thead")).to_contain_text("责令限期整改通知书文号")
    if os.environ.get("HECHA_DOC_PICTURES"):
        page.screenshot(path=f"{os.environ['HECHA_DOC_PICTURES']}/verify-{width}.png")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the window"
