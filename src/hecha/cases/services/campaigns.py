"""Opening a campaign (核查批次) from the published city-wide comparison: the city lead for every
district, or a district lead for their own (行动方案四（二）1–2: each district acts on the
anomalous enterprises the system found). An enterprise whose case is still open gets no second
case: it is listed as skipped, "已在核查中，见案件 #…", with any requirement found short anew."""

from __future__ import annotations

import hashlib
from collections import defaultdict

from django.db import IntegrityError, transaction

from hecha.audit.services import log_action
from hecha.cases.models import Campaign, Case
from hecha.cases.services.common import CaseRefused
from hecha.checks.models import CheckRun, Finding
from hecha.workflow.stages import CLOSED

OPENERS = {"city_lead", "district_lead"}


def _scope(user) -> str | None:
    if user.role not in OPENERS:
        raise CaseRefused(["只有市局负责人或区县负责人可以发起核查批次"])
    return user.district.code if user.role == "district_lead" else None


def _published_run(run_id: int, district: str | None) -> CheckRun:
    run = CheckRun.objects.filter(pk=run_id, status="done").first()
    if run is None:
        raise CaseRefused(["比对批次不存在"])
    if run.what_if:
        raise CaseRefused(["试算比对（标准草案）不能发起核查批次"])
    if run.district_id:
        raise CaseRefused(["核查批次须基于全市范围的比对（各区县清单与同一比对结果一致）"])
    latest = published_runs().first()
    if district and latest and latest.pk != run.pk:
        raise CaseRefused([f"请基于最新的全市比对 #{latest.pk}（基准日 {latest.as_of}）立案"])
    return run


def published_runs():
    return CheckRun.objects.filter(status="done", what_if=False, district__isnull=True).order_by(
        "-as_of", "-id"
    )


def _opened_districts(run: CheckRun, district: str | None) -> set[str]:
    """The districts already opened from this run; refuses a second opening of the same scope."""
    opened = Campaign.objects.filter(run=run)
    if opened.filter(district__isnull=True).exists():
        raise CaseRefused([f"比对 #{run.pk} 已发起过全市核查批次"])
    if district and opened.filter(district_id=district).exists():
        raise CaseRefused([f"比对 #{run.pk} 已发起过本区县的核查批次"])
    return set(opened.values_list("district_id", flat=True))


def _flagged(run: CheckRun, district: str | None, exclude: set[str]) -> dict[str, dict]:
    rows = Finding.objects.filter(run=run).exclude(district_code__in=exclude)
    if district:
        rows = rows.filter(district_code=district)
    found: dict[str, dict] = {}
    for uscc, name, code, rule in rows.values_list(
        "uscc", "enterprise_name", "district_code", "rule_id"
    ).order_by("district_code", "uscc", "rule_id"):
        entry = found.setdefault(uscc, {"uscc": uscc, "enterprise_name": name,
                                        "district_code": code, "rules": []})  # fmt: skip
        entry["rules"].append(rule)
    return found


def _skipped(flagged: dict[str, dict]) -> list[dict]:
    """Flagged enterprises with an open case: listed with the case and any rule found short in
    this run that the open case's findings do not hold."""
    open_cases = {
        c.uscc: c
        for c in Case.objects.filter(uscc__in=list(flagged))
        .exclude(stage__in=[s.value for s in CLOSED])
        .select_related("campaign")
    }
    held: dict[int, set[str]] = defaultdict(set)
    for run_id, uscc, rule in Finding.objects.filter(
        uscc__in=list(open_cases), run__in={c.campaign.run_id for c in open_cases.values()}
    ).values_list("run_id", "uscc", "rule_id"):
        held[run_id].add(f"{uscc}:{rule}")
    out = []
    for uscc, case in open_cases.items():
        entry = flagged[uscc]
        new = [r for r in entry["rules"] if f"{uscc}:{r}" not in held[case.campaign.run_id]]
        out.append({**{k: entry[k] for k in ("uscc", "enterprise_name", "district_code")},
                    "case": case.pk, "new_rules": new})  # fmt: skip
    return sorted(out, key=lambda r: (r["district_code"], r["uscc"]))


def _default_name(run: CheckRun, user, district: str | None) -> str:
    where = f"，{user.district.name}" if district else ""
    return f"{run.as_of.year}年资质动态核查（比对 #{run.pk}{where}）"


def open_campaign(*, run_id: int, user, name: str = "") -> Campaign:
    """Open one case per flagged enterprise of the run in the opener's scope; an enterprise
    with an open case is skipped and listed."""
    district = _scope(user)
    run = _published_run(run_id, district)
    flagged = _flagged(run, district, _opened_districts(run, district))
    skipped = _skipped(flagged)
    taken = {s["uscc"] for s in skipped}
    try:
        with transaction.atomic():
            campaign = Campaign.objects.create(
                name=name.strip() or _default_name(run, user, district), run=run,
                opened_by=user, district_id=district, skipped=skipped,
            )  # fmt: skip
            cases = [
                Case(campaign=campaign, uscc=e["uscc"], enterprise_name=e["enterprise_name"],
                     district_id=e["district_code"], next_step="制发通知书", owed_by="区县")
                for e in flagged.values() if e["uscc"] not in taken
            ]  # fmt: skip
            Case.objects.bulk_create(cases, batch_size=2000)
            _log_opened(campaign, user, cases, skipped)
    except IntegrityError:
        raise CaseRefused(["另一核查批次正在为同一企业立案，请刷新后重试"]) from None
    return campaign


def _log_opened(campaign: Campaign, user, cases: list[Case], skipped: list[dict]) -> None:
    digest = hashlib.sha256("\n".join(c.uscc for c in cases).encode()).hexdigest()
    log_action(
        action="cases.campaign_opened",
        actor=user,
        object_type="cases.campaign",
        object_id=campaign.pk,
        district_code=campaign.district_id or "",
        data={
            "campaign": campaign.pk,
            "run": campaign.run_id,
            "cases": len(cases),
            "usccs_sha256": digest,
            "skipped": len(skipped),
            "scope": user.district.name if campaign.district_id else "全市",
        },  # fmt: skip
    )
