"""The demo's officers, the enterprise's fix for a rectified case, and the campaign walked to
every stage (the walk itself is in `walker`)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from hecha.accounts.models import District, Officer
from hecha.cases import services
from hecha.cases.models import Campaign, Case


def demo_officers(on: date) -> None:
    """Two enforcement officers per district and two at the city bureau."""
    surnames = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐"
    for n, district in enumerate([None, *District.objects.order_by("code")]):
        code = district.code if district else "210100"
        for k in range(2):
            Officer.objects.get_or_create(
                certificate_no=f"辽{code}{k + 1:03d}",
                defaults={
                    "name": surnames[(2 * n + k) % len(surnames)] + ("建国" if k == 0 else "海燕"),
                    "valid_from": on - timedelta(days=700),
                    "valid_until": on + timedelta(days=1100),
                    "district": district,
                },
            )


def hire_constructors(case: Case, folder: Path) -> Path:
    """The rectified enterprise's fix: registrations of new constructors, as an import file."""
    from stdnum.cn import ric

    from hecha.checks.models import Finding

    rows = ["id_number,name,uscc,certificate_type,registration_no,specialties,valid_until"]
    needed = Finding.objects.filter(run=case.campaign.run_id, uscc=case.uscc)
    spec = {"市政": "市政公用工程", "输变电": "机电工程"}
    for n, finding in enumerate(needed):
        specialty = next((v for k, v in spec.items() if k in finding.qualification), "建筑工程")
        for k in range(finding.required - finding.counted + 1):
            body = f"{case.district_id}1990{(n % 12) + 1:02d}{(k % 28) + 1:02d}9{n:01d}{k % 10}"
            rows.append(f"{body}{ric.calc_check_digit(body + '0')},新聘人员{n}{k},{case.uscc},二级注册建造师,"
                        f"辽2{case.district_id}{n}{k:03d},{specialty},2030-12-31")  # fmt: skip
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "personnel.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    month = f"{case.served_on:%Y-%m}" if case.served_on else "2026-01"
    insurance = ["id_number,uscc,last_paid_month"]
    insurance += [f"{r.split(',')[0]},{case.uscc},{month}" for r in rows[1:]]
    (folder / "social_insurance.csv").write_text("\n".join(insurance) + "\n", encoding="utf-8")
    return folder


def walk_demo(campaign: Campaign, today: date, folder: Path) -> dict[str, int]:
    """Leave the campaign's cases in every stage, and each outcome of the procedure on at least
    one case; then a district opens its own campaign from the latest published city run.
    Returns how many cases each stage holds."""
    from hecha.cases.selectors import count_by_stage
    from hecha.demo.walker import TARGETS, Walker, walk_in_date_order

    walker = Walker(campaign, today, folder)
    cases = list(campaign.cases.select_related("district").order_by("pk"))
    # the first case of each district stays flagged for its officers to start on; the demo
    # users' districts (和平区, 沈河区) get the other stages first
    first: dict[str, int] = {}
    for c in cases:
        first.setdefault(c.district_id, c.pk)
    walkable = sorted((c for c in cases if c.pk not in first.values()),
                      key=lambda c: (c.district_id not in ("210102", "210103"), c.pk))  # fmt: skip
    walk_in_date_order([walker.walk(c, t) for c, t in zip(walkable, TARGETS, strict=False)])
    services.sweep(today=today)
    district_campaign(campaign, walkable[: len(TARGETS)])
    return count_by_stage()


def district_campaign(campaign: Campaign, walked: list[Case]) -> Campaign | None:
    """A district none of whose cases was walked opens its own campaign from the latest
    published city run: its enterprises still in the procedure are listed, not opened again."""
    from hecha.demo.walker import district_user

    busy = {c.district_id for c in walked}
    code = next((d for d in campaign.cases.values_list("district_id", flat=True).order_by("district_id")
                 if d not in busy), None)  # fmt: skip
    if code is None:
        return None
    latest = services.campaigns.published_runs().first()
    return services.open_campaign(run_id=latest.pk, user=district_user(code, "district_lead"))
