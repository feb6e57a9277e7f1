"""Which comparison a case's re-check rests on: the latest published run since service that
compared the enterprise's flagged qualifications, and whether it found them short."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from hecha.cases.models import Case
from hecha.checks.models import CheckRun, Finding

RUNS_LOOKED_AT = 20  # later runs that did not compare the enterprise are passed over


@dataclass(frozen=True)
class LastCheck:
    run: int
    as_of: date
    meets: bool


def _as_the_run_saw(model, run: CheckRun, uscc: str):
    """The registry rows the run read: written by a batch it read, not yet replaced when it
    ran (a replacement comes from a later batch)."""
    top = max(run.batch_ids or [0])
    rows = model.objects.filter(uscc=uscc, batch_id__in=run.batch_ids or [])
    return rows.filter(Q(superseded_by__isnull=True) | Q(superseded_by_id__gt=top))


def compared(run: CheckRun, case: Case) -> bool:
    """Whether the run compared the enterprise's flagged qualifications: one deregistered, or
    whose qualification lapsed or was given up, is outside every later run."""
    from hecha.checks.services.standards import standard_of
    from hecha.registry.models import Enterprise, Qualification

    statuses = standard_of(run.standard).policy.compared_business_statuses
    flagged = Finding.objects.filter(run=case.campaign.run_id, uscc=case.uscc).values(
        "qualification"
    )
    return (
        _as_the_run_saw(Enterprise, run, case.uscc).filter(business_status__in=statuses).exists()
        and _as_the_run_saw(Qualification, run, case.uscc)
        .filter(name__in=flagged, valid_until__gte=run.as_of)
        .exists()
    )


def last_check(case: Case, on: date) -> LastCheck | None:
    """The latest published comparison since service, as of `on` (a step taken on a day
    knows no comparison dated after it), that compared the enterprise.

    Kept on the case object for the rest of its request (the case page asks twice), keyed
    by everything of the case it reads."""
    key = (on, case.served_on, case.district_id, case.uscc)
    kept = case.__dict__.setdefault("_last_checks", {})
    if key not in kept:
        kept[key] = _last_check(case, on)
    return kept[key]


def _last_check(case: Case, on: date) -> LastCheck | None:
    if case.served_on is None:
        return None
    runs = (
        CheckRun.objects.filter(
            status="done", what_if=False, as_of__gte=case.served_on, as_of__lte=on
        )
        .filter(Q(district_id=case.district_id) | Q(district__isnull=True))
        .select_related("standard")
        .order_by("-as_of", "-id")[:RUNS_LOOKED_AT]
    )
    for run in runs:
        if Finding.objects.filter(run_id=run.pk, uscc=case.uscc).exists():
            return LastCheck(run.pk, run.as_of, meets=False)
        if compared(run, case):
            return LastCheck(run.pk, run.as_of, meets=True)
    return None
