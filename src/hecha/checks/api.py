"""The comparison's JSON API: runs and their findings, scoped like the pages."""

from __future__ import annotations

from datetime import date

from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from hecha.checks import exports, selectors
from hecha.checks.services.runs import RUN_ROLES, CheckRefused, start_check_run
from hecha.checks.services.standards import standard_of

router = Router(tags=["比对"])


class RunOut(Schema):
    id: int
    as_of: date
    standard_version: str
    what_if: bool
    district_code: str | None
    status: str
    enterprises_compared: int
    enterprises_flagged: int
    findings_count: int
    batch_ids: list[int]
    coverage: dict[str, int]
    coverage_sentence: str
    standard_chosen_by_date: bool
    standard_reasoning: str


class CoverageOut(Schema):
    qualification: str
    met: int
    unmet: int
    no_requirement: int
    unknown_name: int


class RunIn(Schema):
    as_of: date
    district_code: str | None = None
    standard_version: str | None = None


def _out(run, user=None) -> RunOut:
    district_user = user is not None and user.is_district_user
    stored = {"compared": 0, "met": 0, "unmet": 0, "no_requirement": 0, "unknown_name": 0}
    stored.update(run.coverage or {})
    # a district user sees their district's share; the city the run's stored totals
    totals = selectors.coverage_totals(run, user) if district_user else stored
    standard = standard_of(run.standard)
    return RunOut(
        id=run.pk,
        as_of=run.as_of,
        standard_version=run.standard.version,
        what_if=run.what_if,
        district_code=run.district_id,
        status=run.status,
        enterprises_compared=run.enterprises_compared,
        enterprises_flagged=run.enterprises_flagged,
        findings_count=run.findings_count,
        batch_ids=run.batch_ids,
        coverage=totals,
        coverage_sentence=(
            f"比对资质 {totals['compared']} 项，其中无人员指标 {totals['no_requirement']} 项，"
            f"名称无法识别 {totals['unknown_name']} 项"
        ),
        standard_chosen_by_date=standard.chosen_by_date,
        standard_reasoning=standard.reasoning,
    )


def _run(request: HttpRequest, run_id: int):
    run = selectors.runs_visible_to(request.auth).filter(pk=run_id).first()
    if run is None:
        raise Http404("比对批次不存在")
    return run


@router.get("/runs", response=list[RunOut], summary="比对批次列表")
def list_runs(request: HttpRequest):
    return [_out(r, request.auth) for r in selectors.runs_visible_to(request.auth)[:200]]


@router.get("/runs/{run_id}", response=RunOut, summary="比对批次")
def get_run(request: HttpRequest, run_id: int):
    return _out(_run(request, run_id), request.auth)


@router.get(
    "/runs/{run_id}/coverage",
    response=list[CoverageOut],
    summary="比对覆盖：每种资质符合、不符合、无人员指标、名称无法识别的数量",
)
def get_coverage(request: HttpRequest, run_id: int):
    return selectors.coverage_by_qualification(_run(request, run_id), request.auth)


@router.get("/runs/{run_id}/findings", summary="比对结果（格式见 docs/findings.md）")
def get_findings(request: HttpRequest, run_id: int):
    run = _run(request, run_id)
    return list(exports.finding_rows(selectors.findings_visible_to(request.auth, run)))


@router.post("/runs", response={201: RunOut}, summary="发起比对")
def post_run(request: HttpRequest, payload: RunIn):
    if request.auth.role not in RUN_ROLES:
        raise HttpError(403, "您的角色无权发起比对")
    try:
        run = start_check_run(
            user=request.auth,
            as_of=payload.as_of,
            district_code=payload.district_code,
            standard_version=payload.standard_version,
        )
    except CheckRefused as exc:
        raise HttpError(400, str(exc)) from exc
    return Status(201, _out(run, request.auth))
