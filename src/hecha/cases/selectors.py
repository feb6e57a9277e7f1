"""Reads of cases, scoped to what the user may see: a district user sees their district's
cases only, as if no other existed."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, QuerySet

from hecha.cases.models import Case
from hecha.workflow.stages import CLOSED, Stage

RESTRICTION_KINDS = [
    ("upgrade", "资质升级"),
    ("add_item", "资质增项"),
    ("new_projects", "承揽新工程"),
]
RESTRICTED_STAGES = frozenset(
    {Stage.RECTIFYING, Stage.DISTRICT_RECHECK, Stage.CITY_RECHECK, Stage.REVOCATION_NOTICED}
)


def cases_visible_to(user) -> QuerySet[Case]:
    cases = Case.objects.select_related("district", "campaign")
    if user is None or not getattr(user, "is_authenticated", False):
        return cases.none()
    if user.is_district_user:
        return cases.filter(district_id=user.district.code)
    return cases


def count_by_stage(user=None) -> dict[str, int]:
    cases = Case.objects.all() if user is None else cases_visible_to(user)
    rows = cases.values("stage").annotate(n=Count("id"))
    return {r["stage"]: r["n"] for r in rows}


def due_this_week(user, today: date) -> QuerySet[Case]:
    return (
        cases_visible_to(user)
        .exclude(stage__in=[s.value for s in CLOSED])
        .filter(deadline__gte=today, deadline__lte=today + timedelta(days=7))
        .order_by("deadline")
    )


def overdue(user, today: date) -> QuerySet[Case]:
    return (
        cases_visible_to(user)
        .exclude(stage__in=[s.value for s in CLOSED])
        .filter(deadline__lt=today)
        .order_by("deadline")
    )


def restrictions_for(uscc: str, today: date) -> list[dict]:
    """The restrictions on an enterprise (CONTRACT.md §5): from service of the rectification
    order until its case closes — the rectification period, and after it, while the re-checks
    and the revocation procedure run. A case closed `rectified` lifts them."""
    out = []
    cases = Case.objects.filter(
        uscc=uscc, stage__in=[s.value for s in RESTRICTED_STAGES], served_on__lte=today
    )
    for case in cases.order_by("served_on"):
        in_period = case.rectification_until and today <= case.rectification_until
        reason = (
            f"责令限期整改期间（{case.campaign.name}），整改期至 {case.rectification_until}"
            if in_period
            else f"整改期满未达标，复查及撤回程序进行中（{case.campaign.name}）"
        )
        for kind, _ in RESTRICTION_KINDS:
            out.append(
                {
                    "kind": kind,
                    "since": case.served_on,
                    "until": case.rectification_until if in_period else None,
                    "reason": reason,
                }
            )
    return out
