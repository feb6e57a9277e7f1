"""What every case service shares: the refusal, the locked case, the case as the procedure sees
it, and applying one judged step with its audit entry in the caller's transaction."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from hecha import clock
from hecha.audit.services import log_action
from hecha.calendars.services import work_calendar
from hecha.cases.models import Case
from hecha.cases.selectors import cases_visible_to
from hecha.cases.services.comparisons import last_check
from hecha.workflow.procedure import Actor, CaseFacts, Outcome, StepRefused, attempt, next_step
from hecha.workflow.rules import late_compliance
from hecha.workflow.stages import Stage

SYSTEM = Actor("system", None)


class CaseRefused(Exception):
    """Nothing was changed; `reasons` say why, in Chinese."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("；".join(reasons))
        self.reasons = reasons


class CaseNotFound(Exception):
    """No such case among those the user may see (answered as 404)."""


@contextmanager
def documents_or_refused() -> Iterator[None]:
    """A document refused (a back-dated number, an unusable public URL) refuses the step that
    issues it, with the documents' own Chinese message; the transaction rolls back."""
    from hecha.documents.services import DocumentRefused

    try:
        yield
    except DocumentRefused as refused:
        raise CaseRefused([str(refused)]) from None


def current_day() -> date:
    return clock.today()


def actor_of(user) -> Actor:
    if user is None:
        return SYSTEM
    return Actor(user.role, user.district.code if user.district_id else None)


def compliant_run(case: Case, on: date | None = None) -> int | None:
    """The latest comparison since service, if it found this enterprise compliant."""
    found = last_check(case, on or current_day())
    return found.run if found and found.meets else None


def _statements(case: Case) -> tuple[int, bool]:
    rows = list(case.statements.values_list("response_outcome", flat=True))
    return sum(1 for r in rows if not r), "accepted" in rows


def statement_period(case: Case):
    """The 陈述、申辩 period after the revocation notice is served, as the notice prints it."""
    if case.revocation_served_on is None:
        return None
    from hecha.documents.issuing import statement_deadline

    return statement_deadline(case.revocation_served_on)


def facts_of(case: Case, *, compliance: bool = True, on: date | None = None) -> CaseFacts:
    """The case as the procedure sees it on `on` (default today). `compliance=False` skips
    looking for the latest comparison (a few queries), which only the steps need, not the
    deadlines."""
    check = last_check(case, on or current_day()) if compliance else None
    open_statements, accepted = (
        _statements(case) if case.stage == Stage.REVOCATION_NOTICED else (0, False)
    )
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
        last_check=check.run if check else None,
        last_check_on=check.as_of if check else None,
        last_check_meets=bool(check and check.meets),
        late_compliance=late_compliance().key,
        district_rechecked_on=case.district_rechecked_on,
        overdue_listed_on=case.overdue_list.issued_on if case.overdue_list_id else None,
        city_rechecked_on=case.city_rechecked_on,
        revocation_announced_on=case.revocation_announced_on,
        revocation_served_on=case.revocation_served_on,
        revocation_tracking_no=case.revocation_tracking_no,
        statement_until=statement_period(case),
        statements_open=open_statements,
        statement_accepted=accepted,
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


def apply_step(case: Case, step: str, user, data: dict[str, Any], on: date, **log_extra) -> Outcome:
    """Judge and apply one step to a locked case, inside the caller's transaction."""
    calendar = work_calendar()
    before = case.stage
    try:
        outcome = attempt(
            step,
            facts_of(case, on=on),
            actor=actor_of(user),
            data=data,
            today=on,
            calendar=calendar,
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
            "found": jsonable(outcome.notes),
            "dates": {
                k: {"date": d.value.isoformat(), "basis": d.basis} for k, d in outcome.dates.items()
            },
            **log_extra,
        },
    )
    return outcome
