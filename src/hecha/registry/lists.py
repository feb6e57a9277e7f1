"""The enterprises list's filters and columns (hecha.lists)."""

from __future__ import annotations

import django_filters

from hecha import lists


class EnterpriseFilter(lists.ListFilter):
    search_fields = ("name__contains", "uscc__startswith", "legal_representative__contains")
    district = lists.district_filter()
    business_status = django_filters.CharFilter(label="经营状态", lookup_expr="exact")
    sort = lists.ordering(
        ("name", "name"), ("uscc", "uscc"), ("district_id", "district"),
        ("legal_representative", "representative"), ("business_status", "status"),
    )  # fmt: skip


COLUMNS = [
    lists.Column("企业名称", "name", lambda e: e.name, 36),
    lists.Column("统一社会信用代码", "uscc", lambda e: e.uscc, 22),
    lists.Column("区县", "district", lambda e: e.district.name, 10),
    lists.Column("法定代表人", "representative", lambda e: e.legal_representative, 12),
    lists.Column("联系电话", "", lambda e: e.phone, 16),
    lists.Column("经营状态", "status", lambda e: e.business_status, 10),
]
