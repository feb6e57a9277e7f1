"""Taking one step of one case: one transaction, the case row locked, the procedure judged by
`hecha.workflow`, the change, its records, its documents and its audit entry written together.
What a step records and issues is declared on the step (workflow/procedure.py) and done by
the registry in `effects`."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from hecha.cases.models import Case
from hecha.cases.services import effects
from hecha.cases.services.common import (
    CaseRefused,
    apply_step,
    current_day,
    documents_or_refused,
    locked_case,
)
from hecha.workflow.procedure import STEPS

# Steps that belong to a batch with a record of its own: taken through their batch service.
BATCH_STEPS = {
    "submit_to_city": "报送市局须通过报送清单办理（POST /api/cases/batches/submissions）",
    "mail": "邮寄须通过邮寄批次登记（POST /api/cases/batches/mailings）",
    "announce": "公告送达须通过公告办理（POST /api/cases/batches/announcements）",
    "deem_served": "公告期满视为送达由系统按日历自动办理（hecha sweep）",
}


def take_step(
    *,
    case_id: int,
    step: str,
    user,
    data: dict[str, Any] | None = None,
    version: int | None = None,
    today: date | None = None,
) -> Case:
    """Take one step of one case. `version` is the one the user's form showed: if the case has
    moved on since, the step is refused (a second click, or another officer was faster)."""
    data = dict(data or {})
    on = today or current_day()
    if step in BATCH_STEPS:
        raise CaseRefused([BATCH_STEPS[step]])
    declared = STEPS.get(step)
    with transaction.atomic():
        case = locked_case(case_id, user)
        if version is not None and case.version != version:
            raise CaseRefused(
                [f"案件已被他人处理，当前为“{case.get_stage_display()}”；请刷新页面后重试"]
            )
        extra: dict[str, Any] = {}
        for name in declared.inputs if declared else ():
            extra |= effects.INPUTS[name](case, data)
        outcome = apply_step(case, step, user, data, on, **extra)  # refuses an unknown step
        assert declared is not None
        for name in declared.records:
            effects.RECORDS[name](case, user, data | outcome.notes)
        if declared.documents:
            case = _issue(case, declared.documents, user, data, on)
    return case


def _issue(case: Case, names: tuple[str, ...], user, data: dict[str, Any], on: date) -> Case:
    """The step's documents, in its transaction: a document refused refuses the step."""
    case = Case.objects.select_related(
        "officer_a", "officer_b", "recheck_officer_a", "recheck_officer_b", "recheck_run",
        "district", "campaign__run",
    ).get(pk=case.pk)  # fmt: skip
    with documents_or_refused():
        for name in names:
            effects.DOCUMENTS[name](case, user, data, on)
    return case
