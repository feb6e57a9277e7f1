"""The standards pages: the whole catalogue, a comparison of two versions, and an
administrator's correction as a new draft, previewed by a what-if run and published."""

from datetime import date

import pytest

from hecha.audit.models import AuditEntry
from hecha.checks.models import CheckRun, StandardVersion
from hecha.checks.services.standards import standard_of


@pytest.fixture(autouse=True)
def inline_jobs(settings):
    settings.HECHA_JOBS_IN_BACKGROUND = False


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_catalogue_page_shows_every_qualification_with_its_state(client, city_reviewer):
    client.force_login(city_reviewer)
    page = html(client.get("/standards/2016/"))
    standard = standard_of(StandardVersion.objects.get(version="2016"))
    for name, entry in standard.qualifications.items():
        assert name in page
        if not entry.assessed:
            assert entry.not_assessed_reason() in page
    assert "2016年10月14日印发" in page and "2016-11-01" in page
    assert "仅保留各类别最低等级资质的注册建造师人数指标" in page


def test_the_catalogue_can_be_browsed_by_sequence(client, city_reviewer):
    client.force_login(city_reviewer)
    page = html(client.get("/standards/2014/", {"sequence": "专业承包"}))
    assert "<h2>专业承包</h2>" in page and "<h2>施工总承包</h2>" not in page


def test_the_reading_says_it_is_chosen_only_on_purpose(client, city_reviewer):
    client.force_login(city_reviewer)
    page = html(client.get("/standards/2023/"))
    assert "选用的读法" in page and "不按基准日自动采用" in page


def test_comparing_2014_with_2016_lists_what_changed_and_from_when(client, city_reviewer):
    client.force_login(city_reviewer)
    page = html(client.get("/standards/compare/", {"a": "2014", "b": "2016"}))
    assert "自 <strong>2016年11月1日</strong> 起" in page
    assert "取消要求" in page and "建筑工程施工总承包一级" in page


def test_comparing_with_an_unknown_version_says_so(client, city_reviewer):
    client.force_login(city_reviewer)
    page = html(client.get("/standards/compare/", {"a": "2014", "b": "nope"}))
    assert "未知的标准版本" in page


CORRECTION = {
    "version": "2016-r1",
    "rule_id": "建筑工程施工总承包三级.a",
    "min_people": "6",
    "confirmation": "confirmed",
    "effective_from": "2026-12-01",
    "reason": "依据正式文本更正",
}


def test_an_admin_corrects_a_value_as_a_draft_previews_it_and_publishes_it(client, admin_user):
    client.force_login(admin_user)
    before = StandardVersion.objects.get(version="2016").sha256
    response = client.post("/standards/2016/correct/", CORRECTION)
    assert response.status_code == 302 and response["Location"].endswith("/standards/2016-r1/")
    draft = StandardVersion.objects.get(version="2016-r1")
    assert (draft.status, draft.derived_from) == ("draft", "2016")
    (req,) = [
        r
        for r in standard_of(draft).requirements_for("建筑工程施工总承包三级")
        if r.min_people == 6
    ]
    assert req.rule_id == "建筑工程施工总承包三级.a" and not req.unconfirmed
    assert StandardVersion.objects.get(version="2016").sha256 == before  # published untouched
    # preview: a what-if run with the draft
    client.post("/checks/", {"as_of": "2026-11-24", "standard": "2016-r1"})
    run = CheckRun.objects.get(standard=draft)
    assert run.what_if
    # publish: audited; from its date it is the version in force
    client.post("/standards/2016-r1/publish/")
    assert StandardVersion.objects.get(version="2016-r1").status == "published"
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert "standards.draft_loaded" in actions and "standards.published" in actions
    from hecha.checks.services.runs import start_check_run

    assert start_check_run(user=None, as_of=date(2026, 12, 1)).standard.version == "2016-r1"
    assert start_check_run(user=None, as_of=date(2026, 11, 30)).standard.version == "2016"
    page = html(client.get("/standards/2016-r1/"))
    assert "发布本版本" not in page


def test_publishing_twice_is_refused_in_chinese(client, admin_user):
    client.force_login(admin_user)
    client.post("/standards/2016/correct/", CORRECTION)
    client.post("/standards/2016-r1/publish/")
    page = html(client.post("/standards/2016-r1/publish/", follow=True))
    assert "版本 2016-r1 已发布，不能重复发布" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"min_people": "0"}, "人数须为正数"),
        ({"min_people": "", "confirmation": ""}, "请至少更正人数、原文或核实情况中的一项"),
        ({"version": "2016"}, "版本 2016 已发布，不能以草案覆盖"),
        ({"version": "a b"}, "版本号只能含字母"),
        ({"reason": ""}, "请说明更正的理由和依据"),
        ({"rule_id": "不存在.a"}, "选择一个有效的选项"),
    ],
)
def test_a_bad_correction_is_refused_in_chinese_and_changes_nothing(
    client, admin_user, changes, message
):
    client.force_login(admin_user)
    count = StandardVersion.objects.count()
    page = html(client.post("/standards/2016/correct/", {**CORRECTION, **changes}))
    assert message in page
    assert StandardVersion.objects.count() == count
    assert not AuditEntry.objects.filter(action="standards.draft_loaded").exists()


def test_only_an_admin_may_correct_or_publish(client, city_reviewer):
    client.force_login(city_reviewer)
    page = html(client.post("/standards/2016/correct/", CORRECTION, follow=True))
    assert "只有系统管理员可以更正资质标准" in page
    assert not StandardVersion.objects.filter(version="2016-r1").exists()
    page = html(client.post("/standards/2016/publish/", follow=True))
    assert "只有系统管理员可以发布资质标准" in page
