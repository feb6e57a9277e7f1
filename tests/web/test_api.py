"""The JSON API: bearer tokens, JSON errors in Chinese, no 5xx for bad input."""

import pytest


@pytest.fixture
def token(heping_officer):
    from hecha.accounts.services import issue_token

    return issue_token(username=heping_officer.username)


def test_bearer_token_authenticates(client, token, demo_registry):
    response = client.get("/api/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.json() == {
        "username": "heping_officer",
        "name": "heping_officer",
        "role": "district_officer",
        "district_code": "210102",
    }
    listed = client.get("/api/enterprises?limit=500", headers={"Authorization": f"Bearer {token}"})
    assert listed.status_code == 200
    assert {e["district_code"] for e in listed.json()} == {"210102"}


def test_only_the_digest_is_stored(token, heping_officer):
    from hecha.accounts.models import ApiToken

    row = ApiToken.objects.get(user=heping_officer)
    assert row.digest == ApiToken.digest_of(token) and token not in row.digest


@pytest.mark.parametrize("header", ["Bearer nope", "Basic abc", "Bearer "])
def test_bad_token_is_401_json(client, demo_registry, header):
    response = client.get("/api/me", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json() == {"detail": "未登录或令牌无效"}


def test_bad_parameters_are_400_with_chinese_detail(client, token, demo_registry):
    response = client.get(
        "/api/enterprises?limit=abc", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("参数错误：limit")


def test_post_run_refusals(client, token, demo_registry):
    from hecha.checks.models import CheckRun

    before = CheckRun.objects.count()
    auth = {"Authorization": f"Bearer {token}"}
    response = client.post(
        "/api/checks/runs",
        {"as_of": "2026-11-24", "district_code": "210103"},
        content_type="application/json",
        headers=auth,
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "区县用户只能比对本区县的企业"}
    bad = client.post(
        "/api/checks/runs", {"as_of": "2026-02-30"}, content_type="application/json", headers=auth
    )
    assert bad.status_code == 400 and bad.json()["detail"].startswith("参数错误")
    junk = client.post(
        "/api/checks/runs", "{not json", content_type="application/json", headers=auth
    )
    assert junk.status_code == 400
    assert CheckRun.objects.count() == before
    ok = client.post(
        "/api/checks/runs", {"as_of": "2026-11-24"}, content_type="application/json", headers=auth
    )
    assert ok.status_code == 201 and ok.json()["district_code"] == "210102"


def test_openapi_document_is_served(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert "/api/enterprises" in response.json()["paths"]


def test_errors_outside_the_routes_are_json_too(client, token):
    auth = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/no-such-thing", headers=auth).json() == {"detail": "接口不存在"}
    wrong = client.delete("/api/me", headers=auth)
    assert wrong.status_code == 405 and wrong.json() == {"detail": "不支持的请求方法"}


def test_numbers_out_of_range_are_400_not_500(client, city_reviewer):
    client.force_login(city_reviewer)
    body = {"published_on": "2026-01-01", "case_ids": [2**70]}
    response = client.post(
        "/api/cases/batches/announcements", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "参数错误：case_ids.0：不能大于 2147483647"}
    offset = client.get("/api/enterprises?offset=99999999999999999999")
    assert offset.status_code == 400 and offset.json()["detail"].startswith("参数错误：offset：")
    page = client.post(
        "/announcements/", {"published_on": "2026-01-01", "case": str(2**70)}, follow=True
    )
    # SQLite cannot hold the number (400); PostgreSQL finds no such case (the form says so)
    assert page.status_code in (200, 400)
    assert "请求有误" in page.content.decode() or "请选择要公告的案件" in page.content.decode()


def test_nul_characters_are_refused_before_the_database(client, city_reviewer):
    client.force_login(city_reviewer)
    response = client.get("/api/enterprises?q=%00")
    assert response.status_code == 400 and "非法字符" in response.json()["detail"]
    body = {"as_of": "2026-11-24", "district_code": "\u0000"}
    assert client.post("/api/checks/runs", body, content_type="application/json").status_code == 400
    assert client.get("/enterprises/?q=%00").status_code == 400


def test_empty_district_means_the_whole_city(client, city_reviewer, reference_data):
    client.force_login(city_reviewer)
    response = client.post("/api/checks/runs", {"as_of": "2026-11-24", "district_code": ""},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 201 and response.json()["district_code"] is None
