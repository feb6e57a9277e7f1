"""The cases' JSON API (CONTRACT.md §5): the caller's cases, a case's steps, and the public
restriction query."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from hecha import clock
from hecha.cases import selectors, services
from hecha.cases.models import Case
from hecha.law.identifiers import check_uscc
from hecha.workflow.procedure import CITY_ROLES

router = Router(tags=["核查案件"])
public = Router(tags=["公开查询"])


class CaseOut(Schema):
    id: int
    uscc: str
    enterprise_name: str
    district_code: str
    stage: str
    stage_label: str
    deadline: date | None
    deadline_basis: str
    next_step: str
    owed_by: str
    version: int
    campaign: int
    served_on: date | None
    rectification_until: date | None
    contact_outcome: str = Field("", description="informed / no_answer / wrong_number / refused")
    address_checked: bool = Field(False, description="the mailing address was confirmed by phone")
    recheck_result: str = Field("", description="the district re-check's comparison: short / meets")
    late_compliance_policy: str = ""
    close_reason_code: str = ""
    close_reason: str = ""


class CaseFilter(Schema):
    stage: str | None = None
    district_code: str | None = None
    overdue: bool = False
    limit: int = Field(200, ge=1, le=1000)
    offset: int = Field(0, ge=0, le=10_000_000)


class StepIn(Schema):
    version: int | None = None
    data: dict[str, Any] = {}


def case_out(case: Case) -> dict:
    return {
        "id": case.pk,
        "uscc": case.uscc,
        "enterprise_name": case.enterprise_name,
        "district_code": case.district_id,
        "stage": case.stage,
        "stage_label": case.get_stage_display(),
        "deadline": case.deadline,
        "deadline_basis": case.deadline_basis,
        "next_step": case.next_step,
        "owed_by": case.owed_by,
        "version": case.version,
        "campaign": case.campaign_id,
        "served_on": case.served_on,
        "rectification_until": case.rectification_until,
        "contact_outcome": case.contact_outcome,
        "address_checked": case.address_checked,
        "recheck_result": case.recheck_result,
        "late_compliance_policy": case.late_compliance_policy,
        "close_reason_code": case.close_reason_code,
        "close_reason": case.close_reason,
    }


@router.get("", response=list[CaseOut], summary="案件列表（仅本人可见范围）")
def list_cases(request: HttpRequest, filters: Query[CaseFilter]):
    cases = selectors.cases_visible_to(request.auth)
    if filters.stage:
        cases = cases.filter(stage=filters.stage)
    if filters.district_code:
        cases = cases.filter(district_id=filters.district_code)
    if filters.overdue:
        cases = selectors.overdue(request.auth, clock.today()).filter(pk__in=cases.values("pk"))
    limit, offset = max(1, min(filters.limit, 1000)), max(0, filters.offset)
    return [case_out(c) for c in cases.order_by("pk")[offset : offset + limit]]


def _case(request: HttpRequest, case_id: int) -> Case:
    case = selectors.cases_visible_to(request.auth).filter(pk=case_id).first()
    if case is None:
        raise Http404("案件不存在")
    return case


@router.get("/{case_id}", response=CaseOut, summary="案件")
def get_case(request: HttpRequest, case_id: int):
    return case_out(_case(request, case_id))


DATE_FIELDS = {"notices_on", "called_at", "mailed_on", "signed_on", "announced_on", "received_on",
               "responded_on", "hearing_held_on"}  # fmt: skip


def _parse(data: dict[str, Any]) -> dict[str, Any]:
    out = dict(data)
    for key in DATE_FIELDS & set(out):
        try:
            out[key] = date.fromisoformat(str(out[key]))
        except ValueError:
            raise HttpError(400, f"参数错误：{key} 应为日期（YYYY-MM-DD）") from None
    return out


@router.post("/{case_id}/steps/{step}", response={200: CaseOut}, summary="办理一个步骤")
def post_step(request: HttpRequest, case_id: int, step: str, payload: StepIn):
    """Steps as in `hecha.workflow.procedure.STEPS`; `data` holds the step's fields
    (dates as YYYY-MM-DD). A stale `version` is refused with 409."""
    _case(request, case_id)
    try:
        case = services.take_step(
            case_id=case_id,
            step=step,
            user=request.auth,
            data=_parse(payload.data),
            version=payload.version,
        )
    except services.CaseNotFound:
        raise Http404("案件不存在") from None
    except services.CaseRefused as refused:
        status = 409 if "已被他人处理" in str(refused) else 400
        raise HttpError(status, str(refused)) from None
    return Status(200, case_out(case))


class Restriction(Schema):
    kind: str
    since: date
    until: date | None
    reason: str
    kind_label: str = Field(description="资质升级 / 资质增项 / 承揽新工程")
    status: str = Field(
        description="rectification_period 整改期间 / awaiting_recheck 整改期满，待复查 / "
        "revocation_pending 整改期满未达标，撤回程序中"
    )
    status_label: str
    basis: str
    source: str
    statutory: bool = Field(
        description="true: the action plan's own rule; false: the bureau's policy"
    )


class RestrictionsOut(Schema):
    uscc: str
    restricted: bool
    restrictions: list[Restriction]


@public.get("/restrictions/{uscc}", response=RestrictionsOut, auth=None, summary="企业限制查询")
def restrictions(request: HttpRequest, uscc: str):
    code = uscc.strip().upper()
    if problem := check_uscc(code):
        raise HttpError(400, problem)
    found = selectors.restrictions_for(code, clock.today())
    return {"uscc": code, "restricted": bool(found), "restrictions": found}


Id = Annotated[int, Field(ge=1, le=2**31 - 1)]


class SubmissionIn(Schema):
    case_ids: list[Id]


class MailingIn(Schema):
    mailed_on: date
    rows: list[tuple[Id, str]]  # (case id, tracking number)


class DeliveryIn(Schema):
    tracking_no: str
    signed_on: date | None = None
    returned_on: date | None = None


class AnnouncementIn(Schema):
    published_on: date
    case_ids: list[Id]


def _refused(exc: services.CaseRefused):
    return HttpError(400, str(exc))


@router.post("/batches/submissions", summary="区县报送市局（清单及摘要）")
def post_submission(request: HttpRequest, payload: SubmissionIn):
    try:
        s = services.submit_to_city(case_ids=payload.case_ids, user=request.auth)
    except services.CaseRefused as exc:
        raise _refused(exc) from None
    return {"id": s.pk, "sha256": s.sha256, "rows": s.rows}


@router.post("/batches/submissions/{submission_id}/accept", summary="市局接收报送")
def post_accept(request: HttpRequest, submission_id: int):
    try:
        s = services.accept_submission(submission_id=submission_id, user=request.auth)
    except services.CaseRefused as exc:
        raise _refused(exc) from None
    return {"id": s.pk, "accepted_at": s.accepted_at}


def _city(request: HttpRequest) -> None:
    if request.auth.role not in CITY_ROLES:
        raise HttpError(403, "只有市局用户可以办理邮寄和公告")


@router.post("/batches/mailings", summary="登记 EMS 邮寄批次")
def post_mailing(request: HttpRequest, payload: MailingIn):
    _city(request)
    try:
        batch = services.record_mailing(
            rows=payload.rows, mailed_on=payload.mailed_on, user=request.auth
        )
    except services.CaseRefused as exc:
        raise _refused(exc) from None
    return {"id": batch.pk, "cases": len(payload.rows)}


@router.post("/batches/deliveries", response=CaseOut, summary="登记签收或退件")
def post_delivery(request: HttpRequest, payload: DeliveryIn):
    _city(request)
    try:
        case = services.record_delivery(tracking_no=payload.tracking_no, user=request.auth,
                                        signed_on=payload.signed_on, returned_on=payload.returned_on)  # fmt: skip
    except services.CaseRefused as exc:
        raise _refused(exc) from None
    return case_out(case)


@router.post("/batches/announcements", summary="公告送达失联企业")
def post_announcement(request: HttpRequest, payload: AnnouncementIn):
    _city(request)
    try:
        a = services.publish_announcement(case_ids=payload.case_ids, published_on=payload.published_on,
                                          user=request.auth)  # fmt: skip
    except services.CaseRefused as exc:
        raise _refused(exc) from None
    return {"id": a.pk, "sha256": a.sha256, "rows": a.rows}


class OverdueListIn(Schema):
    officer_ids: list[Id]


@router.post("/batches/overdue-lists", summary="区县出具逾期整改未达标企业清单（两名执法人员签字）")
def post_overdue_list(request: HttpRequest, payload: OverdueListIn):
    """The district's re-checked cases not yet listed, on one list signed by two officers."""
    try:
        doc = services.issue_overdue_list(user=request.auth, officer_ids=payload.officer_ids)
    except services.CaseRefused as exc:
        raise _refused(exc) from None
    return {"document": doc.pk, "number": doc.number, "cases": len(doc.content.get("rows", []))}


class DocumentOut(Schema):
    id: int
    kind: str
    title: str
    number: str
    verification_code: str
    issued_at: str
    docx_url: str
    pdf_url: str
    xlsx_url: str | None
    verify_url: str


@router.get("/{case_id}/documents", response=list[DocumentOut], summary="案件的文书")
def case_documents(request: HttpRequest, case_id: int):
    from django.urls import reverse

    case = _case(request, case_id)
    out = []
    for d in case.documents.defer("docx", "xlsx").order_by("pk"):
        out.append({
            "id": d.pk, "kind": d.kind, "title": d.title, "number": d.number,
            "verification_code": d.code, "issued_at": d.issued_at.isoformat(),
            "docx_url": reverse("documents:file", args=[d.pk, "docx"]),
            "pdf_url": reverse("documents:file", args=[d.pk, "pdf"]),
            "xlsx_url": reverse("documents:file", args=[d.pk, "xlsx"]) if d.xlsx_sha256 else None,
            "verify_url": reverse("documents:verify", args=[d.code]),
        })  # fmt: skip
    return out
