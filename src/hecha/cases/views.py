"""Pages of the case procedure. Views parse a form, call one service, and render; a case
outside the user's districts is a 404, as if it did not exist."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from hecha import clock, uploads
from hecha.audit.models import AuditEntry
from hecha.audit.sentences import sentence
from hecha.cases import selectors, services
from hecha.cases.forms import (
    STEP_FORMS,
    AnnouncementForm,
    CampaignForm,
    DeliveryForm,
    EvidenceForm,
    MailingForm,
)
from hecha.cases.models import Campaign, Case, Submission
from hecha.checks.models import CheckRun, Finding
from hecha.workflow.procedure import CITY_ROLES, STEPS, deadlines, steps_from
from hecha.workflow.stages import Stage

CITY = CITY_ROLES


def _case_or_404(user, case_id: int) -> Case:
    case = selectors.cases_visible_to(user).filter(pk=case_id).first()
    if case is None:
        raise Http404("案件不存在")
    return case


@login_required
def case_list(request):
    today = clock.today()
    cases = selectors.cases_visible_to(request.user)
    stage = request.GET.get("stage", "")
    if stage in Stage.__members__.values() or stage in {s.value for s in Stage}:
        cases = cases.filter(stage=stage)
    if district := request.GET.get("district", "").strip():
        cases = cases.filter(district_id=district)
    if request.GET.get("overdue"):
        cases = cases.filter(deadline__lt=today).exclude(
            stage__in=["revoked", "rectified", "withdrawn"]
        )
    if q := request.GET.get("q", "").strip():
        cases = cases.filter(Q(enterprise_name__contains=q) | Q(uscc=q.upper()))
    page = Paginator(cases.order_by("deadline", "pk"), 50).get_page(request.GET.get("page"))
    counts = selectors.count_by_stage(request.user)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/case_list.html",
        {
            "page": page,
            "stages": [(s.value, s.label, counts.get(s.value, 0)) for s in Stage],
            "stage": stage,
            "query": query.urlencode(),
            "today": today,
            "may_submit": request.user.is_district_user,
        },
    )


def _history(case: Case) -> list[dict]:
    entries = AuditEntry.objects.filter(object_type="cases.case", object_id=str(case.pk)).order_by(
        "seq"
    )
    return [
        {"at": e.at, "text": sentence(e.action, e.actor_name, e.data), "seq": e.seq}
        for e in entries
    ]


@login_required
def case_detail(request, case_id: int):
    case = _case_or_404(request.user, case_id)
    role = request.user.role
    forms = []
    for step in steps_from(case.stage_enum):
        if role in step.roles and step.name in STEP_FORMS:
            forms.append((step, STEP_FORMS[step.name](case=case, prefix=step.name)))
    findings = Finding.objects.filter(run=case.campaign.run_id, uscc=case.uscc).order_by("rule_id")
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "forms": forms,
            "findings": findings,
            "history": _history(case),
            "evidence": case.evidence.order_by("pk"),
            "evidence_form": EvidenceForm(initial={"shown_date": clock.today()}),
            "calls": case.calls.order_by("pk"),
            "rechecks": case.rechecks.order_by("pk"),
            "compliant_run": services.compliant_run(case),
            "provisional": _provisional(case),
            "documents": case.documents.defer("docx", "xlsx")
            .select_related("issued_by")
            .order_by("pk"),
            "today": clock.today(),
        },
    )


@login_required
@require_POST
def case_step(request, case_id: int, step: str):
    case = _case_or_404(request.user, case_id)
    if step not in STEP_FORMS or step not in STEPS:
        raise Http404("未知的步骤")
    form = STEP_FORMS[step](request.POST, case=case, prefix=step)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"{STEPS[step].label}：{error}")
        return redirect("cases:case", case_id=case.pk)
    try:
        services.take_step(
            case_id=case.pk,
            step=step,
            user=request.user,
            data=form.step_data(),
            version=form.cleaned_data["version"],
        )
    except services.CaseNotFound:
        raise Http404("案件不存在") from None
    except services.CaseRefused as refused:
        for reason in refused.reasons:
            messages.error(request, f"{STEPS[step].label}未完成：{reason}")
    else:
        messages.success(request, f"已完成：{STEPS[step].label}")
    return redirect("cases:case", case_id=case.pk)


@login_required
@require_POST
def case_evidence(request, case_id: int):
    case = _case_or_404(request.user, case_id)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.add_evidence(
                case_id=case.pk, user=request.user, name=upload.name,
                content=uploads.read(upload, "evidence"),
                shown_date=form.cleaned_data["shown_date"], note=form.cleaned_data["note"],
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
    from django.conf import settings

    case = _case_or_404(request.user, case_id)
    evidence = case.evidence.filter(pk=evidence_id).first()
    if evidence is None:
        raise Http404("文件不存在")
    path = settings.MEDIA_ROOT / evidence.stored_as
    if not path.is_file():
        raise Http404("文件不存在（存储中已缺失，请联系系统管理员）")
    return FileResponse(path.open("rb"), content_type=evidence.content_type,
                        filename=evidence.original_name)  # fmt: skip


@login_required
def campaigns(request):
    if request.method == "POST":
        form = CampaignForm(request.POST)
        if form.is_valid():
            try:
                campaign = services.open_campaign(
                    run_id=form.cleaned_data["run"],
                    user=request.user,
                    name=form.cleaned_data["name"],
                )
            except services.CaseRefused as refused:
                messages.error(request, str(refused))
            else:
                messages.success(
                    request, f"已发起核查批次“{campaign.name}”，立案 {campaign.cases.count()} 件"
                )
        return redirect("cases:campaigns")
    opened = set(Campaign.objects.values_list("run_id", flat=True))
    runs = CheckRun.objects.filter(status="done", what_if=False, district__isnull=True).exclude(
        pk__in=opened
    )[:10]
    return render(
        request,
        "cases/campaigns.html",
        {"campaigns": Campaign.objects.select_related("run", "opened_by"), "runs": runs,
         "may_open": request.user.role == "city_lead"},
    )  # fmt: skip


@login_required
@require_POST
def submit(request):
    ids = [int(i) for i in request.POST.getlist("case") if i.isdigit()]
    try:
        submission = services.submit_to_city(case_ids=ids, user=request.user)
    except services.CaseRefused as refused:
        for reason in refused.reasons:
            messages.error(request, f"报送未完成：{reason}")
        return redirect("cases:cases")
    messages.success(request, f"已报送市局 {len(submission.rows)} 件（报送 #{submission.pk}）")
    return redirect("cases:submissions")


@login_required
def submissions(request):
    if request.method == "POST":
        try:
            services.accept_submission(submission_id=int(request.POST.get("submission", "0") or 0),
                                       user=request.user)  # fmt: skip
        except (services.CaseRefused, ValueError) as refused:
            messages.error(request, f"接收未完成：{refused}")
        else:
            messages.success(request, "已接收区县报送")
        return redirect("cases:submissions")
    rows = Submission.objects.select_related("district", "created_by", "accepted_by")
    if request.user.is_district_user:
        rows = rows.filter(district=request.user.district)
    return render(request, "cases/submissions.html",
                  {"submissions": rows[:100], "may_accept": request.user.role in CITY})  # fmt: skip


def _city_only(request) -> None:
    if request.user.role not in CITY:
        raise Http404("页面不存在")


@login_required
def mailing(request):
    _city_only(request)
    ready = Case.objects.filter(stage="submitted_to_city", submission__accepted_at__isnull=False)
    ready = ready.select_related("district").order_by("district_id", "uscc")
    if request.method == "POST":
        if request.FILES.get("sheet"):
            _post_sheet(request, list(ready), request.POST.get("action"))
        elif request.POST.get("action") == "mail":
            _post_mailing(request, ready)
        elif request.POST.get("action") == "delivery":
            _post_delivery(request)
        return redirect("cases:mailing")
    mailed = (
        Case.objects.filter(stage="mailed").select_related("district").order_by("mailed_on", "pk")
    )
    return render(request, "cases/mailing.html",
                  {"ready": ready, "mailed": mailed, "form": MailingForm(initial={"mailed_on": clock.today()}),
                   "delivery_form": DeliveryForm()})  # fmt: skip


def _errors(request, form, prefix: str) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, f"{prefix}{error}")


def _post_sheet(request, ready: list[Case], action: str | None) -> None:
    """A sheet sent back: the mailing sheet with 邮件号 filled in, or receipts and returns."""
    upload = request.FILES["sheet"]
    try:
        content = uploads.read(upload, "mail_sheet")
    except uploads.UploadRefused as refused:
        messages.error(request, f"导入未完成，未做任何更改：{refused}")
        return
    try:
        rows = services.read_mail_rows(name=upload.name, content=content)
        if action == "mail":
            form = MailingForm(request.POST)
            if not form.is_valid():
                raise services.CaseRefused(["请填写邮寄日期"])
            pairs = services.mailing_rows_from_sheet(rows, ready)
            batch = services.record_mailing(rows=pairs, mailed_on=form.cleaned_data["mailed_on"],
                                            user=request.user)  # fmt: skip
            messages.success(
                request, f"已按回填的清单登记邮寄 {len(pairs)} 件（邮寄批次 #{batch.pk}）"
            )
        else:
            done = services.record_deliveries(rows=rows, user=request.user)
            messages.success(request, f"已登记签收或退件 {done} 件")
    except services.CaseRefused as refused:
        for reason in refused.reasons[:50]:
            messages.error(request, f"导入未完成，未做任何更改：{reason}")


def _post_mailing(request, ready) -> None:

    form = MailingForm(request.POST)
    rows = [(c.pk, request.POST.get(f"tracking_{c.pk}", "").strip()) for c in ready]
    rows = [(pk, no) for pk, no in rows if no]
    if not form.is_valid():
        _errors(request, form, "邮寄登记未完成：")
        return
    try:
        batch = services.record_mailing(
            rows=rows, mailed_on=form.cleaned_data["mailed_on"], user=request.user
        )
    except services.CaseRefused as refused:
        for reason in refused.reasons:
            messages.error(request, f"邮寄登记未完成：{reason}")
    else:
        messages.success(request, f"已登记邮寄 {len(rows)} 件（邮寄批次 #{batch.pk}）")


def _post_delivery(request) -> None:
    form = DeliveryForm(request.POST)
    if not form.is_valid():
        _errors(request, form, "登记未完成：")
        return
    d = form.cleaned_data
    try:
        case = services.record_delivery(
            tracking_no=d["tracking_no"],
            user=request.user,
            signed_on=d["signed_on"],
            returned_on=d["returned_on"],
        )
    except services.CaseRefused as refused:
        messages.error(request, f"登记未完成：{refused}")
    else:
        messages.success(request, f"已登记：{case.enterprise_name}（{case.get_stage_display()}）")


@login_required
def mailing_sheet(request):
    """The EMS mailing sheet of the accepted cases awaiting mail (XLSX)."""
    from hecha.spreadsheets import Cells, workbook

    _city_only(request)
    from hecha.registry.models import Enterprise

    ready = Case.objects.filter(stage="submitted_to_city", submission__accepted_at__isnull=False)
    from hecha.reference import district_postcodes

    postcodes = district_postcodes()
    phones = dict(
        Enterprise.objects.filter(is_current=True, uscc__in=ready.values("uscc")).values_list(
            "uscc", "phone"
        )
    )
    out = io.BytesIO()
    book = workbook(out)
    cells = Cells(book)
    sheet = book.add_worksheet("EMS邮寄清单")
    bold = book.add_format({"bold": True, "bg_color": "#EEF2F6", "border": 1})
    headers = ["收件人", "电话", "地址", "邮编", "内件", "文号", "统一社会信用代码"]
    widths = [36, 16, 48, 10, 34, 22, 22]
    for col, (header, width) in enumerate(zip(headers, widths, strict=True)):
        sheet.write(0, col, header, bold)
        sheet.set_column(col, col, width)
    for row, case in enumerate(ready.order_by("district_id", "uscc"), start=1):
        cells.row(sheet, row, [case.enterprise_name, phones.get(case.uscc, ""), case.mailing_address,
                               postcodes.get(case.district_id, ""), "行政检查通知书、责令限期整改通知书",
                               f"核查案件 #{case.pk}", case.uscc])  # fmt: skip
    book.close()
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="ems-mailing.xlsx"'
    return response


@login_required
def announcements(request):
    _city_only(request)
    today = clock.today()
    from hecha.calendars.services import work_calendar

    calendar = work_calendar()
    rule = deadlines()["receipts"]
    due = [
        c for c in Case.objects.filter(stage="mailed", signed_on__isnull=True).order_by("mailed_on", "pk")
        if c.returned_on or today > rule.from_(c.mailed_on, calendar).value
    ]  # fmt: skip
    if request.method == "POST":
        form = AnnouncementForm(request.POST)
        ids = [int(i) for i in request.POST.getlist("case") if i.isdigit()]
        if form.is_valid():
            try:
                a = services.publish_announcement(case_ids=ids, published_on=form.cleaned_data["published_on"],
                                                  user=request.user)  # fmt: skip
            except services.CaseRefused as refused:
                for reason in refused.reasons:
                    messages.error(request, f"公告未完成：{reason}")
            else:
                messages.success(request, f"已公告 {len(a.rows)} 家失联企业（公告 #{a.pk}）")
        else:
            messages.error(request, "公告未完成：请填写公告日期")
        return redirect("cases:announcements")
    from hecha.cases.models import Announcement

    return render(request, "cases/announcements.html",
                  {"due": due, "form": AnnouncementForm(initial={"published_on": today}),
                   "published": Announcement.objects.order_by("-pk")[:20]})  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def batch_notices(request):
    """A district issues the notices of its flagged enterprises at once and gets one ZIP."""
    from django.db import transaction

    from hecha.accounts.models import Officer
    from hecha.cases.forms import BatchNoticesForm
    from hecha.documents.services import zip_of

    if not request.user.is_district_user:
        raise Http404("页面不存在")
    flagged = selectors.cases_visible_to(request.user).filter(stage="flagged").order_by("uscc")
    officers = Officer.objects.filter(district=request.user.district, active=True)
    form = BatchNoticesForm(request.POST or None, officers=officers, cases=flagged)
    if request.method == "POST" and form.is_valid():
        cases = list(form.cleaned_data["cases"])
        data = {"notices_on": form.cleaned_data["notices_on"],
                "officer_ids": [o.pk for o in form.cleaned_data["officer_ids"]]}  # fmt: skip
        try:
            with transaction.atomic():
                for case in cases:
                    services.take_step(case_id=case.pk, step="issue_notices", user=request.user,
                                       data=dict(data), version=case.version)  # fmt: skip
        except services.CaseRefused as refused:
            for reason in refused.reasons:
                messages.error(request, f"批量制发未完成，未做任何更改：{reason}")
        else:
            docs = []
            for case in cases:
                docs += list(
                    case.documents.filter(
                        kind__in=["inspection_notice", "rectification_order"]
                    ).order_by("kind")
                )
            response = HttpResponse(zip_of(docs), content_type="application/zip")
            response["Content-Disposition"] = "attachment; filename*=UTF-8''notices.zip"
            return response
    return render(request, "cases/batch_notices.html", {"form": form, "flagged": flagged})


@login_required
@require_POST
def overdue_list(request):
    try:
        doc = services.issue_overdue_list(user=request.user)
    except services.CaseRefused as refused:
        messages.error(request, str(refused))
        return redirect("cases:cases")
    messages.success(request, f"已出具《{doc.title}》（{doc.number}）")
    return redirect("documents:list")


def public_announcements(request):
    """The bureau's announcements, public (the plan publishes them on the bureau's website)."""
    from hecha.cases.models import Announcement

    rows = Announcement.objects.select_related("document").order_by("-published_on", "-pk")[:100]
    return render(request, "cases/public_announcements.html", {"announcements": rows})


def _provisional(case: Case) -> list[str]:
    """Warnings for the dates this case waits for that lie in a year with no loaded schedule."""
    found = services.legal_date(case)
    if found is None or not found[1].provisional:
        return []
    return [f"{services.DATE_LABELS[found[0]]}：{found[1].warning()}"]
