"""The lists, the verification page and the charts at a desk (1440 px) and on a phone
(390 px): no page wider than the window, the phone menu opens without script, the charts
draw. Screenshots go to test-results/screenshots/ (kept by CI as artifacts)."""

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = date.fromisoformat
SHOTS = Path("test-results/screenshots")
WIDTHS = [1440, 390]


@pytest.fixture
def desk(reference_data, tmp_path):
    """A campaign with one case's notices issued, its district officer and a city lead."""
    from hecha.accounts.models import District, Officer, User
    from hecha.cases.services import open_campaign, take_step
    from hecha.checks.services.runs import start_check_run
    from hecha.demo.generator import generate
    from hecha.registry.services.importing import import_directory

    generate(tmp_path / "data", enterprises=150, as_of=D("2026-01-02"))
    import_directory(directory=tmp_path / "data", user=None)
    lead = User.objects.create_user("lead", password="pw-lead", role="city_lead")
    campaign = open_campaign(run_id=start_check_run(user=None, as_of=D("2026-01-02")).pk, user=lead)
    case = campaign.cases.order_by("pk").first()
    district = District.objects.get(code=case.district_id)
    officer = User.objects.create_user(
        "officer", password="pw-officer", role="district_officer", district=district,
        last_name="张伟",
    )  # fmt: skip
    officers = [Officer.objects.create(name=n, certificate_no=n, valid_from=D("2025-01-01"),
                                       valid_until=D("2028-01-01"), district=district) for n in ("甲", "乙")]  # fmt: skip
    take_step(case_id=case.pk, step="issue_notices", user=officer, today=D("2026-01-05"),
              data={"notices_on": D("2026-01-05"), "officer_ids": [o.pk for o in officers]})  # fmt: skip
    return case


def _fits(page, name: str, width: int) -> None:
    page.wait_for_load_state("networkidle")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} at {width}px is {overflow}px wider than the window"


@pytest.mark.parametrize("width", WIDTHS)
def test_lists_fit_the_window(live_server, log_in, desk, width):
    page = log_in("lead")
    page.set_viewport_size({"width": width, "height": 900})
    for name, path in [("enterprises", "/enterprises/"), ("cases", "/cases/"),
                       ("documents", "/documents/"), ("submissions", "/submissions/"),
                       ("runs", "/checks/"), ("findings", f"/checks/{desk.campaign.run_id}/findings/")]:  # fmt: skip
        page.goto(live_server.url + path)
        _fits(page, name, width)
    page.goto(live_server.url + "/cases/?sort=-name")
    expect(page.locator("p.list-count")).to_contain_text("共")
    expect(page.get_by_role("link", name="导出 Excel")).to_be_visible()


@pytest.mark.parametrize("width", WIDTHS)
def test_verify_page_fits_the_window(live_server, page, desk, width):
    notice = desk.documents.get(kind="rectification_order")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/verify/{notice.code}")
    expect(page.locator("#verify-title")).to_have_text("责令限期整改通知书")
    _fits(page, "verify", width)


@pytest.mark.parametrize("width", WIDTHS)
def test_charts_draw_and_fit_the_window(live_server, log_in, desk, width):
    page = log_in("officer")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/charts/")
    expect(page.locator(".chart canvas")).to_have_count(4)
    expect(page.locator("#district-numbers")).to_contain_text(desk.district.name)
    _fits(page, "charts", width)
    page.goto(live_server.url + "/")
    expect(page.locator("#dashboard-charts canvas")).to_have_count(2)
    _fits(page, "home", width)


def test_phone_menu_opens_without_script_and_marks_the_page(live_server, log_in, desk):
    page = log_in("officer")
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(live_server.url + "/documents/")
    menu = page.locator("#menu")
    expect(menu).to_be_hidden()
    header = page.locator("header.top").bounding_box()
    assert header["height"] < 80, "the header takes too much of a phone's screen"
    page.get_by_text("菜单", exact=True).click()
    expect(menu).to_be_visible()
    expect(menu.locator('[aria-current="page"]')).to_have_text("文书")
    _fits(page, "menu-open", 390)
    page.keyboard.press("Tab")  # the skip link is the first stop and leads to the content
    page.goto(live_server.url + "/documents/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="跳到正文")).to_be_focused()
