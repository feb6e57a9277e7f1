"""Starting a comparison run: one transaction, findings and their evidence stored with it."""

from __future__ import annotations

from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from hecha.accounts.models import District
from hecha.audit.services import log_action
from hecha.busy import patient
from hecha.checks.models import CheckRun, RunCoverage, StandardVersion
from hecha.checks.services import evaluation
from hecha.checks.services.facts import refresh_facts
from hecha.checks.services.standards import standard_of
from hecha.standards.loader import standard_in_force

# the roles that may start a comparison (district leads oversee; their officers run it)
RUN_ROLES = frozenset({"district_officer", "city_reviewer", "city_lead", "admin"})


class CheckRefused(Exception):
    """A run that cannot start; the message is Chinese and nothing was written."""


def _choose_standard(as_of: date, version: str | None) -> StandardVersion:
    if version:
        row = StandardVersion.objects.filter(version=version).first()
        if row is None:
            raise CheckRefused(f"未找到资质标准版本：{version}")
        return row
    rows = {r.version: r for r in StandardVersion.objects.filter(status="published")}
    chosen = standard_in_force([standard_of(r) for r in rows.values()], as_of)
    if chosen is None:
        raise CheckRefused(f"{as_of.isoformat()} 没有生效的资质标准，请先执行 hecha init")
    return rows[chosen.version]


def _scope_district(user, district_code: str | None) -> str | None:
    if user is not None and user.is_district_user:
        if district_code and district_code != user.district.code:
            raise CheckRefused("区县用户只能比对本区县的企业")
        return user.district.code
    if district_code and not District.objects.filter(code=district_code).exists():
        raise CheckRefused(f"未知的区划代码：{district_code}")
    return district_code or None


def _batches_read() -> list[int]:
    """The import batches that still have current rows: what this run reads."""
    tables = ["enterprise", "qualification", "registeredperson", "socialinsurance"]
    exists = " OR ".join(
        f"EXISTS (SELECT 1 FROM registry_{t} r WHERE r.batch_id = b.id AND r.is_current)"
        for t in tables
    )
    with connection.cursor() as cur:
        cur.execute(f"SELECT b.id FROM registry_importbatch b WHERE {exists} ORDER BY b.id")
        return [row[0] for row in cur.fetchall()]


def _store_findings(run: CheckRun, standard, scope, si_loaded: bool) -> None:
    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO checks_finding (run_id, uscc, enterprise_name, district_code,"
            " qualification, rule_id, requirement, required, counted, unconfirmed, clause)"
            f" SELECT %s, f.* FROM ({evaluation.FINDINGS_SQL}) f",
            [run.pk],
        )
        cur.execute(
            "INSERT INTO checks_findingperson (finding_id, id_number, name, reason)"
            f" {evaluation.evidence_sql(standard, si_loaded)}",
            evaluation.evidence_params(standard, scope, run.pk),
        )
        cur.execute("SELECT COUNT(*) FROM chk_ent")
        run.enterprises_compared = cur.fetchone()[0]
        cur.execute("SELECT COUNT(*) FROM chk_qual")
        run.qualifications_compared = cur.fetchone()[0]
        cur.execute(evaluation.COVERAGE_SQL)
        coverage_rows = cur.fetchall()
        cur.execute(evaluation.UNMET_SQL, [run.pk])
        unmet = {(d, q): n for d, q, n in cur.fetchall()}
    findings = run.findings.all()
    run.findings_count = findings.count()
    run.enterprises_flagged = findings.values("uscc").distinct().count()
    _store_coverage(run, coverage_rows, unmet)


def _store_coverage(run: CheckRun, rows: list[tuple], unmet: dict[tuple[str, str], int]) -> None:
    """Every compared qualification classified: met, unmet, no requirement, unknown name."""
    objects, totals = [], dict.fromkeys(["met", "unmet", "no_requirement", "unknown_name"], 0)
    for district_code, qualification, kind, held in rows:
        short = unmet.get((district_code, qualification), 0)
        parts = {"met": held - short, "unmet": short} if kind == "assessed" else {kind: held}
        for part, count in parts.items():
            if count:
                objects.append(RunCoverage(run=run, district_code=district_code,
                                           qualification=qualification, kind=part, count=count))  # fmt: skip
                totals[part] += count
    RunCoverage.objects.bulk_create(objects, batch_size=2000)
    run.coverage = {"compared": sum(totals.values()), **totals}


def validate_run_request(
    *, user, as_of: date, district_code: str | None = None, standard_version: str | None = None
) -> None:
    """Raise CheckRefused now for a run that could not start (before it is queued)."""
    _choose_standard(as_of, standard_version)
    _scope_district(user, district_code)


def start_check_run(
    *,
    user,
    as_of: date,
    district_code: str | None = None,
    standard_version: str | None = None,
    progress=None,
) -> CheckRun:
    """Compare every current enterprise in scope with the standard in force on `as_of`.

    With a draft `standard_version` the run is a what-if: stored, but it opens no case.
    """
    with patient():
        return _start_check_run(
            user=user, as_of=as_of, district_code=district_code,
            standard_version=standard_version, progress=progress,
        )  # fmt: skip


def _start_check_run(
    *, user, as_of: date, district_code: str | None, standard_version: str | None, progress
) -> CheckRun:
    row = _choose_standard(as_of, standard_version)
    district = _scope_district(user, district_code)
    if progress:
        progress("更新注册人员比对要素", 0, 5)
    refresh_facts()  # the import normally did this already: then it is one query
    with transaction.atomic():
        run = CheckRun.objects.create(
            as_of=as_of,
            standard=row,
            standard_sha256=row.sha256,
            district_id=district,
            what_if=row.status == StandardVersion.Status.DRAFT,
            started_by=user,
            batch_ids=_batches_read(),
        )
        standard, scope = standard_of(row), evaluation.Scope(as_of, district)
        try:
            si_loaded = evaluation.evaluate(standard=standard, scope=scope, progress=progress)
            if progress:
                progress("保存不符合项及人员证据", 4, 5)
            _store_findings(run, standard, scope, si_loaded)
        finally:
            evaluation.drop_temp_tables()
        run.status = CheckRun.Status.DONE
        run.finished_at = timezone.now()
        run.save()
        log_action(
            action="checks.run_completed",
            actor=user,
            object_type="check_run",
            object_id=run.pk,
            district_code=district or "",
            data={
                "run": run.pk,
                "as_of": as_of.isoformat(),
                "standard": row.version,
                "standard_sha256": row.sha256,
                "what_if": run.what_if,
                "batches": run.batch_ids,
                "flagged": run.enterprises_flagged,
                "findings": run.findings_count,
                "coverage": run.coverage,
                "coverage_sentence": run.coverage_sentence(),
            },
        )
    return run
