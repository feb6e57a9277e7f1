"""The page frame every signed-in page shares, and the admin: a skip link, the current menu
item marked, labels tied to their inputs, no repeated ids, and the admin in Chinese with a
person's name in one 姓名 field."""

import re

import pytest


def _ids(html: str) -> list[str]:
    return re.findall(r'\sid="([^"]+)"', html)


def test_skip_link_leads_to_the_main_content(login, heping_officer, reference_data):
    html = login(heping_officer).get("/").content.decode()
    assert '<a class="skip" href="#main">跳到正文</a>' in html
    assert '<main id="main"' in html


@pytest.mark.parametrize(
    ("url", "item"),
    [("/documents/", "文书"), ("/enterprises/", "企业"), ("/cases/", "核查案件"),
     ("/charts/", "统计图"), ("/checks/", "系统比对"), ("/", "首页")],
)  # fmt: skip
def test_the_current_menu_item_is_marked(login, heping_officer, reference_data, url, item):
    html = login(heping_officer).get(url).content.decode()
    current = re.findall(r'<a href="[^"]*" aria-current="page">([^<]+)</a>', html)
    assert current == [item]


def test_city_menu_items_are_not_offered_to_a_district(login, heping_officer, city_reviewer):
    assert ">邮寄</a>" not in login(heping_officer).get("/").content.decode()
    assert ">邮寄</a>" in login(city_reviewer).get("/").content.decode()


@pytest.mark.parametrize("url", ["/documents/", "/enterprises/", "/cases/", "/submissions/",
                                 "/checks/", "/charts/"])  # fmt: skip
def test_list_pages_tie_labels_to_inputs_and_repeat_no_id(login, city_reviewer, campaign, url):
    html = login(city_reviewer).get(url).content.decode()
    ids = _ids(html)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    form = html.split('role="search"')[1].split("</form>")[0] if 'role="search"' in html else ""
    for field_id in re.findall(r'<(?:input|select)[^>]*\sid="([^"]+)"', form):
        assert f'<label for="{field_id}">' in form


def test_admin_lists_permissions_in_chinese(client, admin_user):
    client.force_login(admin_user)
    html = client.get("/admin/auth/group/add/").content.decode()
    assert "Can add" not in html and "Can view" not in html
    assert "用户与区县 | API 令牌 | 增加API 令牌" in html
    script = re.sub(  # the catalogue's \uXXXX escapes, read back as characters
        r"\\u([0-9a-fA-F]{4})",
        lambda m: chr(int(m.group(1), 16)),
        client.get("/admin/jsi18n/").content.decode(),
    )
    assert '"Choose all %s": "全选%s"' in script


def test_admin_user_form_has_one_name_field(client, admin_user, heping_officer):
    client.force_login(admin_user)
    html = client.get(f"/admin/accounts/user/{heping_officer.pk}/change/").content.decode()
    assert "姓名" in html and 'name="last_name"' in html
    assert 'name="first_name"' not in html and "姓氏" not in html


def test_user_add_stores_the_whole_name_as_the_display_name(reference_data):
    from hecha.accounts.models import User
    from hecha.cli import main

    code = main(["user", "add", "wangqiang", "--password", "Wq-hecha-2026-x", "--role",
                 "city_lead", "--full-name", "王强"])  # fmt: skip
    assert code == 0
    user = User.objects.get(username="wangqiang")
    assert user.last_name == "王强" and user.first_name == "" and user.display_name == "王强"
