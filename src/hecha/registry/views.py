"""Pages of the registry: enterprises (scoped to the user's district) and imports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from hecha import lists
from hecha.jobs import job_state
from hecha.privacy import may_unmask, reveal_ids
from hecha.registry import selectors
from hecha.registry.forms import ImportForm
from hecha.registry.jobs import KIND, errors_file, start_import_job
from hecha.registry.lists import COLUMNS, EnterpriseFilter
from hecha.registry.services.importing import NOT_YOURS, may_import
from hecha.registry.services.tables import TABLES
from hecha.spreadsheets import XLSX, attachment


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
@require_http_methods(["GET", "POST"])
def enterprise_detail(request, uscc: str):
    """The enterprise's record; ID numbers masked. A city lead may reveal them with an explicit
    POST (显示完整号码), which is audited; a GET never shows them (hecha.privacy)."""
    enterprise = (
        selectors.enterprises_visible_to(request.user)
        .filter(is_current=True, uscc=uscc)
        .select_related("district", "batch")
        .first()
    )
    if enterprise is None:
        raise Http404("企业不存在")
    record = selectors.enterprise_record(enterprise)
    may = may_unmask(request.user)
    revealed = request.method == "POST" and request.POST.get("reveal") == "1"
    if revealed and not may:
        messages.error(request, "只有市局负责人可以查看完整身份证号")
        return redirect("registry:enterprise", uscc=uscc)
    if revealed:
        reveal_ids(request.user, enterprise, [p.id_number for p in record["people"]])
    return render(
        request,
        "registry/enterprise_detail.html",
        {**record, "may_unmask": may, "revealed": revealed},
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
            "tables": TABLES.values(),
        },
    )


@login_required
def import_template(request, table: str):
    """A template to fill in: Chinese headers, one example row, a sheet of notes."""
    from hecha.registry.services.workbooks import template, template_name

    if table not in TABLES:
        raise Http404("没有这种数据")
    response = HttpResponse(template(TABLES[table]), content_type=XLSX)
    response["Content-Disposition"] = attachment(template_name(TABLES[table]))
    return response


@login_required
def import_errors(request, token: str):
    """The error file of the user's own refused import."""
    state = job_state(token, request.user, KIND)
    if state is None or state.get("state") != "refused" or not state.get("errors_name"):
        raise Http404("没有错误文件")
    stored = errors_file(state["errors_name"])
    if stored is None:
        raise Http404("错误文件已过期，请重新导入以生成")
    return FileResponse(default_storage.open(stored, "rb"), as_attachment=True, filename="导入错误.xlsx",
                        content_type=XLSX)  # fmt: skip


@login_required
def import_job(request, token: str):
    state = job_state(token, request.user, KIND)
    if state is None:
        raise Http404("导入任务不存在")
    template = "registry/_import_state.html" if request.htmx else "registry/import_job.html"
    labels = {t.name: t.label for t in TABLES.values()}
    errors_ready = bool(
        state.get("state") == "refused"
        and state.get("errors_name")
        and errors_file(state["errors_name"]) is not None
    )
    batch = None
    if state.get("batch"):
        batch = selectors.batches_visible_to(request.user).filter(pk=state["batch"]).first()
    percent = int(100 * state["done"] / state["total"]) if state.get("total") else 0
    if state.get("state") == "done":
        state = {**state, "files": [
            {**f, "label": labels.get(f.get("table", ""), "")} for f in state.get("files", [])
        ]}  # fmt: skip
    return render(
        request,
        template,
        {
            "token": token,
            "job": state,
            "batch": batch,
            "labels": labels,
            "percent": percent,
            "errors_ready": errors_ready,
        },  # fmt: skip
    )
