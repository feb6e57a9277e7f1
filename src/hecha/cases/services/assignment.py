"""承办人: who carries a case. The officer who issues the notices takes it; a lead may hand it
to another (a district lead within the district, the city lead anywhere), on the record."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q, QuerySet

from hecha.accounts.models import User
from hecha.audit.services import log_action
from hecha.cases.models import Case
from hecha.cases.services.common import CaseRefused, locked_case
from hecha.workflow.procedure import LEADS
from hecha.workflow.stages import CLOSED, Stage


def may_assign(user, case: Case) -> bool:
    """A district lead for their district's open cases; the city lead for every open case."""
    if Stage(case.stage) in CLOSED or user.role not in LEADS:
        return False
    return user.role == "city_lead" or case.district_id == user.district.code


def assignable(case: Case) -> QuerySet[User]:
    """The active officers of the case's district and the city's reviewers."""
    return User.objects.select_related("district").filter(is_active=True).filter(
        Q(role__in=["district_officer", "district_lead"], district__code=case.district_id)
        | Q(role__in=["city_reviewer", "city_lead"])
    ).order_by("role", "username")  # fmt: skip


def note_assignment(case: Case, assignee: User | None, user, *, why: str) -> None:
    """Store and record the change, inside the caller's transaction."""
    before = case.assignee
    Case.objects.filter(pk=case.pk).update(assignee=assignee)
    case.assignee = assignee
    log_action(
        action="cases.assigned", actor=user, object_type="cases.case", object_id=case.pk,
        district_code=case.district_id,
        data={"case": case.pk, "uscc": case.uscc, "why": why,
              "before": before.display_name if before else "（无）",
              "after": assignee.display_name if assignee else "（无）"},
    )  # fmt: skip


def assign_case(*, case_id: int, assignee_id: int | None, user) -> Case:
    """A lead hands the case to another officer (None: no 承办人)."""
    with transaction.atomic():
        case = locked_case(case_id, user)
        if not may_assign(user, case):
            raise CaseRefused(["只有本区县负责人或市局负责人可以更改进行中案件的承办人"])
        assignee = None
        if assignee_id is not None:
            assignee = assignable(case).filter(pk=assignee_id).first()
            if assignee is None:
                raise CaseRefused(["承办人须为本案所在区县或市局的在职用户"])
        if assignee == case.assignee:
            raise CaseRefused(["承办人未改变"])
        note_assignment(case, assignee, user, why="负责人指定")
    return case
