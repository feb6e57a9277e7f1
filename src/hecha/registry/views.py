"""Pages of the registry: enterprises (scoped to the user's district) and imports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from hecha import lists
from hecha.jobs import job_state
from hecha.registry import selectors
from hecha.registry.forms import ImportForm
from hecha.registry.jobs import KIND, start_import_job
from hecha.registry.lists import COLUMNS, EnterpriseFilter
from hecha.registry.services.importing import NOT_YOURS, may_import
from hecha.registry.services.tables import TABLES


@login_required
def enterprise_list(request):
    rows = selectors.enterprises_visible_to(request.user).filter(is_current=True)
    listing = lists.listing(request, queryset=rows.select_related("district"),
                            filterset=EnterpriseFilter, columns=COLUMNS, export_name="在册企业",
                            default_order=("district_id", "name"))  # fmt: skip
    if isinstance(listing, HttpResponse):
        return listing
    return render(request, "registry/enterprise_list.html", {"listing": listing})


@login_required
def enterprise_detail(request, uscc: str):
    enterprise = (
        selectors.enterprises_visible_to(request.user)
        .filter(is_current=True, uscc=uscc)
        .select_related("district", "batch")
        .first()
    )
    if enterprise is None:
        raise Http404("企业不存在")
    return render(
        request, "registry/enterprise_detail.html", selectors.enterprise_record(enterprise)
    )


@login_required
@require_http_methods(["GET", "POST"])
def imports(request):
    may = may_import(request.user)
    if request.method == "POST" and not may:
        messages.error(request, f"导入未执行，数据没有任何改动：{NOT_YOURS}")
        return redirect("registry:imports")
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    if form.is_bound and form.is_valid():
        token = start_import_job(user=request.user, uploads=form.cleaned_data["files"])
        return redirect("registry:import_job", token=token)
    return render(
        request,
        "registry/imports.html",
        {
            "form": form,
            "may_import": may,
            "not_yours": NOT_YOURS,
            "batches": selectors.batches_visible_to(request.user)[:30],
        },
    )


@login_required
def import_job(request, token: str):
    state = job_state(token, request.user, KIND)
    if state is None:
        raise Http404("导入任务不存在")
    template = "registry/_import_state.html" if request.htmx else "registry/import_job.html"
    labels = {t.name: t.label for t in TABLES.values()}
    batch = None
    if state.get("batch"):
        batch = selectors.batches_visible_to(request.user).filter(pk=state["batch"]).first()
    percent = int(100 * state["done"] / state["total"]) if state.get("total") else 0
    return render(
        request,
        template,
        {"token": token, "job": state, "batch": batch, "labels": labels, "percent": percent},
    )
