from django import template

from hecha.accounts.models import District
from hecha.standards.model import REASON_LABELS

register = template.Library()


@register.filter
def reason_label(code: str) -> str:
    return REASON_LABELS.get(code, code)


@register.filter
def district_name(code: str) -> str:
    names = dict(District.objects.values_list("code", "name"))
    return names.get(code, code)


@register.filter
def get_item(mapping: dict, key: str):
    return mapping.get(key, "")


@register.filter
def reason_of(entry) -> str:
    """Why a qualification in the catalogue has no personnel requirement in this version."""
    return entry.not_assessed_reason() if entry else ""
