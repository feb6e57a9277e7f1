"""The demo's campaign: cases left in every stage, each walked through the real services with
dates in the past, as a city would have done over the last months."""

from __future__ import annotations

import heapq
import io
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

from hecha.accounts.models import District, Officer, User
from hecha.cases import services
from hecha.cases.models import Campaign, Case

# stage to leave a case in -> the steps to take, in order
PATHS = [
    "flagged",
    "notices_issued",
    "enterprise_contacted",
    "submitted_to_city",
    "mailed",
    "announced",
    "rectifying",
    "district_recheck",
    "city_recheck",
    "revocation_noticed",
    "revoked",
    "rectified",
    "withdrawn",
]


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


def _district_user(code: str) -> User:
    user = User.objects.filter(
        role="district_officer", district_id=District.objects.get(code=code).pk
    ).first()
    if user is None:
        user = User.objects.create_user(f"district_{code}", password=None, role="district_officer",
                                        district=District.objects.get(code=code), last_name="区县执法人员")  # fmt: skip
    return user


def _png() -> bytes:
    import segno

    out = io.BytesIO()
    segno.make("四库平台截图（演示）").save(out, kind="png", scale=4)
    return out.getvalue()


Action = tuple[date, Callable[[], object]]


class Walker:
    """Each stage's path is a generator of (date, action): the steps of one case in order,
    each computed once the step before it is taken. `walk_in_date_order` takes the steps of
    every case by date, as the bureau would have, so documents are numbered in date order."""

    def __init__(self, campaign: Campaign, today: date, city_reviewer: User, city_lead: User):
        self.campaign, self.today = campaign, today
        self.reviewer, self.lead = city_reviewer, city_lead
        self.tracking = 0

    def step(self, case: Case, name: str, user: User, on: date, **data) -> Action:
        return on, lambda: services.take_step(
            case_id=case.pk, step=name, user=user, data=data, today=on
        )

    def notices_and_call(self, case: Case, start: date) -> Iterator[Action]:
        user = _district_user(case.district_id)
        officers = list(Officer.objects.filter(district__code=case.district_id)[:2])
        yield self.step(case, "issue_notices", user, start, notices_on=start,
                        officer_ids=[o.pk for o in officers])  # fmt: skip
        yield self.step(case, "record_call", user, start + timedelta(days=1), called_at=start + timedelta(days=1),
                        answered_by="企业联系人", result="已告知核查事项，企业表示配合整改",
                        mailing_address=f"沈阳市{case.district.name}（演示地址）")  # fmt: skip

    def submit(self, case: Case, start: date, accept: bool = True) -> Iterator[Action]:
        yield from self.notices_and_call(case, start)
        user, on = _district_user(case.district_id), start + timedelta(days=2)
        submitted: list = []
        yield (
            on,
            lambda: submitted.append(
                services.submit_to_city(case_ids=[case.pk], user=user, today=on)
            ),
        )
        if accept:
            yield (
                on,
                lambda: services.accept_submission(
                    submission_id=submitted[0].pk, user=self.reviewer
                ),
            )

    def mail(self, case: Case, mailed_on: date, numbers: list[str]) -> Iterator[Action]:
        yield from self.submit(case, mailed_on - timedelta(days=4))
        self.tracking += 1
        numbers.append(f"EM{mailed_on:%m%d}{self.tracking:05d}CN")
        yield mailed_on, lambda: services.record_mailing(rows=[(case.pk, numbers[0])], mailed_on=mailed_on,
                                                         user=self.reviewer, today=mailed_on)  # fmt: skip

    def served(self, case: Case, signed_on: date) -> Iterator[Action]:
        numbers: list[str] = []
        yield from self.mail(case, signed_on - timedelta(days=3), numbers)
        yield signed_on, lambda: services.record_delivery(tracking_no=numbers[0], signed_on=signed_on,
                                                          user=self.reviewer, today=signed_on)  # fmt: skip

    def rechecked(self, case: Case, city: bool) -> Iterator[Action]:
        yield from self.served(case, self.today - timedelta(days=140))
        case.refresh_from_db()
        after = case.rectification_until + timedelta(days=3)
        user = _district_user(case.district_id)
        yield after, lambda: services.add_evidence(case_id=case.pk, user=user, name="四库截图.png", content=_png(),
                                                   shown_date=after, note="整改期满后的四库人员截图")  # fmt: skip
        yield self.step(case, "district_recheck", user, after,
                        conclusion="逾期未完成整改，注册人员仍不满足资质标准要求")  # fmt: skip
        if city:
            yield self.step(case, "city_recheck", self.reviewer, after + timedelta(days=5),
                            conclusion="经二次复查，确认仍不满足")  # fmt: skip

    def revocation(self, case: Case, announced_on: date) -> Iterator[Action]:
        yield from self.rechecked(case, city=True)
        self.tracking += 1
        yield self.step(case, "notice_revocation", self.lead, announced_on, mailed_on=announced_on,
                        announced_on=announced_on, tracking_no=f"EM{announced_on:%m%d}{self.tracking:05d}CN")  # fmt: skip

    def issued(self, case: Case) -> Iterator[Action]:
        on = self.today - timedelta(days=2)
        officers = list(Officer.objects.filter(district__code=case.district_id)[:2])
        yield self.step(case, "issue_notices", _district_user(case.district_id), on, notices_on=on,
                        officer_ids=[o.pk for o in officers])  # fmt: skip

    def announced(self, case: Case) -> Iterator[Action]:
        t, numbers = self.today, []
        yield from self.mail(case, t - timedelta(days=35), numbers)
        yield t - timedelta(days=25), lambda: services.record_delivery(
            tracking_no=numbers[0], returned_on=t - timedelta(days=25), user=self.reviewer,
            today=t - timedelta(days=25))  # fmt: skip
        yield t - timedelta(days=10), lambda: services.publish_announcement(
            case_ids=[case.pk], published_on=t - timedelta(days=10), user=self.reviewer,
            today=t - timedelta(days=10))  # fmt: skip

    def revoked(self, case: Case) -> Iterator[Action]:
        yield from self.revocation(case, self.today - timedelta(days=35))
        case.refresh_from_db()
        yield self.step(case, "revoke", self.lead, case.revocation_served_on + timedelta(days=1))

    def withdrawn(self, case: Case) -> Iterator[Action]:
        yield self.step(case, "withdraw", self.lead, self.today - timedelta(days=1),
                        reason="企业已办理资质注销，核查终止")  # fmt: skip

    def walk(self, case: Case, stage: str) -> Iterator[Action]:
        t, days = self.today, timedelta
        paths = {
            "notices_issued": lambda: self.issued(case),
            "enterprise_contacted": lambda: self.notices_and_call(case, t - days(3)),
            "submitted_to_city": lambda: self.submit(case, t - days(6), accept=False),
            "mailed": lambda: self.mail(case, t - days(3), []),
            "announced": lambda: self.announced(case),
            "rectifying": lambda: self.served(case, t - days(30)),
            "district_recheck": lambda: self.rechecked(case, city=False),
            "city_recheck": lambda: self.rechecked(case, city=True),
            "revocation_noticed": lambda: self.revocation(case, t - days(5)),
            "revoked": lambda: self.revoked(case),
            "rectified": lambda: self.served(case, t - days(40)),
            "withdrawn": lambda: self.withdrawn(case),
        }
        return paths[stage]()


def walk_in_date_order(paths: list[Iterator[Action]]) -> None:
    """Take the next step of whichever case is due first, until every path is walked."""
    due: list[tuple[date, int, Callable[[], object], Iterator[Action]]] = []

    def advance(n: int, path: Iterator[Action]) -> None:
        for on, action in path:
            heapq.heappush(due, (on, n, action, path))
            return

    for n, path in enumerate(paths):
        advance(n, path)
    while due:
        _, n, action, path = heapq.heappop(due)
        action()
        advance(n, path)


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
    """Leave the campaign's cases in every stage; returns how many cases each stage holds."""
    from hecha.checks.services.runs import start_check_run
    from hecha.registry.services.importing import import_directory

    reviewer = User.objects.filter(role="city_reviewer").first()
    lead = User.objects.filter(role="city_lead").first()
    walker = Walker(campaign, today, reviewer, lead)
    cases = list(campaign.cases.order_by("pk"))
    targets = [s for s in PATHS if s != "flagged"]
    rectified = None
    # the first case of each district stays flagged for its officers to start on; the demo
    # users' districts (和平区, 沈河区) get the other stages first
    first = {}
    for c in cases:
        first.setdefault(c.district_id, c.pk)
    walkable = sorted((c for c in cases if c.pk not in first.values()),
                      key=lambda c: (c.district_id not in ("210102", "210103"), c.pk))  # fmt: skip
    paths = []
    for case, stage in zip(walkable, targets, strict=False):
        paths.append(walker.walk(case, stage))
        if stage == "rectified":
            rectified = case
    walk_in_date_order(paths)
    if rectified is not None:
        rectified.refresh_from_db()
        import_directory(directory=hire_constructors(rectified, folder / "rectification"), user=None,
                         source="demo")  # fmt: skip
        start_check_run(user=lead, as_of=today)
        user = _district_user(rectified.district_id)
        services.take_step(case_id=rectified.pk, step="close_rectified", user=user, today=today)
    services.sweep(today=today)
    rechecked = Case.objects.filter(campaign=campaign, stage="district_recheck").first()
    if rechecked is not None:
        services.issue_overdue_list(user=_district_user(rechecked.district_id), today=today)

    from hecha.cases.selectors import count_by_stage

    return count_by_stage()
