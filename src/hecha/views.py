"""The home page (a dashboard per role) and the friendly error pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from hecha.checks import selectors as checks
from hecha.registry import selectors as registry
from hecha.workflow.stages import Stage


@login_required
def home(request):
    user = request.user
    enterprises = registry.enterprises_visible_to(user).filter(is_current=True)
    runs = checks.runs_visible_to(user).filter(what_if=False)
    recent = list(runs[:5])
    latest = recent[0] if recent else None
    flagged = None
    if latest is not None:
        flagged = checks.findings_visible_to(user, latest).values("uscc").distinct().count()
    from hecha import clock
    from hecha.cases import selectors as cases

    today = clock.today()
    by_stage = cases.count_by_stage(user)
    return render(
        request,
        "hecha/home.html",
        {
            **_queue(request, today),
            "stages": [
                (s.value, s.label, by_stage.get(s.value, 0)) for s in Stage if by_stage.get(s.value)
            ],
            "today": today,
            "enterprise_count": enterprises.count(),
            "latest_run": latest,
            "flagged": flagged,
            "runs": _flagged_in_scope(user, recent),
            **_imports(user),
        },
    )


def _imports(user) -> dict:
    """The recent imports for those who import (the city); a district user, who does not,
    is told when the city's registry was last brought up to date."""
    from hecha.registry.models import ImportBatch
    from hecha.registry.services.importing import may_import

    if may_import(user):  # never a district user (importing.IMPORT_ROLES)
        return {"batches": registry.batches_visible_to(user)[:5], "may_import": True}
    done = ImportBatch.objects.filter(status=ImportBatch.Status.DONE).order_by("-finished_at")
    return {"latest_import": done.values_list("finished_at", flat=True).first()}


# -- desk-case: the work queue on the home page ------------------------------------------------
def _queue(request, today) -> dict:
    """我的案件 for the officers' roles; a lead may narrow the team's queue to one 承办人."""
    from hecha.cases import queue

    user = request.user
    if user.role not in queue.QUEUE_ROLES:
        return {}
    assignee = request.GET.get("assignee", "")[:12]
    return {"queue": queue.queue(user, today, assignee), "assignee": assignee,
            "team": queue.team(user) if user.role in queue.LEADS else None}  # fmt: skip


def _flagged_in_scope(user, runs: list) -> list:
    """A district user reads each run's flagged enterprises of their district, not the city's."""
    from django.db.models import Count

    from hecha.checks.models import Finding

    if not user.is_district_user:
        for run in runs:
            run.flagged_here = run.enterprises_flagged
        return runs
    found = dict(
        Finding.objects.filter(run__in=runs, district_code=user.district.code)
        .values("run").annotate(n=Count("uscc", distinct=True)).values_list("run", "n")
    )  # fmt: skip
    for run in runs:
        run.flagged_here = found.get(run.pk, 0)
    return runs


# -- end desk-case ----------------------------------------------------------------------------


def csrf_failure(request, reason: str = ""):
    return render(request, "403_csrf.html", status=403)
