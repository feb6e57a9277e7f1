"""The case pages: the list, one case with the steps its user may take, evidence."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from hecha import clock, lists, uploads
from hecha.cases import selectors, services
from hecha.cases.forms import STEP_FORMS, EvidenceForm, OverdueListForm
from hecha.cases.lists import CASE_COLUMNS, CaseFilter
from hecha.cases.services.rechecks import unlisted
from hecha.cases.views.case_page import page
from hecha.cases.views.common import case_or_404, errors_to_messages
from hecha.workflow.procedure import STEPS
from hecha.workflow.stages import Stage


@login_required
def case_list(request):
    listing = lists.listing(request, queryset=selectors.cases_visible_to(request.user),
                            filterset=CaseFilter, columns=CASE_COLUMNS, export_name="核查案件",
                            default_order=("deadline", "pk"))  # fmt: skip
    if isinstance(listing, HttpResponse):
        return listing
    counts = selectors.count_by_stage(request.user)
    return render(
        request,
        "cases/case_list.html",
        {
            "listing": listing,
            "stages": [(s.value, s.label, counts.get(s.value, 0)) for s in Stage],
            "today": clock.today(),
            "may_submit": request.user.is_district_user,
            "overdue_form": _overdue_form(request.user),
        },
    )


def _overdue_form(user) -> OverdueListForm | None:
    """Offered to a district user while re-checked cases wait for the district's list."""
    if not user.is_district_user or not unlisted(user).exists():
        return None
    return OverdueListForm(officers=district_officers(user))


@login_required
def case_detail(request, case_id: int):
    case = case_or_404(request.user, case_id, related=selectors.CASE_PAGE_RELATED)
    return render(request, "cases/case_detail.html", page(case, request.user))


@login_required
@require_POST
def case_step(request, case_id: int, step: str):
    """One step from its inline form. Refused, the page comes back with the form as the user
    filled it, each bad field marked by its label, and the reasons."""
    case = case_or_404(request.user, case_id)
    if step not in STEP_FORMS or step not in STEPS:
        raise Http404("未知的步骤")
    form = STEP_FORMS[step](request.POST, case=case, prefix=step)
    if not form.is_valid():
        return _refused(request, case, form, [_field_error(form, n, e) for n, e in _errors(form)])
    try:
        services.take_step(case_id=case.pk, step=step, user=request.user,
                           data=form.step_data(), version=form.cleaned_data["version"])  # fmt: skip
    except services.CaseNotFound:
        raise Http404("案件不存在") from None
    except services.CaseRefused as refused:
        return _refused(request, case, form, refused.reasons)
    messages.success(request, f"已完成：{STEPS[step].label}")
    return redirect("cases:case", case_id=case.pk)


def _errors(form):
    return [(name, e) for name, errors in form.errors.items() for e in errors]


def _field_error(form, name: str, error: str) -> str:
    """The error with the field's label, unless it names the field already (请填写通话日期)."""
    field = form.fields.get(name)
    if field is None or name == "version" or error.startswith(("请填写", "请选择")):
        return error
    return f"{field.label}：{error}"


def _refused(request, case, form, reasons: list[str]):
    context = page(case, request.user, bound=form, refused=reasons)
    context["refused_step"] = STEPS[form.prefix].label
    return render(request, "cases/case_detail.html", context, status=400)


@login_required
@require_POST
def case_assignee(request, case_id: int):
    """A lead changes the case's 承办人."""
    case = case_or_404(request.user, case_id)
    raw = request.POST.get("assignee", "")
    try:
        services.assign_case(case_id=case.pk, user=request.user,
                             assignee_id=int(raw) if raw.isdigit() else None)  # fmt: skip
    except services.CaseRefused as refused:
        messages.error(request, f"更改承办人未完成：{refused}")
    else:
        messages.success(request, "已更改承办人")
    return redirect("cases:case", case_id=case.pk)


@login_required
@require_POST
def case_evidence(request, case_id: int):
    case = case_or_404(request.user, case_id)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.add_evidence(
                case_id=case.pk, user=request.user, name=upload.name,
                content=uploads.read(upload, "evidence"),
                shown_date=form.cleaned_data["shown_date"], note=form.cleaned_data["note"],
                purpose=form.cleaned_data["purpose"] or "recheck",
            )  # fmt: skip
        except (services.CaseRefused, uploads.UploadRefused) as refused:
            messages.error(request, f"上传未完成：{refused}")
        else:
            messages.success(request, "证据已上传")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"上传未完成：{error}")
    return redirect("cases:case", case_id=case.pk)


@login_required
def evidence_file(request, case_id: int, evidence_id: int):
    from django.core.files.storage import default_storage

    case = case_or_404(request.user, case_id)
    evidence = case.evidence.filter(pk=evidence_id).first()
    if evidence is None:
        raise Http404("文件不存在")
    if not default_storage.exists(evidence.stored_as):
        raise Http404("文件不存在（存储中已缺失，请联系系统管理员）")
    return FileResponse(default_storage.open(evidence.stored_as, "rb"), content_type=evidence.content_type,
                        filename=evidence.original_name)  # fmt: skip


@login_required
@require_POST
def overdue_list(request):
    """The district's overdue list, signed by the two officers chosen on the case list."""
    if not request.user.is_district_user:
        raise Http404("页面不存在")
    form = OverdueListForm(request.POST, officers=district_officers(request.user))
    if not form.is_valid():
        errors_to_messages(request, form, "出具未完成：")
        return redirect("cases:cases")
    try:
        doc = services.issue_overdue_list(
            user=request.user, officer_ids=[o.pk for o in form.cleaned_data["officer_ids"]]
        )
    except services.CaseRefused as refused:
        messages.error(request, f"出具未完成：{refused}")
        return redirect("cases:cases")
    messages.success(request, f"已出具《{doc.title}》（{doc.number}），报送市局")
    return redirect("documents:list")


def district_officers(user):
    from hecha.accounts.models import Officer

    return Officer.objects.filter(district=user.district, active=True)
