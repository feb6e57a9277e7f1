"""The district's 逾期整改未达标企业清单: its re-checked cases, signed by two officers and
submitted to the city, which re-checks them a second time (行动方案四（三）)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from hecha.accounts.models import Officer
from hecha.audit.services import log_action
from hecha.cases.models import Case, OverdueList
from hecha.cases.selectors import cases_visible_to
from hecha.cases.services.common import (
    CaseRefused,
    current_day,
    digest,
    documents_or_refused,
    refresh_deadline,
)
from hecha.cases.services.lists import list_rows
from hecha.workflow.requirements import officers_problem
from hecha.workflow.stages import Stage


def unlisted(user):
    """The district's re-checked cases not yet on an overdue list."""
    return cases_visible_to(user).filter(stage=Stage.DISTRICT_RECHECK, overdue_list__isnull=True)


def _signing(user, officer_ids: list[int], on: date) -> list[Officer]:
    ids = [int(i) for i in officer_ids if str(i).isdigit()]
    rows = {
        o.pk: o for o in Officer.objects.select_related("district").filter(pk__in=ids, active=True)
    }
    officers = [rows[i] for i in ids if i in rows]
    problem = officers_problem("逾期整改未达标企业清单", [o.as_core() for o in officers], on,
                               user.district.code)  # fmt: skip
    if problem:
        raise CaseRefused([problem])
    return officers


def issue_overdue_list(*, user, officer_ids: list[int] | None = None, today: date | None = None):
    """Issue the district's overdue list of its re-checked cases, signed by two officers; each
    case goes on it, on the record. Returns the list's document."""
    if not user.is_district_user:
        raise CaseRefused(["逾期整改未达标企业清单由区县出具"])
    on = today or current_day()
    with transaction.atomic():
        cases = list(unlisted(user).select_for_update().order_by("uscc"))
        if not cases:
            raise CaseRefused(["本区县没有待列入清单的“区县复查”阶段案件"])
        a, b = _signing(user, officer_ids or [], on)
        rows = list_rows(cases)
        overdue = OverdueList.objects.create(district=user.district, officer_a=a, officer_b=b,
                                             issued_on=on, rows=rows, sha256=digest(rows),
                                             created_by=user)  # fmt: skip
        with documents_or_refused():
            from hecha.documents.issuing import issue_list

            overdue.document = issue_list("overdue_list", cases=cases, user=user,
                                          district_code=user.district.code, on=on, officers=[a, b])  # fmt: skip
        overdue.save(update_fields=["document"])
        _list_cases(overdue, cases, user)
    return overdue.document


def _list_cases(overdue: OverdueList, cases: list[Case], user) -> None:
    signers = f"{overdue.officer_a.name}（{overdue.officer_a.certificate_no}）、" \
              f"{overdue.officer_b.name}（{overdue.officer_b.certificate_no}）"  # fmt: skip
    for case in cases:
        case.overdue_list = overdue
        case.version += 1
        refresh_deadline(case)
        case.save()
        log_action(action="cases.overdue_listed", actor=user, object_type="cases.case",
                   object_id=case.pk, district_code=case.district_id,
                   data={"case": case.pk, "list": overdue.pk, "officers": signers})  # fmt: skip
    log_action(action="cases.overdue_list_issued", actor=user, object_type="cases.overdue_list",
               object_id=overdue.pk, district_code=overdue.district_id,
               data={"list": overdue.pk, "cases": len(cases), "officers": signers,
                     "sha256": overdue.sha256})  # fmt: skip
