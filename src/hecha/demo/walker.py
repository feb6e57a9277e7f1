"""The demo's procedure, walked through the real services in date order: each case's path is a
generator of (date, action), each step computed once the one before it is taken, and the steps
of every case are taken by date, as a bureau would have, so documents are numbered in date
order. Each outcome of the procedure is left on at least one case."""

from __future__ import annotations

import heapq
import io
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

from hecha.accounts.models import District, Officer, User
from hecha.cases import services
from hecha.cases.models import Campaign, Case

Action = tuple[date, Callable[[], object]]
DAY = timedelta(days=1)

# what the officer heard on the phone, by outcome: (who answered, what was said)
CALLS = {
    "informed": ("企业联系人", "已告知核查事项，企业表示配合整改，确认邮寄地址"),
    "no_answer": ("", "工作日上午、下午各拨打一次，均无人接听"),
    "wrong_number": ("", "登记的联系电话为空号"),
    "refused": ("", "对方听明来意后挂断，再拨不接"),
}


def district_user(code: str, role: str = "district_officer") -> User:
    district = District.objects.get(code=code)
    user = User.objects.filter(role=role, district=district).first()
    if user is None:
        words = "区县执法人员" if role == "district_officer" else "区县负责人"
        user = User.objects.create_user(f"{role.split('_')[1]}_{code}", password=None, role=role,
                                        district=district, last_name=words)  # fmt: skip
    return user


def screenshot() -> bytes:
    import segno

    out = io.BytesIO()
    segno.make("四库平台截图（演示）").save(out, kind="png", scale=4)
    return out.getvalue()


def registered_address(case: Case) -> str:
    from hecha.registry.models import Enterprise

    e = Enterprise.objects.filter(uscc=case.uscc, is_current=True).first()
    return (e.registered_address or e.mailing_address) if e else f"沈阳市{case.district.name}"


def own_id(case: Case, n: int) -> str:
    """A valid resident ID number unique to this case and row: born 1975–1994 by the case."""
    from stdnum.cn import ric

    body = f"{case.district_id}{1975 + case.pk % 20}{n // 28 % 12 + 1:02d}{n % 28 + 1:02d}{case.pk % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def registration_for(rule) -> tuple[str, str]:
    """A registration that counts for the requirement: 二级 where the specialty allows it."""
    from hecha.standards.qualifications import catalogue

    second = catalogue().specialties[2]
    wanted = rule.specialty_list if rule and rule.specialties else ["建筑工程"]
    if (rule and rule.level == 1) or not any(s in second for s in wanted):
        return "一级", wanted[0]
    return "二级", next(s for s in wanted if s in second)


def hires(case: Case, on: date) -> tuple[list[str], list[str]]:
    """personnel.csv and social_insurance.csv rows: for every requirement of each qualification
    the case found short, as many constructors as it asks, insured in the month of `on`."""
    from hecha.checks.models import Finding
    from hecha.checks.services.standards import standard_of

    standard = standard_of(case.campaign.run.standard)
    flagged = sorted(set(Finding.objects.filter(run=case.campaign.run_id, uscc=case.uscc)
                         .values_list("qualification", flat=True)))  # fmt: skip
    people = ["id_number,name,uscc,certificate_type,registration_no,specialties,valid_until"]
    insured = ["id_number,uscc,last_paid_month"]
    n = 0
    for rule in (r for q in flagged for r in standard.requirements_for(q)):
        level, specialty = registration_for(rule)
        for _ in range(rule.min_people):
            number = own_id(case, n)
            people.append(f"{number},新聘人员{n:02d},{case.uscc},{level}注册建造师,"
                          f"辽2{case.pk:05d}{n:03d},{specialty},2030-12-31")  # fmt: skip
            insured.append(f"{number},{case.uscc},{on:%Y-%m}")
            n += 1
    return people, insured


class Walker:
    def __init__(self, campaign: Campaign, today: date, folder: Path):
        self.campaign, self.today, self.folder = campaign, today, folder
        self.reviewer = User.objects.filter(role="city_reviewer").first()
        self.lead = User.objects.filter(role="city_lead").first()
        self.tracking = 0
        self.runs: dict[date, int] = {}

    def days(self, n: int) -> date:
        return self.today - timedelta(days=n)

    def step(self, case: Case, name: str, user: User, on: date, **data) -> Action:
        return on, lambda: services.take_step(case_id=case.pk, step=name, user=user, data=data,
                                              today=on)  # fmt: skip

    def officer_ids(self, case: Case) -> list[int]:
        return list(
            Officer.objects.filter(district__code=case.district_id).values_list("pk", flat=True)[:2]
        )

    # -- the district's steps ---------------------------------------------------------------

    def notices_and_call(
        self, case: Case, start: date, outcome: str = "informed"
    ) -> Iterator[Action]:
        user = district_user(case.district_id)
        yield self.step(case, "issue_notices", user, start, notices_on=start,
                        officer_ids=self.officer_ids(case))  # fmt: skip
        answered_by, said = CALLS[outcome]
        address = (
            f"沈阳市{case.district.name}（演示地址）"
            if outcome == "informed"
            else registered_address(case)
        )
        yield self.step(case, "record_call", user, start + DAY, called_at=start + DAY, outcome=outcome,
                        answered_by=answered_by, result=said, mailing_address=address)  # fmt: skip

    def submit(
        self, case: Case, start: date, accept: bool = True, outcome: str = "informed"
    ) -> Iterator[Action]:
        yield from self.notices_and_call(case, start, outcome)
        user, on, submitted = district_user(case.district_id), start + 2 * DAY, []
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

    # -- the city's mailing and service -----------------------------------------------------

    def mail(
        self, case: Case, mailed_on: date, numbers: list[str], outcome: str = "informed"
    ) -> Iterator[Action]:
        yield from self.submit(case, mailed_on - 4 * DAY, outcome=outcome)
        self.tracking += 1
        numbers.append(f"EM{mailed_on:%m%d}{self.tracking:05d}CN")
        yield mailed_on, lambda: services.record_mailing(rows=[(case.pk, numbers[0])], mailed_on=mailed_on,
                                                         user=self.reviewer, today=mailed_on)  # fmt: skip

    def served(self, case: Case, signed_on: date) -> Iterator[Action]:
        numbers: list[str] = []
        yield from self.mail(case, signed_on - 3 * DAY, numbers)
        yield signed_on, lambda: services.record_delivery(tracking_no=numbers[0], signed_on=signed_on,
                                                          user=self.reviewer, today=signed_on)  # fmt: skip

    def announced(self, case: Case) -> Iterator[Action]:
        """The number was wrong and the mail came back: announced after the receipts period."""
        numbers: list[str] = []
        yield from self.mail(case, self.days(35), numbers, outcome="wrong_number")
        back, published = self.days(30), self.days(10)
        yield back, lambda: services.record_delivery(tracking_no=numbers[0], returned_on=back,
                                                     user=self.reviewer, today=back)  # fmt: skip
        yield published, lambda: services.publish_announcement(case_ids=[case.pk], published_on=published,
                                                               user=self.reviewer, today=published)  # fmt: skip

    # -- re-checks --------------------------------------------------------------------------

    def fresh_run(self, as_of: date) -> None:
        """A published city-wide comparison on this day (one per day, shared by the cases)."""
        from hecha.checks.services.runs import start_check_run

        if as_of not in self.runs:
            self.runs[as_of] = start_check_run(user=self.lead, as_of=as_of).pk

    def rechecked(self, case: Case, served_on: date, *, listed: bool, city: bool,
                  recheck_on: date | None = None) -> Iterator[Action]:  # fmt: skip
        yield from self.served(case, served_on)
        case.refresh_from_db()
        until, user = case.rectification_until, district_user(case.district_id)
        on = recheck_on or until + 3 * DAY
        yield until + DAY, lambda: self.fresh_run(until + DAY)
        yield on, lambda: services.add_evidence(case_id=case.pk, user=user, name="四库截图.png",
                                                content=screenshot(), shown_date=until + DAY,
                                                note="整改期满后的四库人员截图")  # fmt: skip
        yield self.step(case, "district_recheck", user, on, officer_ids=self.officer_ids(case),
                        conclusion="逾期未完成整改，注册人员仍不满足资质标准要求")  # fmt: skip
        if listed:
            yield on + DAY, lambda: self.overdue_list(case, on + DAY)
        if city:
            yield self.step(case, "city_recheck", self.reviewer, on + 5 * DAY,
                            conclusion="经二次复查，确认仍不满足")  # fmt: skip

    def overdue_list(self, case: Case, on: date) -> None:
        """The district's signed list; a case another case's list already took is left."""
        case.refresh_from_db()
        if case.overdue_list_id is None:
            services.issue_overdue_list(user=district_user(case.district_id),
                                        officer_ids=self.officer_ids(case), today=on)  # fmt: skip

    # -- the revocation ---------------------------------------------------------------------

    def revocation(self, case: Case, served_on: date, announced_on: date) -> Iterator[Action]:
        yield from self.rechecked(case, served_on, listed=True, city=True)
        # a rectification period that ends in a holiday runs on: never announce before the
        # city's re-check (the demo broke on days when that pushed the re-check past it)
        case.refresh_from_db()
        if case.city_rechecked_on and announced_on < case.city_rechecked_on:
            announced_on = case.city_rechecked_on
        self.tracking += 1
        yield self.step(case, "notice_revocation", self.lead, announced_on, mailed_on=announced_on,
                        announced_on=announced_on, tracking_no=f"EM{announced_on:%m%d}{self.tracking:05d}CN")  # fmt: skip

    def statement(self, case: Case, received_on: date) -> Action:
        return self.step(case, "record_statement", self.reviewer, received_on, received_on=received_on,
                         kind="statement", summary="企业称正在招聘注册建造师，请求延长整改期限")  # fmt: skip

    def revoked(self, case: Case) -> Iterator[Action]:
        yield from self.revocation(case, self.days(190), self.days(85))
        yield self.statement(case, self.days(50))
        yield self.step(case, "respond_statement", self.lead, self.days(45), responded_on=self.days(45),
                        outcome="upheld", response="整改期限为法定期限，不予延长；招聘尚未完成，人员仍不足")  # fmt: skip
        case.refresh_from_db()
        period = services.common.statement_period(case)
        assert period is not None
        yield self.step(case, "revoke", self.lead, max(period.value + DAY, self.days(40)))

    # -- closing ----------------------------------------------------------------------------

    def rectified(self, case: Case, served_on: date, hired_on: date) -> Iterator[Action]:
        """The enterprise hires the staff it lacked; a comparison finds it compliant; closed
        (within the period, or after it under the bureau's policy)."""
        yield from self.served(case, served_on)
        yield hired_on, lambda: self.hire(case, hired_on)
        yield self.step(case, "close_rectified", district_user(case.district_id), hired_on + DAY)

    def hire(self, case: Case, on: date) -> None:
        """The enterprise hires, for every requirement of each qualification found short, the
        constructors it asks for (its other staff may have lapsed since the first comparison),
        insured by it in the month of `on`; then a comparison on that day."""
        from hecha.registry.services.importing import import_directory

        folder = self.folder / f"rectification-{case.pk}"
        folder.mkdir(parents=True, exist_ok=True)
        people, insured = hires(case, on)
        (folder / "personnel.csv").write_text("\n".join(people) + "\n", encoding="utf-8")
        (folder / "social_insurance.csv").write_text("\n".join(insured) + "\n", encoding="utf-8")
        import_directory(directory=folder, user=None, source="demo")
        self.fresh_run(on)

    def withdrawn(self, case: Case) -> Iterator[Action]:
        """The enterprise was deregistered: the district lead closes with the proof attached."""
        lead, on = district_user(case.district_id, "district_lead"), self.days(2)
        yield on, lambda: services.add_evidence(case_id=case.pk, user=lead, name="注销登记信息截图.png",
                                                content=screenshot(), shown_date=on, purpose="withdrawal",
                                                note="市场监管部门登记信息：已注销")  # fmt: skip
        yield self.step(case, "withdraw", lead, on + DAY, reason_code="enterprise_closed",
                        reason="企业已于本月办理注销登记，核查终止")  # fmt: skip

    # -- each stage left on a case ----------------------------------------------------------

    def walk(self, case: Case, target: str) -> Iterator[Action]:
        d = self.days
        paths: dict[str, Callable[[], Iterator[Action]]] = {
            "notices_issued": lambda: iter([self.step(case, "issue_notices", district_user(case.district_id), d(2),
                                                      notices_on=d(2), officer_ids=self.officer_ids(case))]),
            "enterprise_contacted": lambda: self.notices_and_call(case, d(3)),
            "submitted_to_city": lambda: self.submit(case, d(6), accept=False, outcome="refused"),
            "mailed": lambda: self.mail(case, d(3), [], outcome="no_answer"),
            "announced": lambda: self.announced(case),
            "rectifying": lambda: self.served(case, d(30)),
            "awaiting_recheck": lambda: self.served(case, d(140)),
            "district_recheck": lambda: self.rechecked(case, d(140), listed=False, city=False, recheck_on=d(3)),
            "city_recheck": lambda: self.rechecked(case, d(140), listed=True, city=True),
            "revocation_noticed": lambda: self.noticed_with_statement(case),
            "revoked": lambda: self.revoked(case),
            "rectified": lambda: self.rectified(case, d(40), d(6)),
            "rectified_late": lambda: self.rectified(case, d(150), d(20)),
            "withdrawn": lambda: self.withdrawn(case),
        }  # fmt: skip
        return paths[target]()

    def noticed_with_statement(self, case: Case) -> Iterator[Action]:
        yield from self.revocation(case, self.days(150), self.days(45))
        yield self.statement(case, self.days(10))  # within the period, not yet answered


TARGETS = ["notices_issued", "enterprise_contacted", "submitted_to_city", "mailed", "announced",
           "rectifying", "awaiting_recheck", "district_recheck", "city_recheck", "revocation_noticed",
           "revoked", "rectified", "rectified_late", "withdrawn"]  # fmt: skip


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
