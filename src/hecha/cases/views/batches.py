"""The batch pages: submission to the city, EMS mailing and what comes back, announcements,
the district's notices issued at once."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from hecha import clock, lists, uploads
from hecha.cases import selectors, services
from hecha.cases.forms import AnnouncementForm, DeliveryForm, MailingForm
from hecha.cases.lists import SUBMISSION_COLUMNS, SubmissionFilter
from hecha.cases.models import Case, Submission
from hecha.cases.views.common import CITY, city_only, errors_to_messages
from hecha.workflow.procedure import deadlines


def _ids(request) -> list[int]:
    source = request.POST if request.method == "POST" else request.GET
    return [int(i) for i in source.getlist("case") if i.isdigit() and len(i) < 12]


def confirm_page(request, *, title: str, lead: str, rows, button: str, back: str, hidden=(),
                 extra_label: str = ""):  # fmt: skip
    """The page that names the cases a batch step is about to take, before it is taken."""
    return render(request, "cases/confirm.html", {
        "title": title, "lead": lead, "rows": rows, "button": button, "back": back,
        "hidden": list(hidden), "extra_label": extra_label, "action": request.path,
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def submit(request):
    """报送市局: the cases ticked on the list (or named by the case page) are shown for
    confirmation; the confirmed form submits them as one submission."""
    ids = _ids(request)
    cases = selectors.cases_visible_to(request.user).filter(
        pk__in=ids, stage="enterprise_contacted"
    ) if request.user.is_district_user else Case.objects.none()  # fmt: skip
    rows = [(c, "") for c in cases.order_by("uscc")]
    # unconfirmed: the confirmation page (with nothing to confirm, the service says why)
    if request.method == "GET" or (request.POST.get("confirm") != "1" and rows):
        return confirm_page(request, title="确认报送市局", button="确认报送",
                            lead="以下案件将形成报送清单报送市局（清单由系统生成并带核验码）。",
                            rows=rows, back=reverse("cases:cases"),
                            hidden=[("case", c.pk) for c, _ in rows])  # fmt: skip
    try:
        submission = services.submit_to_city(case_ids=ids, user=request.user)
    except services.CaseRefused as refused:
        for reason in refused.reasons:
            messages.error(request, f"报送未完成：{reason}")
        return redirect("cases:cases")
    messages.success(request, f"已报送市局 {len(submission.rows)} 件（报送 #{submission.pk}）")
    if len(ids) == 1:  # from the case page: back to it
        return redirect("cases:case", case_id=ids[0])
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
    rows = Submission.objects.select_related("district", "created_by", "accepted_by", "document")
    if request.user.is_district_user:
        rows = rows.filter(district=request.user.district)
    listing = lists.listing(request, queryset=rows, filterset=SubmissionFilter,
                            columns=SUBMISSION_COLUMNS, export_name="区县报送")  # fmt: skip
    if isinstance(listing, HttpResponse):
        return listing
    return render(request, "cases/submissions.html",
                  {"listing": listing, "may_accept": request.user.role in CITY})  # fmt: skip


@login_required
def mailing(request):
    city_only(request)
    ready = Case.objects.filter(stage="submitted_to_city", submission__accepted_at__isnull=False)
    ready = ready.select_related("district").order_by("district_id", "uscc")
    if request.method == "POST":
        if request.FILES.get("sheet"):
            _post_sheet(request, list(ready), request.POST.get("action"))
        elif request.POST.get("action") == "mail" and request.POST.get("confirm") != "1":
            return _confirm_mailing(request, ready)
        elif request.POST.get("action") == "mail":
            _post_mailing(request, ready)
        elif request.POST.get("action") == "delivery":
            _post_delivery(request)
        elif request.POST.get("action") == "deliveries":
            _post_deliveries(request)
        return redirect("cases:mailing")
    mailed = (
        Case.objects.filter(stage="mailed").select_related("district").order_by("mailed_on", "pk")
    )
    return render(request, "cases/mailing.html",
                  {"ready": ready, "mailed": mailed, "form": MailingForm(initial={"mailed_on": clock.today()}),
                   "sheet_form": MailingForm(initial={"mailed_on": clock.today()}, auto_id="sheet_%s"),
                   "delivery_form": DeliveryForm()})  # fmt: skip


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


def _confirm_mailing(request, ready):
    form = MailingForm(request.POST)
    if not form.is_valid():
        errors_to_messages(request, form, "邮寄登记未完成：")
        return redirect("cases:mailing")
    rows = [(c, request.POST.get(f"tracking_{c.pk}", "").strip()[:40]) for c in ready]
    rows = [(c, no) for c, no in rows if no]
    if not rows:  # nothing to confirm: the service says what is missing
        _post_mailing(request, ready)
        return redirect("cases:mailing")
    day = form.cleaned_data["mailed_on"]
    hidden = [("action", "mail"), ("mailed_on", day.isoformat())]
    return confirm_page(request, title="确认登记 EMS 邮寄", button="确认登记邮寄",
                        lead=f"以下案件将登记为 {day:%Y-%m-%d} 以 EMS 邮寄，回执收集期自邮寄之日起计算。",
                        rows=rows, back=reverse("cases:mailing"), extra_label="邮件号",
                        hidden=hidden + [(f"tracking_{c.pk}", no) for c, no in rows])  # fmt: skip


def _post_mailing(request, ready) -> None:

    form = MailingForm(request.POST)
    rows = [(c.pk, request.POST.get(f"tracking_{c.pk}", "").strip()) for c in ready]
    rows = [(pk, no) for pk, no in rows if no]
    if not form.is_valid():
        errors_to_messages(request, form, "邮寄登记未完成：")
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


def _post_deliveries(request) -> None:
    """Receipts and returns typed into the rows of the 待回执 table, all or nothing."""
    mailed = Case.objects.filter(stage="mailed").order_by("mailed_on", "pk")
    rows = []
    for n, case in enumerate(mailed, start=1):
        signed = request.POST.get(f"signed_{case.pk}", "").strip()[:20]
        returned = request.POST.get(f"returned_{case.pk}", "").strip()[:20]
        if signed or returned:
            rows.append({"tracking_no": case.tracking_no, "signed_on": signed,
                         "returned_on": returned, "row": f"{n}（{case.enterprise_name}）"})  # fmt: skip
    if not rows:
        messages.error(request, "登记未完成：请在表中填写签收日期或退件日期")
        return
    try:
        done = services.record_deliveries(rows=rows, user=request.user)
    except services.CaseRefused as refused:
        for reason in refused.reasons[:50]:
            messages.error(request, f"登记未完成，未做任何更改：{reason}")
    else:
        messages.success(request, f"已登记签收或退件 {done} 件")


def _post_delivery(request) -> None:
    form = DeliveryForm(request.POST)
    if not form.is_valid():
        errors_to_messages(request, form, "登记未完成：")
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
    """The EMS mailing sheet of the accepted cases awaiting mail (XLSX): the notices' 文号 and an
    empty 邮件号 column to fill in Excel or WPS and upload back as it is."""
    from hecha.cases.services.mailing import notice_numbers
    from hecha.reference import district_postcodes
    from hecha.registry.models import Enterprise
    from hecha.spreadsheets import Cells, workbook

    city_only(request)
    ready = list(Case.objects.filter(stage="submitted_to_city", submission__accepted_at__isnull=False)
                 .order_by("district_id", "uscc"))  # fmt: skip
    postcodes = district_postcodes()
    phones = dict(Enterprise.objects.filter(is_current=True, uscc__in=[c.uscc for c in ready])
                  .values_list("uscc", "phone"))  # fmt: skip
    numbers = notice_numbers(ready)
    out = io.BytesIO()
    book = workbook(out)
    cells = Cells(book)
    sheet = book.add_worksheet("EMS邮寄清单")
    bold = book.add_format({"bold": True, "bg_color": "#EEF2F6", "border": 1})
    for col, (header, width) in enumerate(MAIL_SHEET_COLUMNS):
        sheet.write(0, col, header, bold)
        sheet.set_column(col, col, width)
    for row, case in enumerate(ready, start=1):
        cells.row(sheet, row, [case.enterprise_name, phones.get(case.uscc, ""), case.mailing_address,
                               postcodes.get(case.district_id, ""), "行政检查通知书、责令限期整改通知书",
                               numbers.get(case.pk, ""), case.uscc, ""])  # fmt: skip
    sheet.freeze_panes(1, 0)
    book.close()
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="ems-mailing.xlsx"'
    return response


MAIL_SHEET_COLUMNS = [("收件人", 36), ("电话", 16), ("地址", 48), ("邮编", 10), ("内件", 34),
                      ("文号", 44), ("统一社会信用代码", 22), ("邮件号", 20)]  # fmt: skip


@login_required
def announcements(request):
    city_only(request)
    today = clock.today()
    from hecha.calendars.services import work_calendar

    calendar = work_calendar()
    rule = deadlines()["receipts"]
    # unreachable once the receipts period has passed; returned mail waits and goes with them
    due, waiting = [], []
    for c in Case.objects.filter(stage="mailed", signed_on__isnull=True).order_by(
        "mailed_on", "pk"
    ):
        c.receipts_due = rule.from_(c.mailed_on, calendar).value
        (due if today > c.receipts_due else waiting).append(c)
    if request.method == "POST":
        form = AnnouncementForm(request.POST)
        ids = _ids(request)
        chosen = [c for c in due if c.pk in ids]
        if form.is_valid() and request.POST.get("confirm") != "1" and chosen:
            day = form.cleaned_data["published_on"]
            return confirm_page(request, title="确认发布失联企业送达公告", button="确认发布公告",
                                lead=f"以下企业将列入 {day:%Y-%m-%d} 的失联企业送达公告，自公告之日起经过 30 日视为送达。",
                                rows=[(c, "") for c in chosen], back=reverse("cases:announcements"),
                                hidden=[("published_on", day.isoformat())] + [("case", c.pk) for c in chosen])  # fmt: skip
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
                  {"due": due, "waiting": [c for c in waiting if c.returned_on],
                   "form": AnnouncementForm(initial={"published_on": today}),
                   "published": Announcement.objects.order_by("-pk")[:20]})  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def batch_notices(request):
    """A district issues the notices of its flagged enterprises at once: the form, then a
    preview (the first notice's text and the numbers the batch takes), then the result page
    with every document and one ZIP of them all."""
    from hecha.accounts.models import Officer
    from hecha.cases.forms import BatchNoticesForm
    from hecha.cases.services import notices

    if not request.user.is_district_user:
        raise Http404("页面不存在")
    flagged = selectors.cases_visible_to(request.user).filter(stage="flagged").order_by("uscc")
    officers = Officer.objects.filter(district=request.user.district, active=True)
    form = BatchNoticesForm(request.POST or None, officers=officers, cases=flagged)
    context: dict = {"form": form, "flagged": flagged}
    if request.method == "POST" and form.is_valid():
        cases = list(form.cleaned_data["cases"])
        ids = [c.pk for c in cases]
        data = notices.batch_data(form.cleaned_data["notices_on"],
                                  [o.pk for o in form.cleaned_data["officer_ids"]])  # fmt: skip
        try:
            if request.POST.get("action") != "issue":
                context |= {"preview": notices.preview_batch(case_ids=ids, data=data, user=request.user),
                            "chosen": cases, "hidden": _batch_hidden(data, ids)}  # fmt: skip
            else:
                done = notices.issue_batch(case_ids=ids, data=data, user=request.user)
                return render(request, "cases/batch_notices_done.html",
                              {"cases": done, "documents": notices.notices_of(done), "ids": ids})  # fmt: skip
        except services.CaseRefused as refused:
            for reason in refused.reasons:
                messages.error(request, f"批量制发未完成，未做任何更改：{reason}")
    return render(request, "cases/batch_notices.html", context)


def _batch_hidden(data: dict, ids: list[int]) -> list[tuple[str, object]]:
    return ([("notices_on", data["notices_on"].isoformat())]
            + [("officer_ids", pk) for pk in data["officer_ids"]] + [("cases", pk) for pk in ids])  # fmt: skip


@login_required
def batch_notices_zip(request):
    """The notices of the named cases (those the user may see), in one ZIP."""
    from hecha.cases.services import notices
    from hecha.documents.services import zip_of

    cases = list(selectors.cases_visible_to(request.user).filter(pk__in=_ids(request)))
    docs = notices.notices_of(cases)
    if not docs:
        raise Http404("没有可下载的通知书")
    response = HttpResponse(zip_of(docs), content_type="application/zip")
    response["Content-Disposition"] = "attachment; filename*=UTF-8''notices.zip"
    return response
