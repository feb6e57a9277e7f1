"""Reads of cases, scoped to what the user may see: a district user sees their district's
cases only, as if no other existed."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet

from hecha.cases.models import Case
from hecha.workflow.restrictions import RESTRICTED_STAGES, restriction_status
from hecha.workflow.rules import restriction_rules
from hecha.workflow.stages import CLOSED, OPEN, Stage

# what the case page names besides the case: its officers and its overdue list, read in the
# case's own query rather than one query each
CASE_PAGE_RELATED = (
    "officer_a", "officer_b", "recheck_officer_a", "recheck_officer_b",
    "overdue_list__officer_a", "overdue_list__officer_b",
)  # fmt: skip


def cases_visible_to(user) -> QuerySet[Case]:
    # the campaign without its list of enterprises skipped (tens of KB of JSON per row)
    cases = Case.objects.select_related("district", "campaign").defer("campaign__skipped")
    if user is None or not getattr(user, "is_authenticated", False):
        return cases.none()
    if user.is_district_user:
        return cases.filter(district_id=user.district.code)
    return cases


def runs_to_open(user):
    """The published city-wide runs this user may open a campaign from: the city lead any not
    yet opened city-wide, a district lead the latest, unless their district opened it."""
    from hecha.cases.models import Campaign
    from hecha.cases.services.campaigns import published_runs

    runs = published_runs()
    if user.role == "city_lead":
        return list(
            runs.exclude(pk__in=Campaign.objects.filter(district__isnull=True).values("run_id"))[
                :10
            ]
        )
    if user.role != "district_lead":
        return []
    latest = runs.first()
    if (
        latest is None
        or Campaign.objects.filter(run=latest)
        .filter(Q(district__isnull=True) | Q(district_id=user.district.code))
        .exists()
    ):
        return []
    return [latest]


def progress_by_district(user, today: date) -> list[dict]:
    """Each district's cases by stage and overdue, for the city (a district sees its own)."""
    from hecha.accounts.models import District

    cases = cases_visible_to(user)
    counts: dict[str, dict[str, int]] = {}
    for row in cases.values("district_id", "stage").annotate(n=Count("id")):
        counts.setdefault(row["district_id"], {})[row["stage"]] = row["n"]
    late = dict(
        overdue(user, today)
        .values_list("district_id")
        .annotate(n=Count("id"))
        .values_list("district_id", "n")
    )
    names = dict(District.objects.filter(code__in=list(counts)).values_list("code", "name"))
    return [
        {"code": code, "name": names.get(code, code), "stages": [row.get(s.value, 0) for s in OPEN],
         "open": sum(n for s, n in row.items() if Stage(s) not in CLOSED),
         "closed": sum(n for s, n in row.items() if Stage(s) in CLOSED), "overdue": late.get(code, 0)}
        for code, row in sorted(counts.items())
    ]  # fmt: skip


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
    """The restrictions on an enterprise (CONTRACT.md §5, with `status`, `status_label`,
    `basis`, `source` and `statutory` added): one per kind, for each case under a status."""
    kinds, _ = restriction_rules()
    cases = Case.objects.filter(
        uscc=uscc, stage__in=[s.value for s in RESTRICTED_STAGES], served_on__lte=today
    ).select_related("campaign")
    out = []
    for case in cases.order_by("served_on"):
        status = restriction_status(
            case.stage_enum, case.served_on, case.rectification_until, today
        )
        if status is None:
            continue
        in_period = status.key == "rectification_period"
        reason = f"{status.label}：{status.basis}（{case.campaign.name}）"
        if in_period:
            reason = f"{status.label}：{status.basis}，整改期至 {case.rectification_until}（{case.campaign.name}）"
        for kind in kinds:
            out.append({"kind": kind, "kind_label": kinds[kind], "since": case.served_on,
                        "until": case.rectification_until if in_period else None,
                        "reason": reason, "status": status.key, "status_label": status.label,
                        "basis": status.basis, "source": status.source,
                        "statutory": status.statutory})  # fmt: skip
    return out
