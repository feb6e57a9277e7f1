"""Campaigns: open one from the published city run (city lead, or a district lead for their
district), the enterprises skipped, and every district's progress."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import redirect, render

from hecha import clock
from hecha.cases import selectors, services
from hecha.cases.forms import CampaignForm
from hecha.cases.models import Campaign
from hecha.workflow.stages import OPEN


@login_required
def campaigns(request):
    user = request.user
    if request.method == "POST":
        _open_campaign(request)
        return redirect("cases:campaigns")
    rows = (
        Campaign.objects.select_related("run", "opened_by", "district")
        .annotate(n=Count("cases", filter=_scope_q(user, "cases__district_id")))
        .order_by("-id")  # Meta.ordering does not apply to a grouped query
    )
    listed = [(c, [s for s in c.skipped if _mine(user, s["district_code"])]) for c in rows]
    return render(request, "cases/campaigns.html", {
        "campaigns": listed, "runs": selectors.runs_to_open(user),
        "may_open": user.role in ("city_lead", "district_lead"),
        "progress": selectors.progress_by_district(user, clock.today()),
        "stages": OPEN,
    })  # fmt: skip


def _scope_q(user, field: str) -> Q:
    return Q(**{field: user.district.code}) if user.is_district_user else Q()


def _mine(user, district_code: str) -> bool:
    return not user.is_district_user or user.district.code == district_code


def _open_campaign(request) -> None:
    form = CampaignForm(request.POST)
    if not form.is_valid():
        messages.error(request, "发起未完成：请选择比对批次")
        return
    try:
        campaign = services.open_campaign(run_id=form.cleaned_data["run"], user=request.user,
                                          name=form.cleaned_data["name"])  # fmt: skip
    except services.CaseRefused as refused:
        messages.error(request, f"发起未完成：{refused}")
        return
    skipped = (
        f"；{len(campaign.skipped)} 家已在核查中，未重复立案（见下表）" if campaign.skipped else ""
    )
    messages.success(
        request, f"已发起核查批次“{campaign.name}”，立案 {campaign.cases.count()} 件{skipped}"
    )
