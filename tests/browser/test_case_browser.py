"""Through the pages alone: one case from flagged to revoked (fresh comparison, signed re-check
and overdue list, statements and defence, the decision), another to rectified, moving the
clock (hecha.clock.today) as the months of the procedure pass."""

from datetime import date

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = date.fromisoformat


@pytest.fixture
def clock(monkeypatch):
    class Clock:
        day = D("2026-01-05")

        def set(self, iso):
            self.day = D(iso)

    c = Clock()
    monkeypatch.setattr("hecha.clock.today", lambda: c.day)
    return c


@pytest.fixture
def campaign(reference_data, tmp_path, settings):
    from hecha.accounts.models import User
    from hecha.cases.services import open_campaign
    from hecha.checks.services.runs import start_check_run
    from hecha.demo.generator import generate
    from hecha.registry.services.importing import import_directory

    settings.HECHA_JOBS_IN_BACKGROUND = False
    settings.MEDIA_ROOT = tmp_path / "files"
    generate(tmp_path / "data", enterprises=300, as_of=D("2026-01-02"))
    import_directory(directory=tmp_path / "data", user=None)
    run = start_check_run(user=None, as_of=D("2026-01-02"))
    lead = User.objects.create_user("city_lead", password="pw-city_lead", role="city_lead")
    User.objects.create_user("reviewer", password="pw-reviewer", role="city_reviewer")
    return open_campaign(run_id=run.pk, user=lead)


@pytest.fixture
def two_cases(campaign):
    """Two flagged enterprises of one district, its officer user and two enforcement officers."""
    from django.db.models import Count

    from hecha.accounts.models import District, Officer, User

    code = (campaign.cases.values("district_id").annotate(n=Count("id")).filter(n__gte=2)
            .order_by("-n").first()["district_id"])  # fmt: skip
    district = District.objects.get(code=code)
    User.objects.create_user(
        "officer", password="pw-officer", role="district_officer", district=district
    )
    for name, no in [("张伟", "辽执001"), ("李娜", "辽执002")]:
        Officer.objects.create(name=name, certificate_no=no, valid_from=D("2025-01-01"),
                               valid_until=D("2028-12-31"), district=district)  # fmt: skip
    return list(campaign.cases.filter(district_id=code).order_by("pk")[:2])


def stage(page, label):
    expect(page.locator("#case-stage")).to_have_text(label)


def notices_call_submit(page, url, case, clock):
    page.goto(f"{url}/cases/{case.pk}/")
    form = page.locator("#step-issue_notices")
    form.get_by_label("制发日期").fill("2026-01-05")
    form.get_by_label("张伟").check()
    form.get_by_label("李娜").check()
    form.get_by_role("button").click()
    stage(page, "已制发通知书")
    clock.set("2026-01-06")
    form = page.locator("#step-record_call")
    form.get_by_label("通话日期").fill("2026-01-06")
    form.get_by_label("已告知", exact=True).check()
    form.get_by_label("接听人（已告知时必填）").fill("王经理")
    form.get_by_label("通话情况").fill("企业确认邮寄地址")
    form.get_by_label("邮寄地址（未接通时为企业登记的地址，记为未经电话核对）").fill(
        "沈阳市测试路1号"
    )
    form.get_by_role("button").click()
    stage(page, "已电话告知")


def test_one_case_to_revoked_and_one_to_rectified(live_server, log_in, two_cases, clock, tmp_path):
    a, b = two_cases
    url = live_server.url
    # district: notices, call, submission of both
    page = log_in("officer")
    notices_call_submit(page, url, a, clock)
    clock.set("2026-01-05")
    notices_call_submit(page, url, b, clock)
    clock.set("2026-01-07")
    page.goto(f"{url}/cases/?stage=enterprise_contacted")
    page.get_by_label(f"报送 {a.enterprise_name}").check()
    page.get_by_label(f"报送 {b.enterprise_name}").check()
    page.get_by_role("button", name="将勾选的案件报送市局").click()
    expect(page.locator("#confirm-cases")).to_contain_text(b.enterprise_name)  # named first
    page.get_by_role("button", name="确认报送").click()
    expect(page.locator(".messages")).to_contain_text("已报送市局 2 件")

    # city: accept, mail both, A signed for, B returned
    clock.set("2026-01-09")
    page = log_in("reviewer")
    page.goto(f"{url}/submissions/")
    page.get_by_role("button", name="接收").click()
    expect(page.locator(".messages")).to_contain_text("已接收区县报送")
    page.goto(f"{url}/mailing/")
    page.get_by_label(f"{a.enterprise_name} 邮件号").fill("EA0001")
    page.get_by_label(f"{b.enterprise_name} 邮件号").fill("EA0002")
    page.locator("#mail-form").get_by_label("邮寄日期").fill("2026-01-09")
    page.get_by_role("button", name="登记邮寄", exact=True).click()
    expect(page.locator("#confirm-cases")).to_contain_text("EA0002")
    page.get_by_role("button", name="确认登记邮寄").click()
    expect(page.locator(".messages")).to_contain_text("已登记邮寄 2 件")
    clock.set("2026-01-14")
    page.get_by_label(f"{a.enterprise_name} 签收日期").fill("2026-01-12")
    page.get_by_label(f"{b.enterprise_name} 退件日期").fill("2026-01-13")
    page.get_by_role("button", name="登记填写的签收和退件").click()
    expect(page.locator(".messages")).to_contain_text("已登记签收或退件 2 件")
    # returned mail waits for the 10 working days of receipts (to 23 January), then is announced
    clock.set("2026-01-26")
    page.goto(f"{url}/announcements/")
    page.locator("#announce-form").get_by_label("公告日期").fill("2026-01-26")
    page.get_by_role("button", name="发布公告").click()
    page.get_by_role("button", name="确认发布公告").click()
    expect(page.locator(".messages")).to_contain_text("已公告 1 家失联企业")
    page.goto(f"{url}/cases/{a.pk}/")
    stage(page, "整改中")
    # 3 months from 12 January: 12 April is a Sunday, so the period ends on the 13th
    expect(page.locator("dl.facts")).to_contain_text("整改期至 2026-04-13")

    # B: deemed served 30 days after the announcement; the sweep moves it on
    from hecha.cases.services import sweep

    clock.set("2026-02-25")
    sweep()
    page.goto(f"{url}/cases/{b.pk}/")
    stage(page, "整改中")
    expect(page.locator("#history")).to_contain_text("公告期满，视为送达（2026-02-25）")

    # A: the period ends; the district runs a fresh comparison and re-checks with dated evidence
    clock.set("2026-04-14")
    page = log_in("officer")
    page.goto(f"{url}/checks/")
    page.get_by_label("比对基准日").fill("2026-04-14")
    page.get_by_role("button", name="开始比对").click()
    expect(page.get_by_role("heading", name="按区县")).to_be_visible()
    page.goto(f"{url}/cases/{a.pk}/")
    expect(page.locator("#comparison")).to_contain_text("整改期满后）：仍不符合资质标准")
    import segno

    shot = tmp_path / "四库截图.png"
    segno.make("四库截图 2026-04-14").save(str(shot), scale=4)
    evidence = page.locator("#evidence-form")
    evidence.locator("input[type=file]").set_input_files(str(shot))
    evidence.get_by_label("截图或材料显示的日期").fill("2026-04-14")
    evidence.get_by_role("button", name="上传证据").click()

    expect(page.locator("#evidence")).to_contain_text("四库截图.png")
    form = page.locator("#step-district_recheck")
    form.get_by_label("张伟").check()
    form.get_by_label("李娜").check()
    form.get_by_role("button").click()
    stage(page, "区县复查")
    expect(page.locator("#district-recheck")).to_contain_text("仍不符合资质标准；执法人员 张伟")
    clock.set("2026-04-15")
    page.goto(f"{url}/cases/")
    form = page.locator("#overdue-list-form")
    form.get_by_label("张伟").check()
    form.get_by_label("李娜").check()
    form.get_by_role("button").click()
    expect(page.locator(".messages")).to_contain_text("已出具《逾期整改未达标企业清单》")

    clock.set("2026-04-20")
    page = log_in("reviewer")
    page.goto(f"{url}/cases/{a.pk}/")
    page.locator("#step-city_recheck").get_by_role("button").click()
    stage(page, "市局二次复查")

    page = log_in("city_lead")
    page.goto(f"{url}/cases/{a.pk}/")
    form = page.locator("#step-notice_revocation")
    form.get_by_label("邮寄日期").fill("2026-04-20")
    form.get_by_label("公告日期").fill("2026-04-20")
    form.get_by_role("button").click()
    stage(page, "撤回告知")
    form = page.locator("#step-record_revocation_mail")  # the notice exists now: its EMS number
    form.get_by_label("撤回告知书的邮件号").fill("EA0100")
    form.get_by_role("button").click()
    expect(page.locator("#history")).to_contain_text("登记撤回告知书的邮件号 EA0100")
    # served 20 May; statements and defence within 10 working days, to 3 June
    expect(page.locator("#statement-period")).to_contain_text("2026-06-03")
    clock.set("2026-05-20")
    page.reload()  # not offered before service: no button, the reason instead
    expect(page.locator("#step-revoke")).to_have_count(0)
    expect(page.locator("#steps-blocked")).to_contain_text("送达后方可撤回资质")
    stage(page, "撤回告知")
    clock.set("2026-05-26")
    page = log_in("reviewer")
    page.goto(f"{url}/cases/{a.pk}/")
    form = page.locator("#step-record_statement")
    form.get_by_label("收到日期").fill("2026-05-26")
    form.get_by_label("陈述、申辩", exact=True).check()
    form.get_by_label("陈述、申辩的主要内容").fill("企业称正在招聘建造师")
    form.get_by_role("button").click()
    expect(page.locator("#statements")).to_contain_text("待答复")
    page = log_in("city_lead")
    page.goto(f"{url}/cases/{a.pk}/")
    form = page.locator("#step-respond_statement")
    form.get_by_label("答复日期").fill("2026-05-26")
    form.get_by_label("理由不成立，维持拟撤回决定").check()
    form.get_by_label("复核意见").fill("招聘尚未完成，人员仍不足")
    form.get_by_role("button").click()
    expect(page.locator("#statements")).to_contain_text("人员仍不足")
    clock.set("2026-06-03")
    page.reload()
    expect(page.locator("#steps-blocked")).to_contain_text("期满后方可作出撤回决定")
    clock.set("2026-06-04")
    page.reload()
    page.locator("#step-revoke").get_by_role("button").click()
    stage(page, "已撤回资质")
    expect(page.locator("#documents")).to_contain_text("撤回建筑企业资质决定书")

    # B: the enterprise hires constructors; a fresh comparison finds it compliant
    from hecha.cases.models import Case
    from hecha.demo.cases import hire_constructors

    b = Case.objects.get(pk=b.pk)
    folder = hire_constructors(b, tmp_path / "fix")
    clock.set("2026-03-02")
    page = log_in("reviewer")  # the registry is the city's to import
    page.goto(f"{url}/imports/")
    page.locator("#id_files").set_input_files(
        [str(folder / "personnel.csv"), str(folder / "social_insurance.csv")]
    )
    page.get_by_role("button", name="开始导入").click()
    expect(page.locator("#import-done")).to_be_visible()
    page = log_in("officer")
    page.goto(f"{url}/checks/")
    page.get_by_label("比对基准日").fill("2026-03-02")
    page.get_by_role("button", name="开始比对").click()
    expect(page.get_by_role("heading", name="按区县")).to_be_visible()
    page.goto(f"{url}/cases/{b.pk}/")
    expect(page.locator("#comparison")).to_contain_text("整改期限内）：已符合资质标准")
    page.locator("#step-close_rectified").get_by_role("button").click()
    stage(page, "整改达标")
