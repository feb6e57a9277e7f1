"""What each step does around its judgement, keyed by the names the procedure table declares
on the step (`Step.inputs`, `Step.records`, `Step.documents` in workflow/procedure.py):

- an input looks up facts the procedure judges (the officers behind the ids a form sent) and
  returns what the audit entry should name;
- a record writes a row besides the case's own fields (a phone call, a re-check);
- a document issues the step's papers, numbered in the step's transaction.

Every name a step declares is implemented here (a test holds the two together)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

from hecha.accounts.models import Officer
from hecha.cases.models import Announcement, Case, PhoneCall, Recheck
from hecha.cases.services.common import compliant_run, digest, jsonable

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
    data["evidence_count"] = case.evidence.count()
    return {}


INPUTS: dict[str, Callable[[Case, Data], Data]] = {
    "officers": _officers,
    "evidence": _evidence,
}


# -- records: rows a step leaves besides the case's own fields ------------------------------


def _signing_officers(case: Case, user, data: Data) -> None:
    ids = [o.id for o in data["officers"]]
    Case.objects.filter(pk=case.pk).update(officer_a_id=ids[0], officer_b_id=ids[1])


def _phone_call(case: Case, user, data: Data) -> None:
    PhoneCall.objects.create(
        case=case,
        called_at=data["called_at"],
        answered_by=data["answered_by"].strip(),
        result=data["result"].strip(),
        mailing_address=case.mailing_address,
        address_corrected=bool(data.get("address_corrected")),
        recorded_by=user,
    )


def _recheck(case: Case, user, data: Data, *, level: str) -> None:
    Recheck.objects.create(
        case=case,
        level=level,
        conclusion=data["conclusion"].strip(),
        form=jsonable({k: v for k, v in data.items() if k != "conclusion"}),
        by=user,
    )


def _close_reason(case: Case, user, data: Data) -> None:
    note = data.get("reason") or f"比对 #{compliant_run(case)} 显示已符合标准"
    Case.objects.filter(pk=case.pk).update(close_reason=str(note)[:300])


RECORDS: dict[str, Callable[[Case, Any, Data], None]] = {
    "signing_officers": _signing_officers,
    "phone_call": _phone_call,
    "district_recheck": partial(_recheck, level=Recheck.Level.DISTRICT),
    "city_recheck": partial(_recheck, level=Recheck.Level.CITY),
    "close_reason": _close_reason,
}


# -- documents: the papers a step issues ----------------------------------------------------


def _notices(case: Case, user, data: Data, on: date) -> None:
    from hecha.documents import issuing

    issuing.issue_notices(case, user, data["notices_on"])


def _recheck_form(case: Case, user, data: Data, on: date) -> None:
    from hecha.documents import issuing

    issuing.issue_recheck_form(case, user, on, data["conclusion"])


def _revocation_notice(case: Case, user, data: Data, on: date) -> None:
    """The notice of intended revocation, mailed and announced the same day: the announcement
    is published with it."""
    from hecha.documents import issuing

    doc = issuing.issue_revocation_notice(case, user, data["announced_on"])
    rows = [{"uscc": case.uscc, "enterprise_name": case.enterprise_name,
             "district_code": case.district_id}]  # fmt: skip
    Announcement.objects.create(kind="revocation", published_on=data["announced_on"], rows=rows,
                                sha256=digest(rows), created_by=user, document=doc)  # fmt: skip


DOCUMENTS: dict[str, Callable[[Case, Any, Data, date], None]] = {
    "notices": _notices,
    "recheck_form": _recheck_form,
    "revocation_notice": _revocation_notice,
}
