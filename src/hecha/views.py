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
    latest = runs.first()
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
            "stages": [
                (s.value, s.label, by_stage.get(s.value, 0)) for s in Stage if by_stage.get(s.value)
            ],
            "due_this_week": cases.due_this_week(user, today)[:20],
            "overdue": cases.overdue(user, today)[:20],
            "overdue_count": cases.overdue(user, today).count(),
            "today": today,
            "enterprise_count": enterprises.count(),
            "latest_run": latest,
            "flagged": flagged,
            "runs": runs[:5],
            "batches": registry.batches_visible_to(user)[:5],
        },
    )


def csrf_failure(request, reason: str = ""):
    return render(request, "403_csrf.html", status=403)
