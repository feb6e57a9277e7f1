"""Reads of runs and findings, scoped to what the user may see (one door per object)."""

from __future__ import annotations

from collections import defaultdict

from django.core.cache import cache
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from hecha.checks.models import CheckRun, Finding, FindingPerson, RunCoverage

COVERAGE_KINDS = ("met", "unmet", "no_requirement", "unknown_name")


def runs_visible_to(user) -> QuerySet[CheckRun]:
    runs = CheckRun.objects.select_related("standard", "district", "started_by")
    if user is not None and user.is_district_user:
        # a district user sees their own district's runs, and city runs (findings filtered)
        return runs.filter(Q(district_id=user.district.code) | Q(district__isnull=True))
    return runs


def findings_visible_to(user, run: CheckRun) -> QuerySet[Finding]:
    findings = Finding.objects.filter(run=run)
    if user is not None and user.is_district_user:
        findings = findings.filter(district_code=user.district.code)
    return findings


def people_by_finding(findings: QuerySet[Finding]) -> dict[int, list[FindingPerson]]:
    grouped: dict[int, list[FindingPerson]] = defaultdict(list)
    people = FindingPerson.objects.filter(finding__in=findings.values("pk")).order_by(
        "finding_id", "reason", "id_number"
    )
    for person in people.iterator(chunk_size=5000):
        grouped[person.finding_id].append(person)
    return grouped


def compare_runs(*, earlier: CheckRun, later: CheckRun, user=None) -> dict[str, list[tuple]]:
    """Findings new in `later`, resolved since `earlier`, and unchanged, keyed by
    (uscc, rule_id); an unchanged finding whose count moved is still unchanged."""

    def keyed(run: CheckRun) -> dict[tuple[str, str], tuple]:
        rows = findings_visible_to(user, run).values_list(
            "uscc", "rule_id", "enterprise_name", "district_code", "required", "counted",
            "requirement",
        )  # fmt: skip
        return {(r[0], r[1]): r for r in rows}

    before, after = keyed(earlier), keyed(later)
    return {
        "new": [after[k] for k in sorted(after.keys() - before.keys())],
        "resolved": [before[k] for k in sorted(before.keys() - after.keys())],
        "unchanged": [after[k] for k in sorted(after.keys() & before.keys())],
    }


def coverage_visible_to(user, run: CheckRun) -> QuerySet[RunCoverage]:
    rows = RunCoverage.objects.filter(run=run)
    if user is not None and user.is_district_user:
        rows = rows.filter(district_code=user.district.code)
    return rows


def coverage_by_qualification(run: CheckRun, user=None) -> list[dict]:
    """Per qualification name: how many held were met, unmet, not assessed, unrecognised."""
    table: dict[str, dict] = {}
    for name, kind, count in coverage_visible_to(user, run).values_list(
        "qualification", "kind", "count"
    ):
        row = table.setdefault(name, {"qualification": name, **dict.fromkeys(COVERAGE_KINDS, 0)})
        row[kind] += count
    return [table[name] for name in sorted(table)]


def coverage_totals(run: CheckRun, user=None) -> dict[str, int]:
    totals = dict.fromkeys(COVERAGE_KINDS, 0)
    for row in coverage_by_qualification(run, user):
        for kind in COVERAGE_KINDS:
            totals[kind] += row[kind]
    return {"compared": sum(totals.values()), **totals}


def not_assessed_visible_to(user, run: CheckRun, kind: str):
    """The held qualifications a run compared but did not assess (`no_requirement`, or
    `unknown_name`: a data error), as the registry stood for the run, with their enterprise."""
    from hecha.checks.services.explain import as_of_batch
    from hecha.checks.services.standards import standard_of
    from hecha.registry.models import Enterprise, Qualification

    last = max(run.batch_ids, default=0)
    names = coverage_visible_to(user, run).filter(kind=kind).values("qualification")
    statuses = standard_of(run.standard).policy.compared_business_statuses
    enterprises = as_of_batch(Enterprise, last).filter(business_status__in=statuses)
    if run.district_id:
        enterprises = enterprises.filter(district_id=run.district_id)
    if user is not None and user.is_district_user:
        enterprises = enterprises.filter(district_id=user.district.code)
    same = enterprises.filter(uscc=OuterRef("uscc"))
    return (
        as_of_batch(Qualification, last)
        .filter(name__in=names, valid_until__gte=run.as_of, uscc__in=enterprises.values("uscc"))
        .annotate(
            enterprise_name=Subquery(same.values("name")[:1]),
            district_code=Subquery(same.values("district_id")[:1]),
        )
        .order_by("district_code", "uscc", "name")
    )


def run_summary(run: CheckRun, user) -> dict:
    """What a run's page shows of its findings: by district, by qualification, the change
    since the previous run, the coverage. A finished run's findings never change, so once it
    and the run it is compared with are done, the summary is kept in the cache, keyed by the
    run and by what the user may see."""
    key = f"checks:run-summary:v1:{run.pk}:{_scope(user)}"
    if (summary := cache.get(key)) is not None:
        return summary
    summary = _summarise(run, user)
    previous = summary["previous"]
    if run.status == CheckRun.Status.DONE and (
        previous is None or previous.status == CheckRun.Status.DONE
    ):
        cache.set(key, summary, timeout=None)
    return summary


def _scope(user) -> str:
    if user is not None and user.is_district_user:
        return user.district.code
    return "all"


def _summarise(run: CheckRun, user) -> dict:
    findings = findings_visible_to(user, run)
    previous = (
        runs_visible_to(user)
        .filter(pk__lt=run.pk, district_id=run.district_id, what_if=False)
        .first()
    )
    return {
        "by_district": list(
            findings.values("district_code")
            .annotate(enterprises=Count("uscc", distinct=True), findings=Count("id"))
            .order_by("district_code")
        ),
        "by_qualification": list(
            findings.values("qualification")
            .annotate(enterprises=Count("uscc", distinct=True), findings=Count("id"))
            .order_by("-enterprises", "qualification")
        ),
        "flagged": findings.values("uscc").distinct().count(),
        "previous": previous,
        "diff": compare_runs(earlier=previous, later=run, user=user) if previous else None,
        "coverage": coverage_by_qualification(run, user),
        "totals": coverage_totals(run, user),
    }
