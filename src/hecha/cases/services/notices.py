"""A district issues the notices of several flagged enterprises at once: first a preview (the
first enterprise's notice as it will read, and the 文号 the batch will take), then the issue,
all or nothing."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from hecha.cases.models import Case
from hecha.cases.services.steps import take_step

NOTICE_KINDS = ("inspection_notice", "rectification_order")


class _DryRun(Exception):
    """Rolls the preview back."""


@dataclass(frozen=True)
class Preview:
    title: str
    text: list[str]  # the first document's paragraphs
    first: str  # the first and last 文号 the batch takes
    last: str
    count: int


def issue_batch(*, case_ids: list[int], data: dict[str, Any], user,
                versions: dict[int, int] | None = None) -> list[Case]:  # fmt: skip
    """Issue the notices of every case, in one transaction (a refusal refuses them all)."""
    with transaction.atomic():
        return [
            take_step(
                case_id=pk,
                step="issue_notices",
                user=user,
                data=dict(data),
                version=(versions or {}).get(pk),
            )  # fmt: skip
            for pk in case_ids
        ]


def _paragraphs(content: bytes) -> list[str]:
    from docx import Document as Docx

    return [p.text for p in Docx(io.BytesIO(content)).paragraphs if p.text.strip()]


def preview_batch(*, case_ids: list[int], data: dict[str, Any], user) -> Preview:
    """Issue the first case's notices inside a transaction that is rolled back: the text the
    first notice will have and the numbers the whole batch will take (each case takes two
    consecutive numbers of the district's sequence). Refused as the issue would be."""
    from hecha.documents.models import Document

    found: dict[str, Any] = {}
    try:
        with transaction.atomic():
            issue_batch(case_ids=case_ids[:1], data=data, user=user)
            docs = list(Document.objects.filter(case_id=case_ids[0], kind__in=NOTICE_KINDS)
                        .order_by("serial"))  # fmt: skip
            first = docs[0]
            found = {"title": first.title, "text": _paragraphs(bytes(first.docx)),
                     "serial": first.serial, "number": first.number}  # fmt: skip
            raise _DryRun
    except _DryRun:
        pass
    count = 2 * len(case_ids)
    last_serial = found["serial"] + count - 1
    last = found["number"].replace(f"〕{found['serial']}号", f"〕{last_serial}号")
    return Preview(found["title"], found["text"], found["number"], last, count)


def notices_of(cases: list[Case]) -> list:
    from hecha.documents.models import Document

    return list(
        Document.objects.filter(case__in=cases, kind__in=NOTICE_KINDS)
        .select_related("case", "issued_by").order_by("serial")
    )  # fmt: skip


def batch_data(notices_on: date, officer_ids: list[int]) -> dict[str, Any]:
    return {"notices_on": notices_on, "officer_ids": officer_ids}
