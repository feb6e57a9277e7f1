"""The home page's imports: the city, which imports, sees its recent imports; a district user,
who may not import, is told when the city last brought the registry up to date."""

from datetime import datetime
from zoneinfo import ZoneInfo

from hecha.registry.models import ImportBatch

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _batch(user, finished, status="done"):
    return ImportBatch.objects.create(
        created_by=user, source="web", status=status, finished_at=finished,
        files=[{"name": "企业名单.csv", "rows": 3}],
    )  # fmt: skip


def test_the_city_sees_its_imports_and_a_district_officer_when_the_registry_was_updated(
    client, city_reviewer, heping_officer
):
    client.force_login(heping_officer)
    page = client.get("/").content.decode()
    assert "在册数据由市局统一导入，尚无导入。" in page
    assert "导入数据</a>" not in page  # an officer may not import: no link to a refusal

    done = _batch(city_reviewer, datetime(2026, 11, 20, 9, 30, tzinfo=SHANGHAI))
    _batch(city_reviewer, datetime(2026, 11, 26, 9, 30, tzinfo=SHANGHAI), status="refused")
    page = client.get("/").content.decode()
    assert "在册数据由市局统一导入，最近一次导入完成于 2026-11-20 09:30。" in page
    assert "企业名单.csv" not in page

    client.force_login(city_reviewer)
    page = client.get("/").content.decode()
    assert f"#{done.pk} " in page and "企业名单.csv 3 行" in page
    assert 'id="latest-import"' not in page
