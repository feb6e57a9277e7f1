"""`hecha demo`: an empty database becomes a Shenyang demonstration."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings

from hecha.workflow.stages import STAGE_LABELS, Stage

DEMO_PASSWORD = "hecha-demo"
DEMO_ENTERPRISES = 600
CAMPAIGN_AGE_DAYS = 200  # the demo campaign began with a comparison this many days ago


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: str
    district: str | None


DEMO_USERS = [
    DemoUser("heping_zhang", "张伟", "district_officer", "210102"),
    DemoUser("heping_li", "李娜", "district_officer", "210102"),
    DemoUser("heping_lead", "王强", "district_lead", "210102"),
    DemoUser("shenhe_zhao", "赵敏", "district_officer", "210103"),
    DemoUser("shenhe_lead", "周杰", "district_lead", "210103"),
    DemoUser("city_chen", "陈静", "city_reviewer", None),
    DemoUser("city_lead", "刘洋", "city_lead", None),
    DemoUser("admin", "系统管理员", "admin", None),
]


def database_is_empty() -> bool:
    from hecha.registry.models import Enterprise

    return not Enterprise.objects.exists()


def load_demo(*, as_of: date, enterprises: int = DEMO_ENTERPRISES) -> Iterator[str]:
    """Generate, import and compare the demo data set; create the demo users."""
    from hecha.accounts.models import User
    from hecha.accounts.services import create_user
    from hecha.checks.services.runs import start_check_run
    from hecha.demo.generator import generate
    from hecha.registry.services.importing import import_directory

    folder = Path(settings.HECHA_HOME) / "demo-data"
    # a quarter short of staff: enough cases in every district for every stage to be shown
    counts = generate(folder, enterprises=enterprises, as_of=as_of, short_share=0.25)

    yield "已生成演示数据：" + "，".join(f"{t} {n} 行" for t, n in counts.items())
    batch = import_directory(directory=folder, user=None, source="demo")
    yield f"已导入（批次 #{batch.pk}）"
    for u in DEMO_USERS:
        if not User.objects.filter(username=u.username).exists():
            create_user(
                username=u.username,
                password=DEMO_PASSWORD,
                role=u.role,
                district_code=u.district,
                full_name=u.full_name,
                check_password=False,
            )
    lead = User.objects.get(username="city_lead")
    started = as_of - timedelta(days=CAMPAIGN_AGE_DAYS)
    run = start_check_run(user=lead, as_of=started)
    yield (
        f"已完成系统自动比对（#{run.pk}，基准日 {run.as_of}）：异常企业 {run.enterprises_flagged} 家，"
        f"不符合项 {run.findings_count} 项"
    )
    from hecha.cases.services import open_campaign
    from hecha.demo.cases import demo_officers, walk_demo

    demo_officers(as_of)
    campaign = open_campaign(
        run_id=run.pk, user=lead, name=f"{started.year}年建筑业企业资质动态核查（演示）"
    )
    counts = walk_demo(campaign, as_of, folder)
    labels = dict(STAGE_LABELS)
    yield "核查批次：" + "，".join(
        f"{labels[Stage(s)]} {n} 件"
        for s, n in sorted(counts.items(), key=lambda x: list(Stage).index(Stage(x[0])))
    )
