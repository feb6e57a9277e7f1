"""The comparison runs list's filters and columns (hecha.lists)."""

from __future__ import annotations

import django_filters

from hecha import lists


class RunFilter(lists.ListFilter):
    search_fields = ("standard__version__contains",)
    district = lists.district_filter()
    what_if = django_filters.ChoiceFilter(
        label="类型", choices=[("no", "正式比对"), ("yes", "试算")], empty_label="全部",
        method="by_kind", error_messages={"invalid_choice": "无法识别"},
    )  # fmt: skip
    as_of_from = lists.date_filter("as_of", "gte", "基准日自")
    as_of_to = lists.date_filter("as_of", "lte", "至")
    sort = lists.ordering(
        ("pk", "number"), ("as_of", "as_of"), ("finished_at", "finished"),
        ("enterprises_compared", "compared"), ("enterprises_flagged", "flagged"),
        ("findings_count", "findings"),
    )  # fmt: skip

    def by_kind(self, queryset, name, value):
        return queryset.filter(what_if=value == "yes")


COLUMNS = [
    lists.Column("批次", "number", lambda r: f"#{r.pk}{'（试算）' if r.what_if else ''}", 10),
    lists.Column("基准日", "as_of", lambda r: r.as_of.isoformat(), 12),
    lists.Column("标准版本", "", lambda r: r.standard.version, 14),
    lists.Column("范围", "", lambda r: r.district.name if r.district else "全市", 10),
    lists.Column("发起人", "", lambda r: r.started_by.display_name if r.started_by else "系统", 10),
    lists.Column("完成时间", "finished", lambda r: lists.when(r.finished_at), 18),
    lists.Column("比对企业", "compared", lambda r: r.enterprises_compared, 10),
    lists.Column("异常企业", "flagged", lambda r: r.enterprises_flagged, 10),
    lists.Column("不符合项", "findings", lambda r: r.findings_count, 10),
]


class FindingSort(lists.ListFilter):
    """The flagged list keeps its own filter form (checks.forms.FindingFilterForm, with the
    not-assessed kinds); this adds sorting by column and the shared pager."""

    q = None  # searched by the list's own form
    sort = lists.ordering(
        ("enterprise_name", "name"), ("district_code", "district"),
        ("qualification", "qualification"), ("required", "required"), ("counted", "counted"),
    )  # fmt: skip


FINDING_COLUMNS = [
    lists.Column("企业", "name"),
    lists.Column("区县", "district"),
    lists.Column("资质", "qualification"),
    lists.Column("标准要求"),
    lists.Column("要求", "required"),
    lists.Column("符合", "counted"),
]
