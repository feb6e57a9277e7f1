"""The officers' common pages run a flat number of queries: one row or a full page of rows,
the same count (no query per row), and each below a small bound."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

# the most queries each page may run, whatever its rows (session, user, the page's own reads)
BOUNDS = {
    "home": 13,  # dashboard plus the work queue: its deadlines, the cases shown, the team
    "case list": 6,
    "case page": 18,  # per feature, not per row: a revoked case with its papers, statements, evidence, phone, team
    "findings list": 8,
    "explanation": 10,
    "documents list": 4,
    "run summary": 12,
}


TODAY = date(2026, 11, 27)


@pytest.fixture
def demo(db, capsys, settings, tmp_path, monkeypatch):
    """`hecha demo` on a fixed day: a registry, runs, cases in every stage with their history
    and documents (the demo's walk is laid out from the day it runs)."""
    from django.utils import timezone

    from hecha import clock
    from hecha.cli import main

    monkeypatch.setattr(clock, "today", lambda: TODAY)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    settings.HECHA_HOME = tmp_path
    assert main(["demo"]) == 0
    capsys.readouterr()


def queries(client, url: str) -> int:
    """The queries one GET runs, with nothing remembered between requests but the session."""
    from django.core.cache import cache

    from hecha.accounts.selectors import forget_district_names

    client.get(url)  # the session's first touch
    cache.clear()
    forget_district_names()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _run_and_findings():
    from hecha.checks.models import CheckRun, Finding

    run = CheckRun.objects.filter(what_if=False, district__isnull=True).order_by("-pk").first()
    return run, Finding.objects.filter(run=run)


def _explained_usccs(findings) -> tuple[str, str]:
    """The flagged enterprises with the fewest and the most registered people."""
    from django.db.models import Count

    from hecha.registry.models import RegisteredPerson

    usccs = set(findings.values_list("uscc", flat=True))
    sizes = (
        RegisteredPerson.objects.filter(is_current=True, uscc__in=usccs)
        .values("uscc")
        .annotate(n=Count("id"))
        .order_by("n", "uscc")
    )
    return sizes.first()["uscc"], sizes.last()["uscc"]


def test_lists_run_as_many_queries_for_one_row_as_for_a_full_page(demo, client):
    from hecha.accounts.models import User
    from hecha.cases.models import Case

    client.force_login(User.objects.get(username="city_lead"))
    run, findings = _run_and_findings()
    assert findings.count() > 50  # a full page of findings
    one_finding = findings.first().uscc
    one_case = Case.objects.order_by("pk").first().uscc
    few, many = _explained_usccs(findings)
    pairs = {
        "findings list": (f"/checks/{run.pk}/findings/?q={one_finding}",
                          f"/checks/{run.pk}/findings/"),
        "case list": (f"/cases/?q={one_case}", "/cases/"),
        "explanation": (f"/checks/{run.pk}/enterprises/{few}/",
                        f"/checks/{run.pk}/enterprises/{many}/"),
    }  # fmt: skip
    for page, (one, full) in pairs.items():
        counts = (queries(client, one), queries(client, full))
        assert counts[0] == counts[1] <= BOUNDS[page], (page, counts)


def test_case_page_documents_and_dashboard_stay_within_their_bounds(demo, client):
    from hecha.accounts.models import User
    from hecha.cases.models import Case

    lead = User.objects.get(username="city_lead")
    officer = User.objects.get(username="heping_zhang")
    fresh = Case.objects.filter(stage="flagged").order_by("pk").first()
    revoked = Case.objects.get(stage="revoked")  # the longest history, most documents
    client.force_login(lead)
    assert queries(client, f"/cases/{revoked.pk}/") <= BOUNDS["case page"]
    assert queries(client, f"/cases/{fresh.pk}/") <= BOUNDS["case page"]
    city = {"home": queries(client, "/"), "documents list": queries(client, "/documents/")}
    client.force_login(officer)  # fewer cases and documents
    district = {"home": queries(client, "/"), "documents list": queries(client, "/documents/")}
    for page in city:
        assert city[page] <= BOUNDS[page] and district[page] <= BOUNDS[page], (city, district)
    client.force_login(User.objects.get(username="shenhe_zhao"))  # another district's rows
    assert queries(client, "/documents/") == district["documents list"]


def test_a_finished_runs_summary_is_read_once_and_kept_per_district(demo, client):
    from django.core.cache import cache

    from hecha.accounts.models import User

    run, findings = _run_and_findings()
    assert {"210102", "210103"} <= set(findings.values_list("district_code", flat=True))
    client.force_login(User.objects.get(username="city_lead"))
    cache.clear()
    first = queries(client, f"/checks/{run.pk}/")
    assert first <= BOUNDS["run summary"]
    with CaptureQueriesContext(connection) as again:
        city_page = client.get(f"/checks/{run.pk}/").content.decode()
    assert len(again) < first
    assert "?district=210103" in city_page and "?district=210102" in city_page
    client.force_login(User.objects.get(username="heping_zhang"))
    district_page = client.get(f"/checks/{run.pk}/").content.decode()
    assert "?district=210102" in district_page and "?district=210103" not in district_page
