"""Uploading a template an administrator edited in Word or WPS: its variables are checked
against what Hecha fills in, a preview is rendered, and it is used only once activated."""

from __future__ import annotations

import hashlib
from datetime import date

from django.db import transaction
from django.db.models import Max

from hecha import uploads
from hecha.audit.services import log_action
from hecha.documents import sandbox
from hecha.documents.models import DocumentTemplate
from hecha.documents.services import builtin_template_bytes, render_docx, template_variables


class TemplateRefused(Exception):
    """The template was not stored; the message is Chinese."""


def known_variables(kind: str) -> set[str]:
    """The documented variables (documents/data/variables.yaml): what Hecha fills in."""
    return sandbox.documented_names()


def _variables(content: bytes) -> set[str]:
    try:
        return template_variables(content)
    except sandbox.TemplateUnsafe as exc:
        raise TemplateRefused(f"模板未保存：{exc}") from None
    except sandbox.TemplateSyntaxError as exc:
        raise TemplateRefused(
            f"模板未保存：{{{{ }}}} 或 {{% %}} 标记有误（{exc.message}）"
        ) from None
    except Exception:
        raise TemplateRefused("无法读取模板：文件已损坏或不是 Word 文档（.docx）") from None


def upload(*, kind: str, content: bytes, user) -> dict:
    if content[:2] != b"PK":
        raise TemplateRefused("模板须为 Word 文档（.docx）")
    try:
        uploads.check_size(len(content), "template")
        uploads.check_archive(content, "template")
    except uploads.UploadRefused as exc:
        raise TemplateRefused(f"模板未保存：{exc}") from None
    variables = _variables(content)
    from hecha.documents.services import ensure_builtin

    ensure_builtin(kind)
    required = template_variables(builtin_template_bytes(kind))

    unknown = sorted(variables - known_variables(kind))
    missing = sorted(required - variables - {"qr"})
    with transaction.atomic():
        version = (
            DocumentTemplate.objects.filter(kind=kind).aggregate(m=Max("version"))["m"] or 0
        ) + 1
        row = DocumentTemplate.objects.create(
            kind=kind, version=version, content=content, sha256=hashlib.sha256(content).hexdigest(),
            variables=sorted(variables), uploaded_by=user, active=False,
        )  # fmt: skip
        try:
            preview(row)
        except Exception as exc:
            transaction.set_rollback(True)
            raise TemplateRefused(
                f"模板无法生成文书（请检查 {{{{ }}}} 和 {{% %}} 标记）：{exc}"
            ) from None
        log_action(action="documents.template_uploaded", actor=user, object_type="documents.template",
                   object_id=row.pk, data={"title": row.get_kind_display(), "version": version,
                                           "sha256": row.sha256, "unknown": unknown, "missing": missing})  # fmt: skip
    return {"template": row, "unknown": unknown, "missing": missing}


def activate(*, template_id: int, user) -> DocumentTemplate:
    with transaction.atomic():
        row = DocumentTemplate.objects.select_for_update().filter(pk=template_id).first()
        if row is None:
            raise TemplateRefused("模板不存在")
        unknown = _variables(bytes(row.content)) - known_variables(row.kind)
        if unknown:
            raise TemplateRefused(f"模板含未知变量 {'、'.join(sorted(unknown))}，不能启用")
        DocumentTemplate.objects.filter(kind=row.kind).update(active=False)
        row.active = True
        row.save(update_fields=["active"])
        log_action(action="documents.template_activated", actor=user, object_type="documents.template",
                   object_id=row.pk, data={"title": row.get_kind_display(), "version": row.version})  # fmt: skip
    return row


REAL = {
    "issuer_name": "沈阳市和平区城乡建设局", "title": "（预览）", "number": "沈和建核〔2026〕0号",
    "enterprise_name": "沈阳示例建筑工程有限公司", "uscc": "91210102MA0000000X", "district_name": "和平区",
    "date_cn": "2026年1月1日", "sign_issuer": "沈阳市和平区城乡建设局\u3000\u3000",
    "sign_date": "2026年1月1日\u3000\u3000\u3000\u3000", "issued_on": date(2026, 1, 1).isoformat(),
    "officer_a_name": "张伟", "officer_a_no": "辽执000", "officer_b_name": "李娜", "officer_b_no": "辽执001",
    "findings": [{"qualification": "建筑工程施工总承包三级", "certificate_no": "D221000001",
                  "requirement": "建筑工程、机电工程专业注册建造师合计不少于5人", "required": 5, "counted": 4}],
}  # fmt: skip


def sample() -> dict:
    """Every documented variable filled (its meaning in brackets where no example is given),
    each list with one row: a template that renders this renders any document."""
    documented = sandbox.documented()
    values: dict = {name: f"（{meaning}）" for name, meaning in documented["variables"].items()}
    for name, info in documented["lists"].items():
        values[name] = [{field: f"（{meaning}）" for field, meaning in info["fields"].items()}]
    return values | REAL


def preview(row: DocumentTemplate) -> bytes:
    return render_docx(bytes(row.content), sample(), "PREV-IEW0-0000")
