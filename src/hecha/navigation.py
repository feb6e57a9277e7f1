"""The main menu: which items a user's role sees, and which one the current page belongs to
(marked aria-current in the header)."""

from __future__ import annotations

from dataclasses import dataclass

from hecha.paths import path_for

CITY_ROLES = ("city_reviewer", "city_lead")


@dataclass(frozen=True)
class Item:
    label: str
    url_name: str
    pages: tuple[str, ...]  # "namespace:url_name" prefixes of the pages this item covers
    roles: tuple[str, ...] = ()  # empty: every signed-in user


MENU = (
    Item("首页", "home", ("home",)),
    Item("企业", "registry:enterprises", ("registry:enterprise",)),
    Item("数据导入", "registry:imports", ("registry:import",)),
    Item("系统比对", "checks:runs", ("checks:run", "checks:findings", "checks:enterprise")),
    Item("核查案件", "cases:cases", ("cases:case", "cases:step", "cases:evidence")),
    Item("核查批次", "cases:campaigns", ("cases:campaigns",)),
    Item("统计图", "charts", ("charts",)),
    Item("报送", "cases:submissions", ("cases:submissions",)),
    Item("邮寄", "cases:mailing", ("cases:mailing",), CITY_ROLES),
    Item("公告", "cases:announcements", ("cases:announcements",), CITY_ROLES),
    Item("文书", "documents:list", ("documents:list",)),
    Item("资质标准", "checks:standards", ("checks:standard",)),
    Item("文书模板", "documents:templates", ("documents:template",), ("admin",)),
)


def current_page(request) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match else ""


def menu(request) -> dict:
    """Context processor: `menu`, a list of (label, url, current) for the signed-in user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    page = current_page(request)
    items = [i for i in MENU if not i.roles or user.role in i.roles]
    return {  # path_for: each address reversed once per process, not on every page
        "menu": [(i.label, path_for(i.url_name), page.startswith(i.pages)) for i in items]
        + ([("系统管理", path_for("admin:index"), False)] if user.is_staff else [])
    }
