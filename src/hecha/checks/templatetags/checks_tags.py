from django import template

from hecha.accounts.selectors import district_names
from hecha.standards.model import REASON_LABELS

register = template.Library()


@register.filter
def reason_label(code: str) -> str:
    return REASON_LABELS.get(code, code)


@register.filter
def district_name(code: str) -> str:
    """The district's name; read once a minute per process, never once per row."""
    return district_names().get(code, code)


@register.filter
def get_item(mapping: dict, key: str):
    return mapping.get(key, "")


@register.filter
def reason_of(entry) -> str:
    """Why a qualification in the catalogue has no personnel requirement in this version."""
    return entry.not_assessed_reason() if entry else ""
