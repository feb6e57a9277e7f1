"""The documents list's filters and columns (hecha.lists)."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from hecha import lists
from hecha.documents.models import KIND_CHOICES


class DocumentFilter(lists.ListFilter):
    search_fields = ("number__contains", "title__contains", "case__enterprise_name__contains",
                     "case__uscc__startswith", "code__iexact")  # fmt: skip
    kind = django_filters.ChoiceFilter(
        label="文书种类", choices=KIND_CHOICES, empty_label="全部",
        error_messages={"invalid_choice": "没有这种文书"},
    )  # fmt: skip
    district = lists.district_filter(method="in_district")
    issued_from = lists.date_filter("issued_at__date", "gte", "制发日期自")
    issued_to = lists.date_filter("issued_at__date", "lte", "至")
    sort = lists.ordering(
        ("title", "title"), ("pk", "number"), ("issuer_name", "issuer"), ("issued_at", "issued")
    )

    def in_district(self, queryset, name, value):
        return queryset.filter(Q(district_code=value.code) | Q(case__district_id=value.code))


def _case_name(d) -> str:
    return d.case.enterprise_name if d.case else ""


COLUMNS = [
    lists.Column("文书", "title", lambda d: d.title, 28),
    lists.Column("企业", "", _case_name, 36),
    lists.Column("文号", "number", lambda d: d.number, 24),
    lists.Column("发文机关", "issuer", lambda d: d.issuer_name, 28),
    lists.Column("成文日期", "", lambda d: d.content.get("date_cn", ""), 16),
    lists.Column("制发", "issued", lambda d: d.issued_by.display_name, 12),
    lists.Column("制发时间", "", lambda d: lists.when(d.issued_at), 18),
    lists.Column("核验码", "", lambda d: d.code, 18),
    lists.Column("下载", ""),
]
