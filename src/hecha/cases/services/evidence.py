"""Evidence files of a case (dated 四库 screenshots and the like): one function stores them."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from hecha import uploads
from hecha.audit.services import log_action
from hecha.cases.models import EvidenceFile
from hecha.cases.services.common import CaseRefused, current_day, locked_case
from hecha.workflow.procedure import CITY_ROLES

EVIDENCE_TYPES = {b"\x89PNG\r\n\x1a\n": ("image/png", ".png"), b"\xff\xd8\xff": ("image/jpeg", ".jpg"),
                  b"%PDF-": ("application/pdf", ".pdf")}  # fmt: skip
EVIDENCE_MAX = uploads.LIMITS["evidence"].max_bytes  # 10 MB
EARLIEST = date(2000, 1, 1)  # before the national platform existed: a mistyped date


def _evidence_fits(case, shown_date: date, purpose: str) -> None:
    """Evidence belongs to an open case; a re-check's screenshot is dated no earlier than the
    data the case was flagged on (a withdrawal's proof may be older, but not absurd)."""
    if case.stage_enum.closed:
        raise CaseRefused([f"案件已结案（{case.get_stage_display()}），不能再上传证据"])
    floor = case.campaign.run.as_of if purpose == "recheck" else EARLIEST
    if shown_date < floor:
        raise CaseRefused([f"截图显示日期不能早于本案比对基准日 {floor.isoformat()}"]
                          if purpose == "recheck" else [f"证据日期不能早于 {floor.isoformat()}"])  # fmt: skip


def add_evidence(*, case_id: int, user, name: str, content: bytes, shown_date: date,
                 note: str = "", purpose: str = "recheck") -> EvidenceFile:  # fmt: skip
    """An evidence file of a case: PNG, JPEG or PDF by its content, at most 10 MB, for the
    re-check (dated 四库 screenshots) or proving a reason to withdraw the case."""
    purposes = dict(EvidenceFile._meta.get_field("purpose").choices)
    if purpose not in purposes:
        raise CaseRefused([f"请选择证据用途（{'/'.join(purposes.values())}）"])
    if len(content) > EVIDENCE_MAX:
        raise CaseRefused(["证据文件不能超过 10 MB"])
    kind = next((v for magic, v in EVIDENCE_TYPES.items() if content.startswith(magic)), None)
    if kind is None:
        raise CaseRefused(["证据文件须为 PNG、JPEG 图片或 PDF（按文件内容判断）"])
    if shown_date > current_day():
        raise CaseRefused(["截图显示日期不能晚于今天"])
    digest = hashlib.sha256(content).hexdigest()
    with transaction.atomic():
        case = locked_case(case_id, user)
        if not user.is_district_user and user.role not in CITY_ROLES:
            raise CaseRefused(["您的角色无权上传复查证据"])
        _evidence_fits(case, shown_date, purpose)
        # Django's storage: $HECHA_HOME/files, or the object store every server reaches
        stored = default_storage.save(f"evidence/{case.pk}/{digest}{kind[1]}", ContentFile(content))
        evidence = EvidenceFile.objects.create(
            case=case, original_name=Path(name).name[:200], stored_as=stored,
            content_type=kind[0], size=len(content), sha256=digest, shown_date=shown_date,
            note=note[:200], uploaded_by=user, purpose=purpose,
        )  # fmt: skip
        log_action(action="cases.evidence_added", actor=user, object_type="cases.case", object_id=case.pk,
                   district_code=case.district_id,
                   data={"case": case.pk, "file": evidence.original_name, "sha256": digest,
                         "shown_date": shown_date.isoformat(), "purpose": purposes[purpose]})  # fmt: skip
    return evidence
