"""What the calendar decides, done by `hecha sweep`: deemed service after an announcement, legal
dates recomputed when a holiday schedule is loaded, every open deadline refreshed."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from hecha.audit.services import log_action
from hecha.calendars.services import work_calendar
from hecha.cases.models import Case
from hecha.cases.services.common import apply_step, current_day, locked_case, refresh_deadline
from hecha.workflow.procedure import deadlines
from hecha.workflow.stages import CLOSED, Stage

# stage -> the legal date it waits for: (case field, deadline rule, the case field it runs from)
LEGAL_DATES = {
    Stage.ANNOUNCED: ("deemed_served_on", "deemed_service", "announced_on"),
    Stage.RECTIFYING: ("rectification_until", "rectification", "served_on"),
    Stage.REVOCATION_NOTICED: (
        "revocation_served_on",
        "revocation_service",
        "revocation_announced_on",
    ),
}
DATE_LABELS = {"deemed_served_on": "视为送达日", "rectification_until": "整改期限",
               "revocation_served_on": "撤回告知书视为送达日"}  # fmt: skip


def legal_date(case: Case, calendar=None):
    """The legal date the case's stage waits for, computed now, with its basis and whether a
    year without a loaded holiday schedule had to be judged (then it is provisional)."""
    rule = LEGAL_DATES.get(Stage(case.stage))
    if rule is None or getattr(case, rule[2]) is None:
        return None
    field, key, since = rule
    return field, deadlines()[key].from_(getattr(case, since), calendar or work_calendar())


def _recompute_one(case_id: int, calendar) -> bool:
    with transaction.atomic():
        case = locked_case(case_id, None)
        found = legal_date(case, calendar)
        if found is None or getattr(case, found[0]) == found[1].value:
            return False  # another sweep got there first
        field, result = found
        old = getattr(case, field)
        setattr(case, field, result.value)
        case.version += 1
        case.save()
        log_action(action="cases.dates_recomputed", actor=None, object_type="cases.case", object_id=case.pk,
                   district_code=case.district_id,
                   data={"case": case.pk, "field": DATE_LABELS[field], "old": old.isoformat() if old else "",
                         "new": result.value.isoformat(), "basis": result.basis,
                         "provisional": result.provisional})  # fmt: skip
    return True


def recompute_legal_dates(calendar) -> int:
    """A holiday schedule loaded since a date was computed can move it: recompute the dates
    open cases wait for, and put every change on the record."""
    stale = [
        case.pk
        for case in Case.objects.filter(stage__in=[s.value for s in LEGAL_DATES]).iterator(
            chunk_size=500
        )
        if (found := legal_date(case, calendar)) and getattr(case, found[0]) != found[1].value
    ]  # only a case whose date moved is locked and written
    return sum(_recompute_one(case_id, calendar) for case_id in stale)


def _deem_served(on: date) -> int:
    served = 0
    due = Case.objects.filter(stage=Stage.ANNOUNCED, deemed_served_on__lte=on)
    for case_id in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            case = locked_case(case_id, None)
            if case.stage != Stage.ANNOUNCED:
                continue
            apply_step(case, "deem_served", None, {"served_on": case.deemed_served_on}, on)
            served += 1
    return served


def _refresh_deadlines() -> int:
    refreshed = 0
    calendar = work_calendar()
    open_cases = Case.objects.exclude(stage__in=[s.value for s in CLOSED])
    for case in open_cases.select_related("submission").iterator(chunk_size=500):
        old = (case.deadline, case.next_step, case.deadline_basis)
        refresh_deadline(case, calendar)
        if (case.deadline, case.next_step, case.deadline_basis) != old:
            Case.objects.filter(pk=case.pk).update(
                deadline=case.deadline, next_step=case.next_step, owed_by=case.owed_by,
                deadline_basis=case.deadline_basis, deadline_provisional=case.deadline_provisional,
            )  # fmt: skip
            refreshed += 1
    return refreshed


def sweep(*, today: date | None = None) -> dict[str, int]:
    """Advance what the calendar decides (deemed service) and refresh every open deadline.
    Idempotent: a second sweep on the same day changes nothing."""
    on = today or current_day()
    recomputed = recompute_legal_dates(work_calendar())
    served = _deem_served(on)
    refreshed = _refresh_deadlines()
    from hecha.cases.services.reminders import send_reminders

    reminded = send_reminders(on)
    overdue = (
        Case.objects.exclude(stage__in=[s.value for s in CLOSED]).filter(deadline__lt=on).count()
    )
    return {"dates_recomputed": recomputed, "deemed_served": served, "deadlines_refreshed": refreshed,
            "overdue": overdue, "reminders_sent": reminded}  # fmt: skip
