"""A district user reaches another district's enterprises by no page, API or export (404)."""

import pytest

from tests.web.conftest import first_enterprise


def test_anonymous_is_sent_to_login_and_api_answers_401(client, demo_registry):
    response = client.get("/enterprises/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    response = client.get("/api/enterprises")
    assert response.status_code == 401
    assert response.json() == {"detail": "未登录或令牌无效"}


def test_base_layout_shows_name_role_and_district(login, heping_officer, demo_registry):
    html = login(heping_officer).get("/").content.decode()
    assert "区县执法人员" in html and "和平区" in html and "heping_officer" in html


def test_enterprise_list_is_scoped(login, heping_officer, demo_registry):
    mine, theirs = first_enterprise("210102"), first_enterprise("210103")
    html = login(heping_officer).get("/enterprises/").content.decode()
    assert mine.uscc in html
    assert theirs.uscc not in html
    # the district filter cannot widen the scope
    html = login(heping_officer).get("/enterprises/?district=210103").content.decode()
    assert theirs.uscc not in html


@pytest.mark.parametrize(
    "url",
    [
        "/enterprises/{uscc}/",
        "/api/enterprises/{uscc}",
        "/checks/{run}/enterprises/{uscc}/",
    ],
)
def test_other_districts_enterprise_is_404_without_leaking_its_name(
    login, heping_officer, demo_registry, url
):
    theirs = first_enterprise("210103")
    response = login(heping_officer).get(url.format(uscc=theirs.uscc, run=demo_registry.pk))
    assert response.status_code == 404
    assert theirs.name not in response.content.decode()


def test_own_enterprise_page_shows_qualifications_and_people(login, heping_officer, demo_registry):
    from hecha.privacy import mask_id
    from hecha.registry.models import RegisteredPerson

    mine = first_enterprise("210102")
    html = login(heping_officer).get(f"/enterprises/{mine.uscc}/").content.decode()
    assert mine.name in html
    for person in RegisteredPerson.objects.filter(uscc=mine.uscc, is_current=True):
        assert mask_id(person.id_number) in html and person.id_number not in html


def test_city_reviewer_sees_every_district(login, city_reviewer, demo_registry):
    client = login(city_reviewer)
    for district in ("210102", "210103"):
        e = first_enterprise(district)
        assert client.get(f"/enterprises/{e.uscc}/").status_code == 200
        assert client.get(f"/api/enterprises/{e.uscc}").json()["name"] == e.name


def test_findings_and_exports_are_scoped(login, demo_registry):
    from hecha.accounts.models import District, User
    from hecha.checks.models import Finding

    district = Finding.objects.values_list("district_code", flat=True).first()
    assert Finding.objects.exclude(district_code=district).exists()
    officer = User.objects.create_user(
        "officer", role="district_officer", district=District.objects.get(code=district)
    )
    client = login(officer)
    run = demo_registry.pk
    for body in (
        client.get(f"/checks/{run}/findings.json").json(),
        client.get(f"/api/checks/runs/{run}/findings").json(),
    ):
        assert body, "the officer's district has findings of its own"
        assert {f["district_code"] for f in body} == {district}
    csv_text = client.get(f"/checks/{run}/findings.csv").content.decode("utf-8-sig")
    others = Finding.objects.exclude(district_code=district).values_list("uscc", flat=True)
    assert not any(uscc in csv_text for uscc in others)


def test_other_districts_run_is_404(login, heping_officer, shenhe_officer, demo_registry):
    from datetime import date

    from hecha.checks.services.runs import start_check_run

    run = start_check_run(user=shenhe_officer, as_of=date(2026, 11, 24))
    client = login(heping_officer)
    assert client.get(f"/checks/{run.pk}/").status_code == 404
    response = client.get(f"/api/checks/runs/{run.pk}")
    assert response.status_code == 404
    assert response.json() == {"detail": "比对批次不存在"}
    missing = client.get("/api/checks/runs/999999")
    assert missing.json() == response.json()
