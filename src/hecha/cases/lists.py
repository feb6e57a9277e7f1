"""Filters and columns of the case lists: cases and the districts' submissions (hecha.lists)."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from hecha import clock, lists
from hecha.cases.models import Campaign
from hecha.workflow.stages import CLOSED, Stage


def _campaigns(request):
    user = getattr(request, "user", None)
    campaigns = Campaign.objects.defer("skipped").order_by("-pk")
    if getattr(user, "is_district_user", False):
        return campaigns.filter(Q(district__isnull=True) | Q(district_id=user.district.code))
    return campaigns


class CaseFilter(lists.ListFilter):
    search_fields = ("enterprise_name__contains", "uscc__startswith", "tracking_no__iexact")
    stage = django_filters.ChoiceFilter(
        label="阶段", choices=[(s.value, s.label) for s in Stage], empty_label="全部",
        error_messages={"invalid_choice": "没有这个阶段"},
    )  # fmt: skip
    campaign = django_filters.ModelChoiceFilter(
        label="核查批次", queryset=_campaigns, empty_label="全部",
        error_messages={"invalid_choice": "没有这个核查批次"},
    )  # fmt: skip
    district = lists.district_filter()
    overdue = django_filters.ChoiceFilter(
        label="期限", choices=[("1", "仅看逾期")], empty_label="全部", method="only_overdue",
        error_messages={"invalid_choice": "无法识别"},
    )  # fmt: skip
    deadline_from = lists.date_filter("deadline", "gte", "期限自")
    deadline_to = lists.date_filter("deadline", "lte", "至")
    sort = lists.ordering(
        ("enterprise_name", "name"), ("district_id", "district"), ("stage", "stage"),
        ("next_step", "next"), ("owed_by", "owed"), ("deadline", "deadline"),
        ("campaign_id", "campaign"),
    )  # fmt: skip

    def only_overdue(self, queryset, name, value):
        if not value:
            return queryset
        closed = [s.value for s in CLOSED]
        return queryset.filter(deadline__lt=clock.today()).exclude(stage__in=closed)


def _deadline(c) -> str:
    return c.deadline.isoformat() if c.deadline else ""


CASE_COLUMNS = [
    lists.Column("企业", "name", lambda c: c.enterprise_name, 36),
    lists.Column("统一社会信用代码", "", lambda c: c.uscc, 22, on_page=False),
    lists.Column("区县", "district", lambda c: c.district.name, 10),
    lists.Column("核查批次", "campaign", lambda c: c.campaign.name, 20),
    lists.Column("阶段", "stage", lambda c: c.get_stage_display(), 14),
    lists.Column("下一步", "next", lambda c: c.next_step, 20),
    lists.Column("责任方", "owed", lambda c: c.owed_by, 8),
    lists.Column("期限", "deadline", _deadline, 12),
]


class SubmissionFilter(lists.ListFilter):
    search_fields = ("cases__enterprise_name__contains", "cases__uscc__startswith",
                     "document__number__contains")  # fmt: skip
    search_distinct = True
    district = lists.district_filter()
    accepted = django_filters.ChoiceFilter(
        label="市局接收", choices=[("yes", "已接收"), ("no", "待接收")], empty_label="全部",
        method="by_acceptance", error_messages={"invalid_choice": "无法识别"},
    )  # fmt: skip
    created_from = lists.date_filter("created_at__date", "gte", "报送日期自")
    created_to = lists.date_filter("created_at__date", "lte", "至")
    sort = lists.ordering(("pk", "number"), ("district_id", "district"), ("created_at", "created"),
                          ("accepted_at", "accepted"))  # fmt: skip

    def by_acceptance(self, queryset, name, value):
        return queryset.filter(accepted_at__isnull=value != "yes")


SUBMISSION_COLUMNS = [
    lists.Column("报送", "number", lambda s: f"#{s.pk}", 8),
    lists.Column("区县", "district", lambda s: s.district.name, 10),
    lists.Column("报送人", "", lambda s: s.created_by.display_name, 10),
    lists.Column("时间", "created", lambda s: lists.when(s.created_at), 18),
    lists.Column("案件数", "", lambda s: len(s.rows), 8),
    lists.Column("清单文号", "", lambda s: s.document.number if s.document else "", 24),
    lists.Column("市局接收", "accepted", lambda s: lists.when(s.accepted_at), 18),
]
