"""The re-checks' batch paper: the district's 逾期整改未达标企业清单 of its re-checked cases."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from hecha.cases.selectors import cases_visible_to
from hecha.cases.services.common import CaseRefused, current_day
from hecha.workflow.stages import Stage


def issue_overdue_list(*, user, today: date | None = None):
    """The district's 逾期整改未达标企业清单: its cases re-checked and still short."""
    from hecha.documents.issuing import issue_list

    if not user.is_district_user:
        raise CaseRefused(["逾期整改未达标企业清单由区县出具"])
    cases = list(cases_visible_to(user).filter(stage=Stage.DISTRICT_RECHECK).order_by("uscc"))
    if not cases:
        raise CaseRefused(["本区县没有处于“区县复查”阶段的案件"])
    with transaction.atomic():
        return issue_list("overdue_list", cases=cases, user=user, district_code=user.district.code,
                          on=today or current_day())  # fmt: skip
