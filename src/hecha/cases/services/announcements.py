"""The city's announcement of unreachable enterprises (失联企业公告): deemed served 30 days on."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from hecha.cases.models import Announcement, Case
from hecha.cases.services.common import (
    CaseRefused,
    apply_step,
    current_day,
    digest,
    documents_or_refused,
)


def publish_announcement(*, case_ids: list[int], published_on: date, user,
                         today: date | None = None) -> Announcement:  # fmt: skip
    """The city announces the unreachable enterprises: each deemed served 30 days later."""
    on = today or current_day()
    with transaction.atomic():
        cases = list(
            Case.objects.select_for_update().filter(pk__in=case_ids).order_by("district_id", "uscc")
        )
        if not cases or len(cases) != len(set(case_ids)):
            raise CaseRefused(["请选择要公告的案件"])
        rows = [{"uscc": c.uscc, "enterprise_name": c.enterprise_name, "district_code": c.district_id}
                for c in cases]  # fmt: skip
        announcement = Announcement.objects.create(kind="unreachable", published_on=published_on,
                                                   rows=rows, sha256=digest(rows), created_by=user)  # fmt: skip
        problems = []
        for case in cases:
            try:
                apply_step(case, "announce", user, {"announced_on": published_on}, on,
                           announcement=announcement.pk)  # fmt: skip
            except CaseRefused as refused:
                problems.append(f"{case.enterprise_name}：{refused}")
        if problems:
            raise CaseRefused(problems)
        Case.objects.filter(pk__in=case_ids).update(announcement=announcement)
        with documents_or_refused():
            from hecha.documents.issuing import issue_list

            announcement.document = issue_list("unreachable_announcement", cases=cases, user=user,
                                               district_code=None, on=published_on,
                                               detail=lambda c: f"邮件号 {c.tracking_no}，邮寄日期 {c.mailed_on}")  # fmt: skip
        announcement.save(update_fields=["document"])
    return announcement
