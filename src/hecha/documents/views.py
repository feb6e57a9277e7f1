"""Downloads of issued documents (scoped), the public verification page, the batch ZIPs and
the template pages of the administrator."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from hecha import lists, uploads
from hecha.accounts.bearer import detail as bearer_detail
from hecha.accounts.bearer import is_bearer, login_or_bearer
from hecha.clientip import ratelimit_key
from hecha.documents import sandbox, services
from hecha.documents.models import KIND_CHOICES, Document, DocumentTemplate
from hecha.documents.selectors import documents_visible_to
from hecha.workflow.procedure import CITY_ROLES

TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "zip": "application/zip",
}


def _download(content: bytes, name: str, fmt: str) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(content, content_type=TYPES[fmt])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@login_required
def document_list(request):
    from hecha.documents.lists import COLUMNS, DocumentFilter

    listing = lists.listing(request, queryset=documents_visible_to(request.user),
                            filterset=DocumentFilter, columns=COLUMNS, export_name="文书")  # fmt: skip
    if isinstance(listing, HttpResponse):
        return listing
    return render(request, "documents/list.html",
                  {"listing": listing, "url_problem": services.public_url_problem()})  # fmt: skip


@login_or_bearer
def document_file(request, document_id: int, fmt: str):
    """A document's DOCX, PDF or XLSX, to a session or an API token (the API lists these
    addresses), within the user's districts: another district's document is 404."""
    doc = documents_visible_to(request.user).filter(pk=document_id).first()
    if doc is None or fmt not in ("docx", "xlsx", "pdf"):
        raise Http404("文书不存在")
    name = f"{doc.title}-{doc.number}.{fmt}"
    if fmt == "docx":
        return _download(bytes(Document.objects.get(pk=doc.pk).docx), name, fmt)
    if fmt == "xlsx":
        xlsx = Document.objects.get(pk=doc.pk).xlsx
        if not xlsx:
            raise Http404("该文书没有 Excel 版本")
        return _download(bytes(xlsx), name, fmt)
    try:
        pdf = services.to_pdf(bytes(Document.objects.get(pk=doc.pk).docx))
    except services.PdfUnavailable as exc:
        if is_bearer(request):
            return bearer_detail(str(exc), 503)
        messages.error(request, str(exc))
        return redirect(request.META.get("HTTP_REFERER") or "documents:list")
    return _download(pdf, name, fmt)


@require_http_methods(["GET", "POST"])
@ratelimit(key=ratelimit_key, rate=settings.HECHA_VERIFY_RATE, method="POST", block=False)
def verify(request, code: str):
    """Public: what the document is, who issued it and on what date, its digest and, for a
    list, its rows; and a check of an uploaded DOCX, XLSX or PDF copy (size, archive and rate
    limited: hecha.uploads). The code is found however it is typed (lower case, without
    dashes); a typed form redirects to the printed one."""
    from hecha.documents.verification import normalise_code

    printed = normalise_code(code)
    doc = Document.objects.filter(code=printed).defer("docx", "xlsx").first()
    if doc is not None and printed != code and request.method == "GET":
        return redirect("documents:verify", code=printed)
    result = None
    if doc is not None and request.method == "POST":
        result = _check_copy(request, doc)
    status = 200 if doc is not None else 404
    if getattr(request, "limited", False):
        status = 429
    columns = services.list_columns(doc.kind) if doc is not None else []
    rows = (  # each cell with its header: on a phone the rows stack into labelled cards
        [[(h, r.get(f, "")) for f, h, _ in columns] for r in (doc.content.get("rows") or [])]
        if doc
        else []
    )
    return render(
        request,
        "documents/verify.html",
        {
            "doc": doc,
            "code": code,
            "result": result,
            "headers": [h for _, h, _ in columns],
            "rows": rows,
        },
        status=status,
    )


def _check_copy(request, doc: Document) -> dict:
    upload = request.FILES.get("copy")
    if getattr(request, "limited", False):
        return {"match": False, "differences": ["核对过于频繁，请稍后再试"], "how": ""}
    if upload is None:
        return {"match": False, "differences": ["请选择要核对的文件"], "how": ""}
    try:
        content = uploads.read(upload, "copy")
        if not content.startswith(b"%PDF"):
            uploads.check_archive(content, "copy")
    except uploads.UploadRefused as exc:
        return {"match": False, "differences": [str(exc)], "how": ""}
    return services.check_copy(Document.objects.get(pk=doc.pk), upload.name, content)


@login_required
def mailing_zip(request, batch_id: int):
    """The city downloads a mailing batch's notices, in mailing order."""
    from hecha.cases.models import MailingBatch

    if request.user.role not in CITY_ROLES:
        raise Http404("页面不存在")
    batch = MailingBatch.objects.filter(pk=batch_id).first()
    if batch is None:
        raise Http404("邮寄批次不存在")
    docs = []
    for case in batch.cases.order_by("tracking_no", "pk"):
        docs += list(
            case.documents.filter(kind__in=["inspection_notice", "rectification_order"]).order_by(
                "kind"
            )
        )
    return _download(services.zip_of(docs), f"邮寄批次{batch.pk}-通知书.zip", "zip")


def _admin_only(request) -> None:
    if request.user.role != "admin":
        raise Http404("页面不存在")


@login_required
@require_http_methods(["GET", "POST"])
def templates(request):
    _admin_only(request)
    report = None
    if request.method == "POST":
        report = _upload_template(request)
        if report is None:
            return redirect("documents:templates")
    rows = []
    for kind, label in KIND_CHOICES:
        services.active_template(kind)
        rows.append((kind, label, DocumentTemplate.objects.filter(kind=kind).defer("content")))
    return render(
        request,
        "documents/templates.html",
        {"rows": rows, "report": report, "kinds": KIND_CHOICES, "documented": sandbox.documented()},
    )


def _upload_template(request):
    from hecha.documents import templates as tpl

    action = request.POST.get("action")
    if action == "activate":
        try:
            tpl.activate(template_id=int(request.POST.get("template", 0)), user=request.user)
        except (tpl.TemplateRefused, ValueError) as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "模板已启用，此后制发的文书使用该版本")
        return None
    upload = request.FILES.get("file")
    kind = request.POST.get("kind", "")
    if upload is None or kind not in dict(KIND_CHOICES):
        messages.error(request, "请选择文书种类和模板文件")
        return None
    try:
        return tpl.upload(kind=kind, content=upload.read(), user=request.user)
    except tpl.TemplateRefused as exc:
        messages.error(request, str(exc))
        return None


@login_required
def template_file(request, template_id: int, fmt: str):
    _admin_only(request)
    row = DocumentTemplate.objects.filter(pk=template_id).first()
    if row is None or fmt not in ("docx", "preview"):
        raise Http404("模板不存在")
    if fmt == "docx":
        return _download(
            bytes(row.content), f"{row.get_kind_display()}-第{row.version}版.docx", "docx"
        )
    from hecha.documents import templates as tpl

    return _download(
        tpl.preview(row), f"预览-{row.get_kind_display()}-第{row.version}版.docx", "docx"
    )
