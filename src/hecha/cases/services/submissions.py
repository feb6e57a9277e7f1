"""A district submits its contacted cases and their list to the city (报送); the city accepts."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from hecha.audit.services import log_action
from hecha.cases.models import Case, Submission
from hecha.cases.selectors import cases_visible_to
from hecha.cases.services.common import (
    CaseRefused,
    apply_step,
    current_day,
    digest,
    documents_or_refused,
)
from hecha.cases.services.lists import list_rows
from hecha.workflow.procedure import CITY_ROLES


def submit_to_city(*, case_ids: list[int], user, today: date | None = None) -> Submission:
    """The district submits its contacted cases and the list the system produced."""
    if not user.is_district_user:
        raise CaseRefused(["只有区县用户可以报送市局"])
    on = today or current_day()
    with transaction.atomic():
        cases = list(cases_visible_to(user).select_for_update().filter(pk__in=case_ids))
        if not cases or len(cases) != len(set(case_ids)):
            raise CaseRefused(["请选择要报送的本区县案件"])
        rows = list_rows(cases)
        submission = Submission.objects.create(
            district=user.district, created_by=user, rows=rows, sha256=digest(rows)
        )
        problems = []
        for case in cases:
            try:
                apply_step(case, "submit_to_city", user, {}, on, submission=submission.pk)
            except CaseRefused as refused:
                problems.append(f"{case.enterprise_name}：{refused}")
        if problems:
            raise CaseRefused(problems)
        Case.objects.filter(pk__in=[c.pk for c in cases]).update(submission=submission)
        with documents_or_refused():
            from hecha.documents.issuing import issue_list

            submission.document = issue_list("anomaly_list", cases=cases, user=user,
                                             district_code=user.district.code, on=on)  # fmt: skip
        submission.save(update_fields=["document"])
        log_action(action="cases.submission_created", actor=user, object_type="cases.submission",
                   object_id=submission.pk, district_code=user.district.code,
                   data={"submission": submission.pk, "cases": len(cases), "sha256": submission.sha256})  # fmt: skip
    return submission


def accept_submission(*, submission_id: int, user) -> Submission:
    if user.role not in CITY_ROLES:
        raise CaseRefused(["只有市局用户可以接收区县报送"])
    with transaction.atomic():
        submission = Submission.objects.select_for_update().filter(pk=submission_id).first()
        if submission is None:
            raise CaseRefused(["报送不存在"])
        if submission.accepted_at:
            raise CaseRefused(["该报送已接收"])
        submission.accepted_by, submission.accepted_at = user, timezone.now()
        submission.save()
        Case.objects.filter(submission=submission).update(version=F("version") + 1)
        log_action(action="cases.submission_accepted", actor=user, object_type="cases.submission",
                   object_id=submission.pk, district_code=submission.district_id,
                   data={"submission": submission.pk, "sha256": submission.sha256})  # fmt: skip
    return submission
