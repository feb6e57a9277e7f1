"""Lists that scale: every list page pages, sorts, filters, searches and exports to XLSX the
same way, through django-filter rather than query parsing of our own.

A list page gives `listing()` the queryset the user may see (already scoped by the app's
selector: a district user's rows only), a `ListFilter` subclass and its columns; it gets back
either the XLSX response (`?export=xlsx`) or a `Listing` to render with the shared templates
`hecha/_list_filter.html`, `hecha/_list_head.html` and `hecha/_pager.html`.

A filter value that cannot be read (an unknown district, a bad date, an unknown sort) is
ignored and named in Chinese above the list; it never fails the page.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import django_filters
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from hecha.spreadsheets import XLSX, Cells, attachment, workbook

PER_PAGE = 50
EXPORT_LIMIT = 50_000  # rows in one export; a larger list is narrowed by its filters first
SORT = "sort"


class ListFilter(django_filters.FilterSet):
    """Base of every list's filters: a search box over `search_fields`, the district filter
    dropped for a district user (who sees one district only), Chinese messages."""

    q = django_filters.CharFilter(label="搜索", method="search")
    search_fields: Sequence[str] = ()
    search_distinct = False  # set when a search lookup crosses a to-many relation

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        user = getattr(request, "user", None)
        if getattr(user, "is_district_user", False):
            self.filters.pop("district", None)

    @property
    def form(self):
        """The filter form, its ids prefixed `filter-` so that they never repeat an id of
        another form on the same page (a list page often has one)."""
        if not hasattr(self, "_form"):
            data = self.data if self.is_bound else None
            self._form = self.get_form_class()(data, auto_id="filter-%s", label_suffix="")
        return self._form

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        query = Q()
        for lookup in self.search_fields:
            query |= Q(**{lookup: value.upper() if lookup.startswith("uscc") else value})
        queryset = queryset.filter(query)
        return queryset.distinct() if self.search_distinct else queryset


def district_filter(**kwargs: Any) -> django_filters.ModelChoiceFilter:
    from hecha.accounts.models import District

    return django_filters.ModelChoiceFilter(
        label="区县",
        queryset=District.objects.order_by("code"),
        empty_label="全部",
        to_field_name="code",
        error_messages={"invalid_choice": "没有这个区县"},
        **kwargs,
    )


def date_filter(field_name: str, lookup: str, label: str) -> django_filters.DateFilter:
    from django import forms

    return django_filters.DateFilter(
        field_name=field_name,
        lookup_expr=lookup,
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "请输入有效日期（YYYY-MM-DD）"},
    )


def ordering(*columns: tuple[str, str]) -> django_filters.OrderingFilter:
    """The `sort` parameter: (model field, sort key) pairs; `-key` sorts descending."""
    return django_filters.OrderingFilter(
        fields=columns,
        label="排序",
        error_messages={"invalid_choice": "无法按该列排序"},
    )


@dataclass(frozen=True)
class Column:
    """One column of a list: its header, the sort key it answers to (none: not sortable), the
    value written to the XLSX export and the export column's width in characters."""

    label: str
    sort: str = ""
    value: Callable[[Any], Any] | None = None
    width: int = 16
    on_page: bool = True  # false: in the export only (the page shows it inside another column)


@dataclass
class Header:
    label: str
    url: str = ""
    state: str = ""  # "ascending", "descending" or ""


@dataclass
class Listing:
    filters: ListFilter
    page: Page
    headers: list[Header]
    query: str  # the filters and sort, without the page: for pager links
    export_url: str
    problems: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return self.page.paginator.count

    @property
    def filtered(self) -> bool:
        return any(k not in (SORT, "page") and v for k, v in self.filters.data.items())


def listing(
    request: HttpRequest,
    *,
    queryset: QuerySet,
    filterset: type[ListFilter],
    columns: Sequence[Column],
    export_name: str,
    default_order: Sequence[str] = ("-pk",),
    per_page: int = PER_PAGE,
) -> Listing | HttpResponse:
    filters = filterset(request.GET, queryset=queryset.order_by(*default_order), request=request)
    rows = filters.qs
    if request.GET.get("export") == "xlsx":
        return export(rows[:EXPORT_LIMIT], columns, export_name)
    query = request.GET.copy()
    for key in ("page", "export"):
        query.pop(key, None)
    plain = query.copy()
    plain.pop(SORT, None)
    return Listing(
        filters=filters,
        page=Paginator(rows, per_page).get_page(request.GET.get("page")),
        headers=_headers(columns, request.GET.get(SORT, ""), plain),
        query=query.urlencode(),
        export_url="?" + _join(query.urlencode(), "export=xlsx"),
        problems=_problems(filters),
    )


def when(value) -> str:
    """A moment as a list cell: local date and minute, empty when there is none."""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _join(*parts: str) -> str:
    return "&".join(p for p in parts if p)


def _headers(columns: Sequence[Column], current: str, plain) -> list[Header]:
    headers = []
    for column in (c for c in columns if c.on_page):
        if not column.sort:
            headers.append(Header(column.label))
            continue
        state = {column.sort: "ascending", "-" + column.sort: "descending"}.get(current, "")
        wanted = "-" + column.sort if state == "ascending" else column.sort
        headers.append(
            Header(column.label, "?" + _join(plain.urlencode(), f"{SORT}={wanted}"), state)
        )
    return headers


def _problems(filters: ListFilter) -> list[str]:
    if not filters.is_bound or filters.is_valid():
        return []
    form = filters.form
    return [
        f"{form.fields[name].label if name in form.fields else name}：{'；'.join(errors)}"
        for name, errors in form.errors.items()
    ]


def export(rows: QuerySet, columns: Sequence[Column], name: str) -> HttpResponse:
    """The rows as one XLSX sheet, written by hecha.spreadsheets (no text becomes a formula)."""
    out = io.BytesIO()
    book = workbook(out)
    cells = Cells(book)
    sheet = book.add_worksheet(name[:31])
    bold = cells.format(bold=True, bg_color="#EEF2F6", border=1)
    shown = [c for c in columns if c.value is not None]
    cells.row(sheet, 0, [c.label for c in shown], bold)
    for col, column in enumerate(shown):
        sheet.set_column(col, col, column.width)
    sheet.freeze_panes(1, 0)
    for n, obj in enumerate(rows.iterator(chunk_size=2000), start=1):
        cells.row(sheet, n, [c.value(obj) for c in shown])  # type: ignore[misc]
    book.close()
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = attachment(f"{name}.xlsx")
    return response
