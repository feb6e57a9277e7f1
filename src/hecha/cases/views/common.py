"""What the case pages share: the case or a 404, errors as messages, city-only pages."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404

from hecha.cases import selectors
from hecha.cases.models import Case
from hecha.workflow.procedure import CITY_ROLES

CITY = CITY_ROLES


def case_or_404(user, case_id: int, related: tuple[str, ...] = ()) -> Case:
    case = selectors.cases_visible_to(user).select_related(*related).filter(pk=case_id).first()
    if case is None:
        raise Http404("案件不存在")
    return case


def errors_to_messages(request, form, prefix: str) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, f"{prefix}{error}")


def city_only(request) -> None:
    if request.user.role not in CITY:
        raise Http404("页面不存在")
