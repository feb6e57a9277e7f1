"""Every list pages, sorts, filters, searches and exports the same way (hecha.lists), scoped
to the user's district, in a flat number of queries, and a bad filter value is named in
Chinese instead of failing the page."""

import io

import pytest
from python_calamine import CalamineWorkbook

from tests.web.conftest import first_enterprise


def _sheet(response) -> list[list]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    return book.get_sheet_by_index(0).to_python()


def test_enterprise_list_counts_pages_and_sorts(login, city_reviewer, demo_registry):
    from hecha.registry.models import Enterprise

    total = Enterprise.objects.filter(is_current=True).count()
    client = login(city_reviewer)
    html = client.get("/enterprises/").content.decode()
    assert f"共 {total} 条" in html and "第 1 / " in html
    html = client.get("/enterprises/?sort=-uscc").content.decode()
    last = Enterprise.objects.filter(is_current=True).order_by("-uscc").first()
    first = Enterprise.objects.filter(is_current=True).order_by("uscc").first()
    assert last.uscc in html and first.uscc not in html
    assert 'aria-sort="descending"' in html and "sort=uscc" in html  # the header flips it


def test_enterprise_search_by_uscc_and_name(login, city_reviewer, demo_registry):
    target = first_enterprise("210103")
    client = login(city_reviewer)
    html = client.get("/enterprises/", {"q": target.uscc.lower()}).content.decode()
    assert "共 1 条" in html and target.name in html
    html = client.get("/enterprises/", {"q": target.name}).content.decode()
    assert target.uscc in html


def test_bad_filter_values_are_named_in_chinese_and_ignored(login, city_reviewer, demo_registry):
    client = login(city_reviewer)
    plain = client.get("/enterprises/").content.decode()
    response = client.get("/enterprises/?district=999999&sort=password&page=abc")
    html = response.content.decode()
    assert response.status_code == 200
    assert "区县：没有这个区县" in html and "排序：无法按该列排序" in html
    count = plain.split("共 ")[1].split(" 条")[0]
    assert f"共 {count} 条" in html  # nothing filtered away by the bad values


@pytest.mark.parametrize(
    "url",
    [
        "/documents/?issued_from=2026-02-30&kind=nope",
        "/cases/?stage=nope&campaign=x&overdue=maybe&deadline_to=tomorrow",
        "/submissions/?accepted=perhaps&created_from=0",
        "/checks/?what_if=2&as_of_from=2026-99-01&sort=-;drop",
    ],
)
def test_no_list_fails_on_bad_values(login, city_reviewer, campaign, url):
    response = login(city_reviewer).get(url)
    assert response.status_code == 200
    assert "以下筛选条件无法识别，已忽略" in response.content.decode()


def test_district_users_export_holds_their_district_only(login, heping_officer, demo_registry):
    from hecha.registry.models import Enterprise

    rows = _sheet(login(heping_officer).get("/enterprises/?export=xlsx&district=210103"))
    assert rows[0][:3] == ["企业名称", "统一社会信用代码", "区县"]
    mine = Enterprise.objects.filter(is_current=True, district_id="210102")
    assert {r[1] for r in rows[1:]} == set(mine.values_list("uscc", flat=True))
    assert {r[2] for r in rows[1:]} == {"和平区"}


def test_export_keeps_formula_like_text_as_text(login, city_reviewer, demo_registry):
    from hecha.registry.models import Enterprise

    target = first_enterprise("210102")
    Enterprise.objects.filter(pk=target.pk).update(name='=HYPERLINK("http://x","y")')
    rows = _sheet(login(city_reviewer).get("/enterprises/", {"export": "xlsx", "q": target.uscc}))
    assert rows[1][0] == '=HYPERLINK("http://x","y")'


def test_cases_filter_by_campaign_and_district_sees_its_own(login, campaign, city_lead):
    from hecha.accounts.models import User
    from hecha.cases.models import Case

    client = login(city_lead)
    html = client.get("/cases/", {"campaign": campaign.pk}).content.decode()
    assert f"共 {campaign.cases.count()} 条" in html
    html = client.get("/cases/", {"campaign": campaign.pk + 1000}).content.decode()
    assert "核查批次：没有这个核查批次" in html
    case = campaign.cases.order_by("pk").first()
    officer = User.objects.create_user("o", role="district_officer", district=case.district)
    rows = _sheet(login(officer).get("/cases/", {"export": "xlsx", "campaign": campaign.pk}))
    assert len(rows) - 1 == Case.objects.filter(district=case.district).count()
    assert {r[2] for r in rows[1:]} == {case.district.name}


def test_case_list_query_count_does_not_grow_with_rows(login, campaign, city_lead):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(city_lead)
    one = campaign.cases.order_by("pk").first()
    assert campaign.cases.count() > 10
    counts = []
    for query in ({"q": one.uscc}, {}, {"q": one.uscc, "export": "xlsx"}, {"export": "xlsx"}):
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/cases/", query).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1] and counts[2] == counts[3], counts


def test_runs_list_and_export(login, city_reviewer, demo_registry):
    client = login(city_reviewer)
    html = client.get("/checks/").content.decode()
    assert "共 1 条" in html and f"#{demo_registry.pk}" in html
    rows = _sheet(client.get("/checks/?export=xlsx"))
    assert rows[1][0] == f"#{demo_registry.pk}" and rows[1][7] == demo_registry.enterprises_flagged


def test_filter_ids_never_repeat_another_forms_ids(login, city_reviewer, demo_registry):
    import re

    html = login(city_reviewer).get("/checks/").content.decode()
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
