"""`{% load privacy %}` then `{{ person.id_number|id_masked }}`: 210102********1234."""

from django import template

from hecha.privacy import mask_id, mask_ids_in

register = template.Library()


@register.filter
def id_masked(value) -> str:
    return mask_id(value)


@register.filter
def ids_masked(text) -> str:
    """Every ID number inside a text masked."""
    return mask_ids_in(text)


FILE_KINDS = {
    "image/png": "图片（PNG）",
    "image/jpeg": "图片（JPG）",
    "application/pdf": "PDF 文件",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word 文档",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel 表格",
}


@register.filter
def file_kind(content_type) -> str:
    """A file's kind in words an officer uses, never its MIME type."""
    return FILE_KINDS.get(str(content_type or ""), "其他文件")
