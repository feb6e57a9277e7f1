"""What every case service shares: the refusal, the locked case, the case as the procedure sees
it, and applying one judged step with its audit entry in the caller's transaction."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from django.db.models import Q

from hecha import clock
from hecha.audit.services import log_action
from hecha.calendars.services import work_calendar
from hecha.cases.models import Case
from hecha.cases.selectors import cases_visible_to
from hecha.checks.models import CheckRun, Finding
from hecha.workflow.procedure import Actor, CaseFacts, StepRefused, attempt, next_step
from hecha.workflow.stages import Stage

SYSTEM = Actor("system", None)


class CaseRefused(Exception):
    """Nothing was changed; `reasons` say why, in Chinese."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("；".join(reasons))
        self.reasons = reasons


class CaseNotFound(Exception):
    """No such case among those the user may see (answered as 404)."""


def current_day() -> date:
    return clock.today()


def actor_of(user) -> Actor:
    if user is None:
        return SYSTEM
    return Actor(user.role, user.district.code if user.district_id else None)


def compliant_run(case: Case) -> int | None:
    """The latest comparison since service, if it found this enterprise compliant."""
    if case.served_on is None:
        return None
    run = (
        CheckRun.objects.filter(status="done", what_if=False, as_of__gte=case.served_on)
        .filter(Q(district_id=case.district_id) | Q(district__isnull=True))
        .order_by("-id")
        .first()
    )
    if run is None or Finding.objects.filter(run_id=run.pk, uscc=case.uscc).exists():
        return None
    # no finding only means compliant if the run compared it: an enterprise whose
    # qualifications lapsed, or that was deregistered, was simply not compared
    from hecha.checks.services.standards import standard_of
    from hecha.registry.models import Enterprise, Qualification

    statuses = standard_of(run.standard).policy.compared_business_statuses
    compared = (
        Enterprise.objects.filter(uscc=case.uscc, is_current=True, business_status__in=statuses).exists()
        and Qualification.objects.filter(uscc=case.uscc, is_current=True, valid_until__gte=run.as_of).exists()
    )  # fmt: skip
    return run.pk if compared else None


def facts_of(case: Case, *, compliance: bool = True) -> CaseFacts:
    """The case as the procedure sees it. `compliance=False` skips looking for a compliant
    comparison (three queries), which only the steps need, not the deadlines."""
    return CaseFacts(
        stage=Stage(case.stage),
        district_code=case.district_id,
        notices_on=case.notices_on,
        contacted_on=case.contacted_on,
        mailing_address=case.mailing_address,
        submission_accepted=bool(case.submission_id and case.submission.accepted_at),
        mailed_on=case.mailed_on,
        tracking_no=case.tracking_no,
        signed_on=case.signed_on,
        returned_on=case.returned_on,
        announced_on=case.announced_on,
        served_on=case.served_on,
        rectification_until=case.rectification_until,
        compliant_run=compliant_run(case) if compliance else None,
        district_rechecked_on=case.district_rechecked_on,
        city_rechecked_on=case.city_rechecked_on,
        revocation_announced_on=case.revocation_announced_on,
        revocation_served_on=case.revocation_served_on,
    )


def refresh_deadline(case: Case, calendar=None) -> None:
    nxt = next_step(facts_of(case, compliance=False), calendar or work_calendar())
    case.next_step = nxt.what if nxt else ""
    case.owed_by = nxt.owed_by if nxt else ""
    case.deadline = nxt.due.value if nxt and nxt.due else None
    case.deadline_basis = nxt.due.basis if nxt and nxt.due else ""
    case.deadline_provisional = bool(nxt and nxt.due and nxt.due.provisional)


def jsonable(data: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in data.items():
        if isinstance(value, date):
            out[key] = value.isoformat()
        elif isinstance(value, list | tuple):
            out[key] = [str(v) for v in value]
        elif isinstance(value, str | int | float | bool) or value is None:
            out[key] = value
        else:
            out[key] = str(value)
    return out


def digest(rows: list[dict[str, Any]]) -> str:
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def locked_case(case_id: int, user) -> Case:
    cases = Case.objects.all() if user is None else cases_visible_to(user)
    case = cases.select_for_update().filter(pk=case_id).first()
    if case is None:
        raise CaseNotFound(case_id)
    return case


def apply_step(case: Case, step: str, user, data: dict[str, Any], on: date, **log_extra) -> None:
    """Judge and apply one step to a locked case, inside the caller's transaction."""
    calendar = work_calendar()
    before = case.stage
    try:
        outcome = attempt(
            step, facts_of(case), actor=actor_of(user), data=data, today=on, calendar=calendar
        )
    except StepRefused as refused:
        raise CaseRefused(refused.reasons) from None
    for key, value in outcome.sets.items():
        setattr(case, key, value)
    case.stage = outcome.stage.value
    case.version += 1
    refresh_deadline(case, calendar)
    case.save()
    log_action(
        action=f"cases.{step}",
        actor=user,
        object_type="cases.case",
        object_id=case.pk,
        district_code=case.district_id,
        data={
            "case": case.pk,
            "uscc": case.uscc,
            "from": before,
            "to": case.stage,
            "input": jsonable({k: v for k, v in data.items() if k != "officers"}),
            "dates": {
                k: {"date": d.value.isoformat(), "basis": d.basis} for k, d in outcome.dates.items()
            },
            **log_extra,
        },
    )
