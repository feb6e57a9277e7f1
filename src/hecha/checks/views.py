"""Pages of the comparison: start a run, its summary, the flagged enterprises, an enterprise's
explanation, the standards. Views parse, call a service or selector, render."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from hecha import lists
from hecha.checks import exports, selectors
from hecha.checks.forms import FindingFilterForm, StartRunForm
from hecha.checks.lists import COLUMNS, FINDING_COLUMNS, FindingSort, RunFilter
from hecha.checks.services.explain import as_of_batch, explain_and_cover
from hecha.checks.services.runs import (
    RUN_ROLES,
    CheckRefused,
    start_check_run,
    validate_run_request,
)
from hecha.checks.services.standards import standard_of
from hecha.jobs import Refused, job_state, start_job
from hecha.registry.models import Enterprise
from hecha.standards.model import REASON_LABELS

RUN_JOB = "check"


def _run_for(user, run_id: int):
    run = selectors.runs_visible_to(user).filter(pk=run_id).first()
    if run is None:
        raise Http404("比对批次不存在")
    return run


@login_required
@require_http_methods(["GET", "POST"])
def run_list(request):
    form = StartRunForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if request.user.role not in RUN_ROLES:
            messages.error(request, "您的角色无权发起比对")
            return redirect("checks:runs")
        if form.is_valid():
            request_ = {
                "as_of": form.cleaned_data["as_of"],
                "district_code": getattr(form.cleaned_data.get("district"), "code", None),
                "standard_version": getattr(form.cleaned_data.get("standard"), "version", None),
            }
            try:
                validate_run_request(user=request.user, **request_)
            except CheckRefused as exc:
                messages.error(request, str(exc))
            else:
                request_["as_of"] = request_["as_of"].isoformat()
                token = start_job(
                    user=request.user,
                    kind=RUN_JOB,
                    work="hecha.checks.views.run_work",
                    params=request_,
                )
                return redirect("checks:run_job", token=token)
    listing = lists.listing(request, queryset=selectors.runs_visible_to(request.user),
                            filterset=RunFilter, columns=COLUMNS, export_name="系统比对")  # fmt: skip
    if isinstance(listing, HttpResponse):
        return listing
    return render(
        request,
        "checks/run_list.html",
        {"form": form, "listing": listing, "may_run": request.user.role in RUN_ROLES},
    )


def run_work(*, user, progress, as_of: str, **request_) -> dict:
    """The comparison run as a job (hecha.jobs): its arguments are JSON."""
    try:
        run = start_check_run(user=user, as_of=date.fromisoformat(as_of), **request_,
                              progress=progress)  # fmt: skip
    except CheckRefused as exc:
        raise Refused([str(exc)]) from None
    return {"run": run.pk}


@login_required
def run_job(request, token: str):
    state = job_state(token, request.user, RUN_JOB)
    if state is None:
        raise Http404("比对任务不存在")
    if state["state"] == "done":
        url = reverse("checks:run", kwargs={"run_id": state["run"]})
        if request.htmx:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return redirect(url)
    percent = int(100 * state["done"] / state["total"]) if state.get("total") else 0
    template = "checks/_run_job_state.html" if request.htmx else "checks/run_job.html"
    return render(request, template, {"token": token, "job": state, "percent": percent})


@login_required
def run_detail(request, run_id: int):
    run = _run_for(request.user, run_id)
    return render(
        request,
        "checks/run_detail.html",
        {"run": run, "standard": standard_of(run.standard),
         **selectors.run_summary(run, request.user)},
    )  # fmt: skip


def _filtered(request, run):
    form = FindingFilterForm(request.GET)
    form.is_valid()
    data = form.cleaned_data
    findings = selectors.findings_visible_to(request.user, run)
    if data.get("district"):
        findings = findings.filter(district_code=data["district"])
    if data.get("qualification"):
        findings = findings.filter(qualification=data["qualification"])
    if data.get("reason"):
        findings = findings.filter(people__reason=data["reason"]).distinct()
    if data.get("q"):
        findings = findings.filter(
            Q(enterprise_name__contains=data["q"]) | Q(uscc=data["q"].strip().upper())
        )
    return form, findings


def listing_query(request) -> str:
    query = request.GET.copy()
    for key in ("page", "export", "sort"):
        query.pop(key, None)
    return query.urlencode()


def _not_assessed(request, run, form):
    data = form.cleaned_data
    rows = selectors.not_assessed_visible_to(request.user, run, data["kind"])
    if data.get("district"):
        rows = rows.filter(district_code=data["district"])
    if data.get("qualification"):
        rows = rows.filter(name=data["qualification"])
    if data.get("q"):
        rows = rows.filter(
            Q(enterprise_name__contains=data["q"]) | Q(uscc=data["q"].strip().upper())
        )
    reasons = {}
    if data["kind"] == "no_requirement":
        standard = standard_of(run.standard)
        reasons = {n: q.not_assessed_reason() for n, q in standard.qualifications.items()}
    return Paginator(rows, 50).get_page(request.GET.get("page")), reasons


@login_required
def finding_list(request, run_id: int):
    run = _run_for(request.user, run_id)
    form, findings = _filtered(request, run)
    if form.cleaned_data.get("kind"):
        page, reasons = _not_assessed(request, run, form)
        return render(
            request,
            "checks/not_assessed_list.html",
            {"run": run, "form": form, "page": page, "reasons": reasons,
             "query": request.GET.urlencode(), "kinds": form.fields["kind"].choices},
        )  # fmt: skip
    listing = lists.listing(request, queryset=findings, filterset=FindingSort,
                            columns=FINDING_COLUMNS, export_name=f"异常企业清单-比对{run.pk}",
                            default_order=("district_code", "uscc", "rule_id"))  # fmt: skip
    if isinstance(listing, HttpResponse):  # ?export=xlsx: the full export is findings.<fmt>
        return redirect(
            reverse("checks:export", args=[run.pk, "xlsx"]) + "?" + listing_query(request)
        )
    visible = selectors.findings_visible_to(request.user, run)
    return render(
        request,
        "checks/finding_list.html",
        {
            "run": run,
            "form": form,
            "listing": listing,
            "districts": visible.values_list("district_code", flat=True)
            .distinct()
            .order_by("district_code"),
            "qualifications": visible.values_list("qualification", flat=True)
            .distinct()
            .order_by("qualification"),
            "reasons": REASON_LABELS.items(),
            "query": listing_query(request),
        },
    )


@login_required
def finding_export(request, run_id: int, fmt: str):
    run = _run_for(request.user, run_id)
    if fmt not in exports.EXPORTERS:
        raise Http404("不支持的导出格式")
    _, findings = _filtered(request, run)
    content_types = {
        "json": "application/json; charset=utf-8",
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    data = exports.EXPORTERS[fmt](findings, masked=True)  # ID numbers masked (hecha.privacy)
    response = HttpResponse(data, content_type=content_types[fmt])
    response["Content-Disposition"] = f'attachment; filename="findings-{run.pk}.{fmt}"'
    return response


@login_required
def enterprise_explanation(request, run_id: int, uscc: str):
    from hecha.registry.selectors import enterprises_visible_to

    run = _run_for(request.user, run_id)
    last_batch = max(run.batch_ids, default=0)
    enterprise = (
        as_of_batch(Enterprise, last_batch)
        .filter(pk__in=enterprises_visible_to(request.user).filter(uscc=uscc))
        .select_related("district")
        .first()
    )
    if enterprise is None:
        raise Http404("企业不存在")
    standard = standard_of(run.standard)
    results, held = explain_and_cover(
        enterprise=enterprise, standard=standard, as_of=run.as_of, last_batch=last_batch
    )
    return render(
        request,
        "checks/enterprise.html",
        {
            "run": run,
            "enterprise": enterprise,
            "standard": standard,
            "coverage": dict(sorted(held.items())),
            "results": [_shown(r, standard) for r in results],
        },
    )


def _shown(result, standard) -> dict:
    """One requirement's result as the page shows it: with its sources and confirmation."""
    req = result.requirement
    return {
        "qualification": result.qualification,
        "requirement": req,
        "counted": result.counted,
        "excluded": result.excluded,
        "met": result.met,
        "short": max(req.min_people - len(result.counted), 0),
        "unconfirmed": standard.unconfirmed(result.qualification, req),
        "sources": standard.sources_of(req.sources),
    }
