"""Pages of the standards: the versions, the whole catalogue of one, a comparison of two, and
the administrator's corrections (a new draft version, previewed by a what-if run, published)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from hecha.checks.forms import CompareForm, CorrectionForm, DraftStandardForm
from hecha.checks.models import StandardVersion
from hecha.checks.services.standards import (
    create_correction,
    load_draft_standard,
    publish_standard,
    standard_of,
)
from hecha.standards.browse import browse
from hecha.standards.compare import compare_standards
from hecha.standards.loader import StandardDataError

ADMIN = "admin"


@login_required
@require_http_methods(["GET", "POST"])
def standard_list(request):
    form = DraftStandardForm(request.POST or None, request.FILES or None)
    may_load = request.user.role == ADMIN
    if request.method == "POST":
        if not may_load:
            messages.error(request, "只有系统管理员可以载入标准草案")
            return redirect("checks:standards")
        if form.is_valid():
            try:
                row = load_draft_standard(text=form.cleaned_data["text"], user=request.user)
            except StandardDataError as exc:
                form.add_error("file", str(exc))
            else:
                messages.success(request, f"标准草案 {row.version} 已载入，可用于试算比对")
                return redirect("checks:standard", version=row.version)
    return render(
        request,
        "checks/standard_list.html",
        {
            "versions": StandardVersion.objects.all(),
            "form": form,
            "may_load": may_load,
            "compare": CompareForm(),
        },
    )


def _rules(standard) -> list[tuple[str, str]]:
    return [(r.rule_id, f"{q}：{r.text}") for q, r in standard.all_requirements()]


def _detail(request, row, correction=None):
    standard = standard_of(row)
    sequences = browse(standard)
    chosen = request.GET.get("sequence") or ""
    if chosen in sequences:
        sequences = {chosen: sequences[chosen]}
    is_admin = request.user.role == ADMIN
    if correction is None and is_admin and row.status == StandardVersion.Status.PUBLISHED:
        correction = CorrectionForm(rules=_rules(standard))
    return render(
        request,
        "checks/standard_detail.html",
        {
            "row": row,
            "standard": standard,
            "sequences": sequences,
            "sequence_names": list(browse(standard)),
            "chosen": chosen,
            "is_admin": is_admin,
            "correction": correction,
            "today": timezone.localdate(),
        },
    )


@login_required
def standard_detail(request, version: str):
    return _detail(request, get_object_or_404(StandardVersion, version=version))


@login_required
@require_POST
def standard_correct(request, version: str):
    row = get_object_or_404(StandardVersion, version=version)
    if request.user.role != ADMIN:
        messages.error(request, "只有系统管理员可以更正资质标准")
        return redirect("checks:standard", version=version)
    form = CorrectionForm(request.POST, rules=_rules(standard_of(row)))
    if not form.is_valid():
        return _detail(request, row, correction=form)
    try:
        draft = create_correction(
            user=request.user,
            base_version=version,
            version=form.cleaned_data["version"],
            effective_from=form.cleaned_data["effective_from"],
            rule_id=form.cleaned_data["rule_id"],
            change=form.change(),
            reason=form.cleaned_data["reason"],
        )
    except StandardDataError as exc:
        form.add_error(None, str(exc))
        return _detail(request, row, correction=form)
    messages.success(request, f"已建立草案 {draft.version}：请先试算比对，确认影响后再发布")
    return redirect("checks:standard", version=draft.version)


@login_required
@require_POST
def standard_publish(request, version: str):
    get_object_or_404(StandardVersion, version=version)
    if request.user.role != ADMIN:
        messages.error(request, "只有系统管理员可以发布资质标准")
        return redirect("checks:standard", version=version)
    try:
        row = publish_standard(user=request.user, version=version)
    except StandardDataError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"版本 {row.version} 已发布，自 {row.effective_from} 起生效")
    return redirect("checks:standard", version=version)


@login_required
def standard_compare(request):
    form = CompareForm(request.GET or None)
    changes, a, b = [], None, None
    if form.is_valid():
        a, b = form.cleaned_data["a"], form.cleaned_data["b"]
        changes = compare_standards(standard_of(a), standard_of(b))
    return render(
        request, "checks/standard_compare.html", {"form": form, "changes": changes, "a": a, "b": b}
    )
