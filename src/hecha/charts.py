"""Pictures of the campaign: the numbers behind each chart, scoped to what the user may see
(a district user's district only), each point with the list it drills down to.

The page draws them with Apache ECharts (vendored: static/hecha/vendor) from hecha/charts.js;
the same numbers are printed in a table beside each chart, readable on paper and on a phone.
"""

from __future__ import annotations

import calendar
import json
from datetime import date, timedelta
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render
from django.urls import reverse

from hecha import clock
from hecha.cases import selectors as cases
from hecha.checks import selectors as checks
from hecha.law.periods import add_months
from hecha.workflow.stages import CLOSED, OPEN, Stage

RUNS_SHOWN = 12
CALENDAR_MONTHS = 3


def _cases_url(**params) -> str:
    return reverse("cases:cases") + "?" + urlencode({k: v for k, v in params.items() if v})


def stage_funnel(user) -> list[dict]:
    """Open cases by stage, in the order of the procedure; closed outcomes after them."""
    counts = cases.count_by_stage(user)
    return [
        {"key": s.value, "label": s.label, "value": counts.get(s.value, 0),
         "url": _cases_url(stage=s.value)}
        for s in Stage if s in OPEN or counts.get(s.value)
    ]  # fmt: skip


def district_stages(user) -> dict:
    """Cases by district (rows) and open stage (series), with each cell's list."""
    rows = cases.progress_by_district(user, clock.today())
    stages = [{"key": s.value, "label": s.label} for s in OPEN]
    return {
        "stages": stages,
        "districts": [
            {"code": r["code"], "label": r["name"], "values": r["stages"], "open": r["open"],
             "closed": r["closed"], "overdue": r["overdue"], "url": _cases_url(district=r["code"]),
             "urls": [_cases_url(district=r["code"], stage=s["key"]) for s in stages]}
            for r in rows
        ],
    }  # fmt: skip


def flagged_by_run(user) -> list[dict]:
    """Flagged enterprises per formal run, oldest first; a district user counts their own."""
    runs = list(checks.runs_visible_to(user).filter(what_if=False).order_by("-pk")[:RUNS_SHOWN])
    if user.is_district_user:
        from hecha.checks.models import Finding

        counted = dict(
            Finding.objects.filter(run__in=runs, district_code=user.district.code)
            .values("run_id")
            .annotate(n=Count("uscc", distinct=True))
            .values_list("run_id", "n")
        )
    else:
        counted = {r.pk: r.enterprises_flagged for r in runs}
    return [
        {"label": f"#{r.pk} {r.as_of:%Y-%m-%d}", "value": counted.get(r.pk, 0),
         "scope": _scope(user, r),
         "url": reverse("checks:findings", kwargs={"run_id": r.pk})}
        for r in reversed(runs)
    ]  # fmt: skip


def _scope(user, run) -> str:
    if run.district is not None:
        return run.district.name
    return f"全市比对中的{user.district.name}" if user.is_district_user else "全市"


def deadlines(user, today: date) -> dict:
    """Open cases by deadline day, from this month for CALENDAR_MONTHS months, and the
    overdue count; each day links to the cases due that day."""
    first = today.replace(day=1)
    last_month = add_months(first, CALENDAR_MONTHS)
    due = (
        cases.cases_visible_to(user)
        .exclude(stage__in=[s.value for s in CLOSED])
        .filter(deadline__gte=first, deadline__lt=last_month)
        .values("deadline")
        .annotate(n=Count("id"))
    )
    by_day: dict[date, int] = {r["deadline"]: r["n"] for r in due}
    days = [
        {"date": d.isoformat(), "value": n,
         "url": _cases_url(deadline_from=d.isoformat(), deadline_to=d.isoformat())}
        for d, n in sorted(by_day.items())
    ]  # fmt: skip
    return {
        "from": first.isoformat(),
        "to": (last_month - timedelta(days=1)).isoformat(),
        "today": today.isoformat(),
        "days": days,
        "months": [_month(add_months(first, i), by_day, today) for i in range(CALENDAR_MONTHS)],
        "overdue": cases.overdue(user, today).count(),
        "overdue_url": _cases_url(overdue="1"),
    }


def _month(first: date, by_day: dict, today: date) -> dict:
    """One month as weeks of (day, count, url) cells, Monday first, for the printed table."""
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month):
        weeks.append(
            [
                None
                if d.month != first.month
                else {"day": d.day, "n": by_day.get(d, 0), "past": d < today,
                      "url": _cases_url(deadline_from=d.isoformat(), deadline_to=d.isoformat())}
                for d in week
            ]
        )  # fmt: skip
    return {"label": f"{first.year}年{first.month}月", "weeks": weeks}


def chart_data(user) -> dict:
    today = clock.today()
    return {
        "funnel": stage_funnel(user),
        "districts": district_stages(user),
        "runs": flagged_by_run(user),
        "deadlines": deadlines(user, today),
    }


@login_required
def charts_page(request):
    data = chart_data(request.user)
    return render(request, "hecha/charts.html", {"data": data, "weekdays": "一二三四五六日"})


@login_required
def dashboard_charts(request):
    """The dashboard's two small charts (stage funnel, flagged per run), loaded into the home
    page by htmx so that the home page's own view stays as it is. htmx drops <script>
    elements it swaps in, so the numbers ride in a data attribute (escaped by the template)."""
    user = request.user
    funnel, runs = stage_funnel(user), flagged_by_run(user)
    return render(
        request,
        "hecha/_charts_small.html",
        {"funnel": funnel, "runs": runs, "funnel_json": json.dumps(funnel, ensure_ascii=False),
         "runs_json": json.dumps(runs, ensure_ascii=False)},
    )  # fmt: skip
