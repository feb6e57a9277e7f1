"""What each step does around its judgement, keyed by the names the procedure table declares
on the step (`Step.inputs`, `Step.records`, `Step.documents` in workflow/procedure.py):

- an input looks up facts the procedure judges (the officers behind the ids a form sent, the
  evidence on file) and returns what the audit entry should name;
- a record writes a row besides the case's own fields (a phone call, a re-check, a
  statement), from the step's data and what the procedure found (`Outcome.notes`);
- a document issues the step's papers, numbered in the step's transaction.

Every name a step declares is implemented here (a test holds the two together)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

from hecha.accounts.models import Officer
from hecha.cases.models import Announcement, Case, PhoneCall, Recheck, Statement
from hecha.cases.services.common import digest, jsonable

Data = dict[str, Any]


# -- inputs: facts looked up before the procedure judges the step ---------------------------


def _officers(case: Case, data: Data) -> Data:
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


def _evidence(case: Case, data: Data) -> Data:
    """The re-check's evidence, and how much of it is dated after the period ended."""
    files = case.evidence.filter(purpose="recheck")
    data["evidence_count"] = files.count()
    until = case.rectification_until
    data["evidence_after"] = files.filter(shown_date__gt=until).count() if until else 0
    return {"evidence": data["evidence_count"], "evidence_after": data["evidence_after"]}


def _withdrawal_evidence(case: Case, data: Data) -> Data:
    data["withdrawal_evidence"] = case.evidence.filter(purpose="withdrawal").count()
    return {"evidence": data["withdrawal_evidence"]}


INPUTS: dict[str, Callable[[Case, Data], Data]] = {
    "officers": _officers,
    "evidence": _evidence,
    "withdrawal_evidence": _withdrawal_evidence,
}


# -- records: rows a step leaves besides the case's own fields ------------------------------


def _text(data: Data, key: str) -> str:
    return str(data.get(key) or "").strip()


def _phone_call(case: Case, user, data: Data) -> None:
    PhoneCall.objects.create(
        case=case,
        called_at=data["called_at"],
        outcome=data["outcome"],
        answered_by=_text(data, "answered_by")[:50],
        result=_text(data, "result")[:300],
        mailing_address=case.mailing_address,
        address_corrected=bool(data.get("address_corrected")),
        recorded_by=user,
    )


def _recheck(case: Case, user, data: Data, *, level: str) -> None:
    Recheck.objects.create(
        case=case,
        level=level,
        conclusion=_text(data, "conclusion")[:300],
        run_id=data.get("run"),
        result=data.get("result", ""),
        form=jsonable({k: v for k, v in data.items() if k not in ("conclusion", "officers")}),
        by=user,
    )


def _statement(case: Case, user, data: Data) -> None:
    Statement.objects.create(
        case=case,
        kind=data["kind"],
        received_on=data["received_on"],
        summary=_text(data, "summary")[:1000],
        within_period=data["within_period"],
        period_until=data["period_until"] or data["received_on"],
        recorded_by=user,
    )


def _statement_response(case: Case, user, data: Data) -> None:
    """The city's one response answers every statement still open."""
    case.statements.filter(response_outcome="").update(
        response=_text(data, "response")[:1000],
        response_outcome=data["outcome"],
        responded_on=data["responded_on"],
        hearing_held_on=data.get("hearing_held_on"),
        responded_by=user,
    )


def _assignee(case: Case, user, data: Data) -> None:
    """The officer who issues the notices becomes the case's 承办人 unless a lead chose one."""
    from hecha.cases.services.assignment import note_assignment

    if case.assignee_id is None and user is not None:
        note_assignment(case, user, user, why="制发通知书")


RECORDS: dict[str, Callable[[Case, Any, Data], None]] = {
    "assignee": _assignee,
    "phone_call": _phone_call,
    "district_recheck": partial(_recheck, level=Recheck.Level.DISTRICT),
    "city_recheck": partial(_recheck, level=Recheck.Level.CITY),
    "statement": _statement,
    "statement_response": _statement_response,
}


# -- documents: the papers a step issues ----------------------------------------------------


def _notices(case: Case, user, data: Data, on: date) -> None:
    from hecha.documents import issuing

    issuing.issue_notices(case, user, data["notices_on"])


def _recheck_form(case: Case, user, data: Data, on: date) -> None:
    from hecha.documents import issuing

    issuing.issue_recheck_form(case, user, on, _text(data, "conclusion"))


def _revocation_notice(case: Case, user, data: Data, on: date) -> None:
    """The notice of intended revocation, mailed and announced the same day: the announcement
    is published with it."""
    from hecha.documents import issuing

    doc = issuing.issue_revocation_notice(case, user, data["announced_on"])
    rows = [{"uscc": case.uscc, "enterprise_name": case.enterprise_name,
             "district_code": case.district_id}]  # fmt: skip
    Announcement.objects.create(kind="revocation", published_on=data["announced_on"], rows=rows,
                                sha256=digest(rows), created_by=user, document=doc)  # fmt: skip


def _revocation_decision(case: Case, user, data: Data, on: date) -> None:
    """撤回建筑企业资质决定书: the revocation is not taken without it (same transaction)."""
    from hecha.documents import issuing

    issuing.issue_revocation_decision(case, user=user, on=on)


DOCUMENTS: dict[str, Callable[[Case, Any, Data, date], None]] = {
    "notices": _notices,
    "recheck_form": _recheck_form,
    "revocation_notice": _revocation_notice,
    "revocation_decision": _revocation_decision,
}
