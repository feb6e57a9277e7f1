"""A city reviewer imports through the page, sees the counts; a bad set shows row errors; a
district officer finds no form (the registry is the city's to import)."""

import pytest
from playwright.sync_api import expect
from stdnum.cn import ric, uscc

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

A = "91210102MA0Q00001" + uscc.calc_check_digit("91210102MA0Q00001")
B = "91210102MA0Q00002" + uscc.calc_check_digit("91210102MA0Q00002")
P1 = "21010219800101123" + ric.calc_check_digit("210102198001011230")
P2 = "21010219850505456" + ric.calc_check_digit("210102198505054560")


def files(folder, personnel_id=P1):
    folder.mkdir()
    (folder / "enterprises.csv").write_text(
        f"统一社会信用代码,企业名称,区划代码\n{A},沈阳甲建筑工程有限公司,210102\n"
        f"{B},沈阳乙建设工程有限公司,210102\n",
        encoding="utf-8",
    )
    (folder / "personnel.csv").write_text(
        "id_number,name,uscc,certificate_type,registration_no,specialties,valid_until\n"
        f"{personnel_id},张三,{A},二级注册建造师,辽221001,建筑工程,2028-12-31\n"
        f"{P2},李四,{B},一级注册建造师,辽121002,机电工程,2028-12-31\n",
        encoding="utf-8",
    )
    return [str(folder / "enterprises.csv"), str(folder / "personnel.csv")]


def test_reviewer_imports_and_sees_counts(
    live_server, log_in, city_reviewer, inline_imports, tmp_path
):
    page = log_in("city_reviewer")
    expect(page.locator("#who")).to_contain_text("市局核查人员")
    # the vendored assets load from the server itself: htmx and the stylesheet
    assert page.evaluate("typeof htmx") == "object"
    assert page.evaluate("getComputedStyle(document.querySelector('header.top')).display") == "flex"
    page.get_by_role("link", name="数据导入").click()
    page.locator("#id_files").set_input_files(files(tmp_path / "good"))
    page.get_by_role("button", name="开始导入").click()
    expect(page.locator("#import-done")).to_contain_text("导入完成")
    counts = page.locator("#import-counts")
    expect(counts).to_contain_text("enterprises.csv")
    expect(counts.locator("tr", has_text="personnel.csv")).to_contain_text("2")
    page.get_by_role("link", name="企业", exact=True).click()
    expect(page.locator("#enterprises")).to_contain_text("沈阳甲建筑工程有限公司")


def test_bad_set_shows_row_errors(live_server, log_in, city_reviewer, inline_imports, tmp_path):
    from hecha.registry.selectors import current_counts

    bad = P1[:17] + ("0" if P1[17] != "0" else "1")
    page = log_in("city_reviewer")
    page.goto(live_server.url + "/imports/")
    page.locator("#id_files").set_input_files(files(tmp_path / "bad", personnel_id=bad))
    page.get_by_role("button", name="开始导入").click()
    expect(page.locator("#import-refused")).to_contain_text("没有任何改动")
    expect(page.locator("#import-problems")).to_contain_text(
        "personnel.csv:2: 身份证号: 身份证号校验位错误：“210102********"
    )
    assert current_counts()["enterprises"] == 0


def test_a_district_officer_finds_no_import_form(live_server, log_in, heping_officer):
    page = log_in("heping_officer")
    page.get_by_role("link", name="数据导入").click()
    expect(page.locator("#import-city-only")).to_contain_text("数据导入由市局核查人员进行")
    expect(page.locator("#id_files")).to_have_count(0)
