"""Every step of a case is one function here: one transaction, the case row locked, the
procedure judged by `hecha.workflow`, the change and its audit entry written together."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from hecha import clock, private, uploads
from hecha.accounts.models import Officer
from hecha.audit.services import log_action
from hecha.calendars.services import work_calendar
from hecha.cases.models import (
    Announcement,
    Campaign,
    Case,
    EvidenceFile,
    MailingBatch,
    PhoneCall,
    Recheck,
    Submission,
)
from hecha.cases.selectors import cases_visible_to
from hecha.checks.models import CheckRun, Finding
from hecha.workflow.procedure import CITY_ROLES, Actor, CaseFacts, StepRefused, attempt, next_step
from hecha.workflow.stages import Stage

SYSTEM = Actor("system", None)
EVIDENCE_TYPES = {b"\x89PNG\r\n\x1a\n": ("image/png", ".png"), b"\xff\xd8\xff": ("image/jpeg", ".jpg"),
                  b"%PDF-": ("application/pdf", ".pdf")}  # fmt: skip
EVIDENCE_MAX = uploads.LIMITS["evidence"].max_bytes  # 10 MB


# Steps that belong to a batch with a record of its own: taken through their batch service.
BATCH_STEPS = {
    "submit_to_city": "报送市局须通过报送清单办理（POST /api/cases/batches/submissions）",
    "mail": "邮寄须通过邮寄批次登记（POST /api/cases/batches/mailings）",
    "announce": "公告送达须通过公告办理（POST /api/cases/batches/announcements）",
    "deem_served": "公告期满视为送达由系统按日历自动办理（hecha sweep）",
}


class CaseRefused(Exception):
    """Nothing was changed; `reasons` say why, in Chinese."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("；".join(reasons))
        self.reasons = reasons


class CaseNotFound(Exception):
    """No such case among those the user may see (answered as 404)."""


def _today() -> date:
    return clock.today()


def _actor(user) -> Actor:
    if user is None:
        return SYSTEM
    return Actor(user.role, user.district.code if user.district_id else None)


def compliant_run(case: Case) -> int | None:
    """The latest comparison since service, if it found this enterprise compliant."""
    if case.served_on is None:
        return None
    run = (
        CheckRun.objects.filter(status="done", what_if=False, as_of__gte=case.served_on)
        .filter(Q(district_id=case.district_id) | Q(district__isnull=True))
        .order_by("-id")
        .first()
    )
    if run is None or Finding.objects.filter(run_id=run.pk, uscc=case.uscc).exists():
        return None
    # no finding only means compliant if the run compared it: an enterprise whose
    # qualifications lapsed, or that was deregistered, was simply not compared
    from hecha.checks.services.standards import standard_of
    from hecha.registry.models import Enterprise, Qualification

    statuses = standard_of(run.standard).policy.compared_business_statuses
    compared = (
        Enterprise.objects.filter(uscc=case.uscc, is_current=True, business_status__in=statuses).exists()
        and Qualification.objects.filter(uscc=case.uscc, is_current=True, valid_until__gte=run.as_of).exists()
    )  # fmt: skip
    return run.pk if compared else None


def facts_of(case: Case, *, compliance: bool = True) -> CaseFacts:
    """The case as the procedure sees it. `compliance=False` skips looking for a compliant
    comparison (three queries), which only the steps need, not the deadlines."""
    return CaseFacts(
        stage=Stage(case.stage),
        district_code=case.district_id,
        notices_on=case.notices_on,
        contacted_on=case.contacted_on,
        mailing_address=case.mailing_address,
        submission_accepted=bool(case.submission_id and case.submission.accepted_at),
        mailed_on=case.mailed_on,
        tracking_no=case.tracking_no,
        signed_on=case.signed_on,
        returned_on=case.returned_on,
        announced_on=case.announced_on,
        served_on=case.served_on,
        rectification_until=case.rectification_until,
        compliant_run=compliant_run(case) if compliance else None,
        district_rechecked_on=case.district_rechecked_on,
        city_rechecked_on=case.city_rechecked_on,
        revocation_announced_on=case.revocation_announced_on,
        revocation_served_on=case.revocation_served_on,
    )


def refresh_deadline(case: Case, calendar=None) -> None:
    nxt = next_step(facts_of(case, compliance=False), calendar or work_calendar())
    case.next_step = nxt.what if nxt else ""
    case.owed_by = nxt.owed_by if nxt else ""
    case.deadline = nxt.due.value if nxt and nxt.due else None
    case.deadline_basis = nxt.due.basis if nxt and nxt.due else ""
    case.deadline_provisional = bool(nxt and nxt.due and nxt.due.provisional)


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in data.items():
        if isinstance(value, date):
            out[key] = value.isoformat()
        elif isinstance(value, list | tuple):
            out[key] = [str(v) for v in value]
        elif isinstance(value, str | int | float | bool) or value is None:
            out[key] = value
        else:
            out[key] = str(value)
    return out


def _locked_case(case_id: int, user) -> Case:
    cases = Case.objects.all() if user is None else cases_visible_to(user)
    case = cases.select_for_update().filter(pk=case_id).first()
    if case is None:
        raise CaseNotFound(case_id)
    return case


def _apply(case: Case, step: str, user, data: dict[str, Any], today: date, **log_extra) -> None:
    """Judge and apply one step to a locked case, inside the caller's transaction."""
    calendar = work_calendar()
    before = case.stage
    try:
        outcome = attempt(
            step, facts_of(case), actor=_actor(user), data=data, today=today, calendar=calendar
        )
    except StepRefused as refused:
        raise CaseRefused(refused.reasons) from None
    for key, value in outcome.sets.items():
        setattr(case, key, value)
    case.stage = outcome.stage.value
    case.version += 1
    refresh_deadline(case, calendar)
    case.save()
    log_action(
        action=f"cases.{step}",
        actor=user,
        object_type="cases.case",
        object_id=case.pk,
        district_code=case.district_id,
        data={
            "case": case.pk,
            "uscc": case.uscc,
            "from": before,
            "to": case.stage,
            "input": _jsonable({k: v for k, v in data.items() if k != "officers"}),
            "dates": {
                k: {"date": d.value.isoformat(), "basis": d.basis} for k, d in outcome.dates.items()
            },
            **log_extra,
        },
    )


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
    today = today or _today()
    if step in BATCH_STEPS:
        raise CaseRefused([BATCH_STEPS[step]])
    with transaction.atomic():
        case = _locked_case(case_id, user)
        if version is not None and case.version != version:
            raise CaseRefused(
                [f"案件已被他人处理，当前为“{case.get_stage_display()}”；请刷新页面后重试"]
            )
        extra: dict[str, Any] = {}
        if step == "issue_notices":
            extra = _officers(data)
        elif step == "district_recheck":
            data["evidence_count"] = case.evidence.count()
        _apply(case, step, user, data, today, **extra)
        _records(case, step, user, data)
        _documents(case, step, user, data, today)
    return case


def _documents(case: Case, step: str, user, data: dict[str, Any], today: date) -> None:
    """The documents a step issues, numbered in the same transaction as the step."""
    from hecha.documents import issuing

    if step not in ("issue_notices", "district_recheck", "notice_revocation"):
        return
    case = Case.objects.select_related("officer_a", "officer_b", "district", "campaign__run").get(
        pk=case.pk
    )
    if step == "issue_notices":
        issuing.issue_notices(case, user, data["notices_on"])
    elif step == "district_recheck":
        issuing.issue_recheck_form(case, user, today, data["conclusion"])
    else:
        doc = issuing.issue_revocation_notice(case, user, data["announced_on"])
        rows = [
            {
                "uscc": case.uscc,
                "enterprise_name": case.enterprise_name,
                "district_code": case.district_id,
            }
        ]
        Announcement.objects.create(kind="revocation", published_on=data["announced_on"], rows=rows,
                                    sha256=_digest(rows), created_by=user, document=doc)  # fmt: skip


def _officers(data: dict[str, Any]) -> dict[str, Any]:
    ids = [int(i) for i in data.get("officer_ids") or [] if str(i).isdigit()]
    rows = {
        o.pk: o for o in Officer.objects.select_related("district").filter(pk__in=ids, active=True)
    }
    data["officers"] = [rows[i].as_core() for i in ids if i in rows]
    return {
        "officers": "、".join(
            f"{rows[i].name}（{rows[i].certificate_no}）" for i in ids if i in rows
        )
    }


def _records(case: Case, step: str, user, data: dict[str, Any]) -> None:
    """The records a step leaves besides the case's own fields."""
    if step == "issue_notices":
        ids = [o.id for o in data["officers"]]
        Case.objects.filter(pk=case.pk).update(officer_a_id=ids[0], officer_b_id=ids[1])
    elif step == "record_call":
        PhoneCall.objects.create(
            case=case,
            called_at=data["called_at"],
            answered_by=data["answered_by"].strip(),
            result=data["result"].strip(),
            mailing_address=case.mailing_address,
            address_corrected=bool(data.get("address_corrected")),
            recorded_by=user,
        )
    elif step in ("district_recheck", "city_recheck"):
        level = "district" if step == "district_recheck" else "city"
        Recheck.objects.create(
            case=case,
            level=level,
            conclusion=data["conclusion"].strip(),
            form=_jsonable({k: v for k, v in data.items() if k != "conclusion"}),
            by=user,
        )
    elif step in ("withdraw", "close_rectified"):
        note = data.get("reason") or f"比对 #{compliant_run(case)} 显示已符合标准"
        Case.objects.filter(pk=case.pk).update(close_reason=str(note)[:300])


# -- campaigns ------------------------------------------------------------------------


def open_campaign(*, run_id: int, user, name: str = "") -> Campaign:
    """A city lead opens a campaign from a comparison run: one case per flagged enterprise."""
    if user.role != "city_lead":
        raise CaseRefused(["只有市局负责人可以发起核查批次"])
    run = CheckRun.objects.filter(pk=run_id, status="done").first()
    if run is None:
        raise CaseRefused(["比对批次不存在"])
    if run.what_if:
        raise CaseRefused(["试算比对（标准草案）不能发起核查批次"])
    if run.district_id:
        raise CaseRefused(["核查批次须基于全市范围的比对"])
    if Campaign.objects.filter(run=run).exists():
        raise CaseRefused([f"比对 #{run.pk} 已发起过核查批次"])
    flagged = (
        Finding.objects.filter(run=run)
        .values_list("uscc", "enterprise_name", "district_code")
        .distinct()
        .order_by("district_code", "uscc")
    )
    with transaction.atomic():
        campaign = Campaign.objects.create(
            name=name.strip() or f"{run.as_of.year}年资质动态核查（比对 #{run.pk}）",
            run=run,
            opened_by=user,
        )
        cases = [
            Case(
                campaign=campaign,
                uscc=u,
                enterprise_name=n,
                district_id=d,
                next_step="制发通知书",
                owed_by="区县",
            )  # fmt: skip
            for u, n, d in flagged
        ]
        Case.objects.bulk_create(cases, batch_size=2000)
        digest = hashlib.sha256("\n".join(c.uscc for c in cases).encode()).hexdigest()
        log_action(
            action="cases.campaign_opened",
            actor=user,
            object_type="cases.campaign",
            object_id=campaign.pk,
            data={
                "campaign": campaign.pk,
                "run": run.pk,
                "cases": len(cases),
                "usccs_sha256": digest,
            },
        )
    return campaign


# -- batch steps ----------------------------------------------------------------------


def _list_rows(cases: Iterable[Case]) -> list[dict[str, Any]]:
    from hecha.documents.issuing import finding_words

    rows = []
    for c in cases:
        rows.append(
            {
                "case": c.pk,
                "uscc": c.uscc,
                "enterprise_name": c.enterprise_name,
                "district_code": c.district_id,
                "findings": finding_words(c),
                "notices_on": c.notices_on.isoformat() if c.notices_on else "",
                "mailing_address": c.mailing_address,
            }
        )
    return rows


def _digest(rows: list[dict[str, Any]]) -> str:
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def submit_to_city(*, case_ids: list[int], user, today: date | None = None) -> Submission:
    """The district submits its contacted cases and the list the system produced."""
    if not user.is_district_user:
        raise CaseRefused(["只有区县用户可以报送市局"])
    today = today or _today()
    with transaction.atomic():
        cases = list(cases_visible_to(user).select_for_update().filter(pk__in=case_ids))
        if not cases or len(cases) != len(set(case_ids)):
            raise CaseRefused(["请选择要报送的本区县案件"])
        rows = _list_rows(cases)
        submission = Submission.objects.create(
            district=user.district, created_by=user, rows=rows, sha256=_digest(rows)
        )
        problems = []
        for case in cases:
            try:
                _apply(case, "submit_to_city", user, {}, today, submission=submission.pk)
            except CaseRefused as refused:
                problems.append(f"{case.enterprise_name}：{refused}")
        if problems:
            raise CaseRefused(problems)
        Case.objects.filter(pk__in=[c.pk for c in cases]).update(submission=submission)
        from hecha.documents.issuing import issue_list

        submission.document = issue_list("anomaly_list", cases=cases, user=user,
                                         district_code=user.district.code, on=today)  # fmt: skip
        submission.save(update_fields=["document"])
        log_action(action="cases.submission_created", actor=user, object_type="cases.submission",
                   object_id=submission.pk, district_code=user.district.code,
                   data={"submission": submission.pk, "cases": len(cases), "sha256": submission.sha256})  # fmt: skip
    return submission


def accept_submission(*, submission_id: int, user) -> Submission:
    if user.role not in CITY_ROLES:
        raise CaseRefused(["只有市局用户可以接收区县报送"])
    with transaction.atomic():
        submission = Submission.objects.select_for_update().filter(pk=submission_id).first()
        if submission is None:
            raise CaseRefused(["报送不存在"])
        if submission.accepted_at:
            raise CaseRefused(["该报送已接收"])
        submission.accepted_by, submission.accepted_at = user, timezone.now()
        submission.save()
        Case.objects.filter(submission=submission).update(version=F("version") + 1)
        log_action(action="cases.submission_accepted", actor=user, object_type="cases.submission",
                   object_id=submission.pk, district_code=submission.district_id,
                   data={"submission": submission.pk, "sha256": submission.sha256})  # fmt: skip
    return submission


def record_mailing(*, rows: list[tuple[int, str]], mailed_on: date, user, kind: str = "notices",
                   today: date | None = None) -> MailingBatch:  # fmt: skip
    """The city mailed these cases by EMS on `mailed_on`: (case id, tracking number) pairs."""
    today = today or _today()
    with transaction.atomic():
        batch = MailingBatch.objects.create(kind=kind, mailed_on=mailed_on, created_by=user)
        problems = []
        for case_id, tracking_no in rows:
            try:
                case = _locked_case(case_id, user)
                _apply(case, "mail", user, {"mailed_on": mailed_on, "tracking_no": tracking_no},
                       today, mailing=batch.pk)  # fmt: skip
                Case.objects.filter(pk=case.pk).update(mailing=batch)
            except CaseNotFound:
                problems.append(f"案件 {case_id} 不存在")
            except CaseRefused as refused:
                problems.append(f"案件 {case_id}：{refused}")
        if problems or not rows:
            raise CaseRefused(problems or ["请填写邮寄的案件和邮件号"])
    return batch


def record_delivery(*, tracking_no: str, user, signed_on: date | None = None,
                    returned_on: date | None = None, today: date | None = None) -> Case:  # fmt: skip
    """A receipt (signed for: served) or a return (unreachable: to be announced)."""
    today = today or _today()
    with transaction.atomic():
        case = Case.objects.select_for_update().filter(tracking_no=tracking_no.strip()).first()
        if case is None or user.is_district_user:
            raise CaseRefused([f"未找到邮件号 {tracking_no} 对应的案件"])
        if signed_on:
            _apply(case, "record_receipt", user, {"signed_on": signed_on}, today)
        elif returned_on:
            if case.stage != Stage.MAILED:
                raise CaseRefused([f"案件当前为“{case.get_stage_display()}”，不能登记退件"])
            if returned_on < case.mailed_on or returned_on > today:
                raise CaseRefused(["退件日期须在邮寄日期与今天之间"])
            case.returned_on = returned_on
            case.version += 1
            case.save()
            log_action(action="cases.mail_returned", actor=user, object_type="cases.case",
                       object_id=case.pk, district_code=case.district_id,
                       data={"case": case.pk, "tracking_no": tracking_no, "returned_on": returned_on.isoformat()})  # fmt: skip
        else:
            raise CaseRefused(["请填写签收日期或退件日期"])
    return case


def publish_announcement(*, case_ids: list[int], published_on: date, user,
                         today: date | None = None) -> Announcement:  # fmt: skip
    """The city announces the unreachable enterprises: each deemed served 30 days later."""
    today = today or _today()
    with transaction.atomic():
        cases = list(
            Case.objects.select_for_update().filter(pk__in=case_ids).order_by("district_id", "uscc")
        )
        if not cases or len(cases) != len(set(case_ids)):
            raise CaseRefused(["请选择要公告的案件"])
        rows = [{"uscc": c.uscc, "enterprise_name": c.enterprise_name, "district_code": c.district_id}
                for c in cases]  # fmt: skip
        announcement = Announcement.objects.create(
            kind="unreachable",
            published_on=published_on,
            rows=rows,
            sha256=_digest(rows),
            created_by=user,
        )
        problems = []
        for case in cases:
            try:
                _apply(case, "announce", user, {"announced_on": published_on}, today,
                       announcement=announcement.pk)  # fmt: skip
            except CaseRefused as refused:
                problems.append(f"{case.enterprise_name}：{refused}")
        if problems:
            raise CaseRefused(problems)
        Case.objects.filter(pk__in=case_ids).update(announcement=announcement)
        from hecha.documents.issuing import issue_list

        announcement.document = issue_list("unreachable_announcement", cases=cases, user=user,
                                           district_code=None, on=published_on,
                                           detail=lambda c: f"邮件号 {c.tracking_no}，邮寄日期 {c.mailed_on}")  # fmt: skip
        announcement.save(update_fields=["document"])

    return announcement


def _evidence_fits(case: Case, shown_date: date) -> None:
    """Evidence belongs to an open case, dated no earlier than the data it was flagged on."""
    if Stage(case.stage).closed:
        raise CaseRefused([f"案件已结案（{case.get_stage_display()}），不能再上传证据"])
    floor = case.campaign.run.as_of
    if shown_date < floor:
        raise CaseRefused([f"截图显示日期不能早于本案比对基准日 {floor.isoformat()}"])


def add_evidence(*, case_id: int, user, name: str, content: bytes, shown_date: date,
                 note: str = "") -> EvidenceFile:  # fmt: skip
    """A re-check's evidence file: PNG, JPEG or PDF by its content, at most 10 MB."""
    if len(content) > EVIDENCE_MAX:
        raise CaseRefused(["证据文件不能超过 10 MB"])
    kind = next((v for magic, v in EVIDENCE_TYPES.items() if content.startswith(magic)), None)
    if kind is None:
        raise CaseRefused(["证据文件须为 PNG、JPEG 图片或 PDF（按文件内容判断）"])
    if shown_date > _today():
        raise CaseRefused(["截图显示日期不能晚于今天"])
    digest = hashlib.sha256(content).hexdigest()
    with transaction.atomic():
        case = _locked_case(case_id, user)
        if not user.is_district_user and user.role not in CITY_ROLES:
            raise CaseRefused(["您的角色无权上传复查证据"])
        _evidence_fits(case, shown_date)
        folder = private.make_dir(Path(settings.MEDIA_ROOT) / "evidence" / str(case.pk))
        stored = private.write_bytes(folder / f"{digest}{kind[1]}", content)
        evidence = EvidenceFile.objects.create(
            case=case, original_name=Path(name).name[:200], stored_as=str(stored.relative_to(settings.MEDIA_ROOT)),
            content_type=kind[0], size=len(content), sha256=digest, shown_date=shown_date,
            note=note[:200], uploaded_by=user,
        )  # fmt: skip
        log_action(action="cases.evidence_added", actor=user, object_type="cases.case", object_id=case.pk,
                   district_code=case.district_id,
                   data={"case": case.pk, "file": evidence.original_name, "sha256": digest,
                         "shown_date": shown_date.isoformat()})  # fmt: skip
    return evidence


# stage -> the legal date it waits for: (case field, deadline rule, the case field it runs from)
LEGAL_DATES = {
    Stage.ANNOUNCED: ("deemed_served_on", "deemed_service", "announced_on"),
    Stage.RECTIFYING: ("rectification_until", "rectification", "served_on"),
    Stage.REVOCATION_NOTICED: (
        "revocation_served_on",
        "revocation_service",
        "revocation_announced_on",
    ),
}
DATE_LABELS = {"deemed_served_on": "视为送达日", "rectification_until": "整改期限",
               "revocation_served_on": "撤回告知书视为送达日"}  # fmt: skip


def legal_date(case: Case, calendar=None):
    """The legal date the case's stage waits for, computed now, with its basis and whether a
    year without a loaded holiday schedule had to be judged (then it is provisional)."""
    from hecha.workflow.procedure import deadlines

    rule = LEGAL_DATES.get(Stage(case.stage))
    if rule is None or getattr(case, rule[2]) is None:
        return None
    field, key, since = rule
    return field, deadlines()[key].from_(getattr(case, since), calendar or work_calendar())


def recompute_legal_dates(calendar) -> int:
    """A holiday schedule loaded since a date was computed can move it: recompute the dates
    open cases wait for, and put every change on the record."""
    stale = [
        case.pk
        for case in Case.objects.filter(stage__in=[s.value for s in LEGAL_DATES]).iterator(
            chunk_size=500
        )
        if (found := legal_date(case, calendar)) and getattr(case, found[0]) != found[1].value
    ]  # only a case whose date moved is locked and written
    changed = 0
    for case_id in stale:
        with transaction.atomic():
            case = _locked_case(case_id, None)
            found = legal_date(case, calendar)
            if found is None or getattr(case, found[0]) == found[1].value:
                continue  # another sweep got there first
            field, result = found
            old = getattr(case, field)
            setattr(case, field, result.value)
            case.version += 1
            case.save()
            log_action(action="cases.dates_recomputed", actor=None, object_type="cases.case", object_id=case.pk,
                       district_code=case.district_id,
                       data={"case": case.pk, "field": DATE_LABELS[field], "old": old.isoformat() if old else "",
                             "new": result.value.isoformat(), "basis": result.basis,
                             "provisional": result.provisional})  # fmt: skip
            changed += 1
    return changed


def sweep(*, today: date | None = None) -> dict[str, int]:
    """Advance what the calendar decides (deemed service) and refresh every open deadline.
    Idempotent: a second sweep on the same day changes nothing."""
    today = today or _today()
    recomputed = recompute_legal_dates(work_calendar())
    served = 0

    due = Case.objects.filter(stage=Stage.ANNOUNCED, deemed_served_on__lte=today).values_list(
        "pk", flat=True
    )
    for case_id in list(due):
        with transaction.atomic():
            case = _locked_case(case_id, None)
            if case.stage != Stage.ANNOUNCED:
                continue
            _apply(case, "deem_served", None, {"served_on": case.deemed_served_on}, today)

            served += 1
    refreshed = 0
    calendar = work_calendar()
    open_cases = Case.objects.exclude(stage__in=["revoked", "rectified", "withdrawn"])
    for case in open_cases.select_related("submission").iterator(chunk_size=500):
        old = (case.deadline, case.next_step, case.deadline_basis)
        refresh_deadline(case, calendar)
        if (case.deadline, case.next_step, case.deadline_basis) != old:
            Case.objects.filter(pk=case.pk).update(
                deadline=case.deadline, next_step=case.next_step, owed_by=case.owed_by,
                deadline_basis=case.deadline_basis, deadline_provisional=case.deadline_provisional,
            )  # fmt: skip
            refreshed += 1
    overdue = open_cases.filter(deadline__lt=today).count()
    return {"dates_recomputed": recomputed, "deemed_served": served, "deadlines_refreshed": refreshed,
            "overdue": overdue}  # fmt: skip


def read_mail_rows(*, name: str, content: bytes) -> list[dict[str, str]]:
    """Rows of an EMS sheet sent back (CSV or XLSX): 邮件号 with 文号 or 统一社会信用代码, or
    签收日期 / 退件日期. Headers in Chinese or English; the reader of the import is reused."""
    import tempfile

    from hecha.registry.services.cleaning import half_width
    from hecha.registry.services.sheets import UnreadableFile, read_sheet

    suffix = ".xlsx" if name.lower().endswith(".xlsx") else ".csv"
    with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
        tmp.write(content)
        tmp.flush()
        try:
            sheet = read_sheet(file_name=name, path=Path(tmp.name), limits="mail_sheet")
        except UnreadableFile as exc:
            raise CaseRefused([f"{name}：{exc}"]) from None
    aliases = {"邮件号": "tracking_no", "tracking_no": "tracking_no", "文号": "document",
               "统一社会信用代码": "uscc", "uscc": "uscc", "签收日期": "signed_on",
               "signed_on": "signed_on", "退件日期": "returned_on", "returned_on": "returned_on"}  # fmt: skip
    columns = {aliases[h.strip()]: i for i, h in enumerate(sheet.header) if h.strip() in aliases}
    if "tracking_no" not in columns:
        raise CaseRefused([f"{name}:1: 邮件号: 缺少必填列（邮件号）"])
    return [
        {key: half_width(sheet.column(i)[n]).strip() for key, i in columns.items()}
        | {"row": str(row)}
        for n, row in enumerate(sheet.numbers)
    ]


def mailing_rows_from_sheet(rows: list[dict[str, str]], cases: list[Case]) -> list[tuple[int, str]]:
    """(case id, tracking number) from a filled mailing sheet: cases found by 文号 or USCC."""
    by_uscc = {c.uscc: c for c in cases}
    by_document = {f"核查案件 #{c.pk}": c for c in cases}
    out, problems = [], []
    for row in rows:
        if not row.get("tracking_no"):
            continue
        case = by_document.get(row.get("document", "")) or by_uscc.get(row.get("uscc", ""))
        if case is None:
            problems.append(f"第 {row['row']} 行：找不到待邮寄的案件（文号或统一社会信用代码不符）")
        else:
            out.append((case.pk, row["tracking_no"]))
    if problems:
        raise CaseRefused(problems)
    return out


def record_deliveries(*, rows: list[dict[str, str]], user, today: date | None = None) -> int:
    """Receipts and returns from the EMS sheet, all or nothing; returns the count recorded."""
    from hecha.registry.services.cleaning import parse_date

    problems, done = [], 0
    with transaction.atomic():
        for row in rows:
            dates = {}
            for key in ("signed_on", "returned_on"):
                if row.get(key):
                    iso, problem = parse_date(row[key])
                    if problem:
                        problems.append(f"第 {row['row']} 行：{problem}")
                    else:
                        dates[key] = date.fromisoformat(iso)
            if not dates:
                continue
            try:
                record_delivery(tracking_no=row["tracking_no"], user=user, today=today, **dates)
                done += 1
            except CaseRefused as refused:
                problems.append(f"第 {row['row']} 行：{refused}")
        if problems:
            raise CaseRefused(problems)
    return done


def issue_overdue_list(*, user, today: date | None = None):
    """The district's 逾期整改未达标企业清单: its cases re-checked and still short."""
    from hecha.documents.issuing import issue_list

    if not user.is_district_user:
        raise CaseRefused(["逾期整改未达标企业清单由区县出具"])
    cases = list(cases_visible_to(user).filter(stage=Stage.DISTRICT_RECHECK).order_by("uscc"))
    if not cases:
        raise CaseRefused(["本区县没有处于“区县复查”阶段的案件"])
    with transaction.atomic():
        return issue_list("overdue_list", cases=cases, user=user, district_code=user.district.code,
                          on=today or _today())  # fmt: skip
