"""Opening a campaign (核查批次): one case per flagged enterprise of a published comparison."""

from __future__ import annotations

import hashlib

from django.db import transaction

from hecha.audit.services import log_action
from hecha.cases.models import Campaign, Case
from hecha.cases.services.common import CaseRefused
from hecha.checks.models import CheckRun, Finding


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
            },  # fmt: skip
        )
    return campaign
