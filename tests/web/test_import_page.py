"""The import page: uploads, progress page, error report, and nothing changed on refusal."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.registry.test_import import ENTERPRISES, ID1, PERSONNEL, QUALIFICATIONS, U2, _bad_id


@pytest.fixture(autouse=True)
def inline_imports(settings, tmp_path):
    settings.HECHA_JOBS_IN_BACKGROUND = False
    settings.MEDIA_ROOT = tmp_path


def upload(name, text):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def counts():
    from hecha.registry.selectors import current_counts

    return current_counts()


def test_city_reviewer_imports_and_sees_the_counts(client, city_reviewer):
    client.force_login(city_reviewer)
    response = client.post(
        "/imports/",
        {"files": [upload("enterprises.csv", ENTERPRISES), upload("qualifications.csv", QUALIFICATIONS),
                   upload("personnel.csv", PERSONNEL)]},
    )  # fmt: skip
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "导入完成" in page
    assert "personnel.csv" in page and ">2<" in page
    assert counts()["personnel"] == 2
    from hecha.registry.models import ImportBatch

    assert ImportBatch.objects.get().created_by == city_reviewer


def test_refused_import_lists_row_errors_and_changes_nothing(client, city_reviewer):
    client.force_login(city_reviewer)
    before = counts()
    response = client.post(
        "/imports/",
        {"files": [upload("enterprises.csv", ENTERPRISES),
                   upload("personnel.csv", PERSONNEL.replace(ID1, _bad_id(), 1))]},
    )  # fmt: skip
    page = client.get(response["Location"]).content.decode()
    assert "导入未执行" in page
    assert "personnel.csv:2: 身份证号: 身份证号校验位错误：“210102********" in page
    assert counts() == before


def test_a_district_officer_is_refused_before_anything_is_read(client, heping_officer):
    from hecha.audit.models import AuditEntry
    from hecha.registry.models import ImportBatch

    client.force_login(heping_officer)
    assert "数据导入由市局核查人员进行" in client.get("/imports/").content.decode()
    response = client.post("/imports/", {"files": [upload("enterprises.csv", ENTERPRISES)]})
    assert response.status_code == 302 and response["Location"] == "/imports/"
    page = client.get(response["Location"]).content.decode()
    assert "导入未执行，数据没有任何改动：数据导入由市局核查人员进行" in page
    assert counts()["enterprises"] == 0
    assert not ImportBatch.objects.exists() and not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([], "请选择要导入的数据文件"),
        ([("people.csv", "x")], "无法识别的文件：people.csv"),
        ([("enterprises.txt", "x")], "无法识别的文件：enterprises.txt"),
    ],
)
def test_unrecognised_upload_is_refused_on_the_form(client, city_reviewer, files, message):
    client.force_login(city_reviewer)
    response = client.post("/imports/", {"files": [upload(n, t) for n, t in files]})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert counts()["enterprises"] == 0


def test_another_users_job_is_404(client, city_reviewer, heping_officer):
    client.force_login(city_reviewer)
    location = client.post("/imports/", {"files": [upload("enterprises.csv", ENTERPRISES)]})[
        "Location"
    ]
    client.force_login(heping_officer)
    assert client.get(location).status_code == 404
    assert client.get("/imports/jobs/made-up/").status_code == 404


def test_htmx_poll_returns_the_fragment(client, city_reviewer):
    client.force_login(city_reviewer)
    location = client.post("/imports/", {"files": [upload("enterprises.csv", ENTERPRISES)]})[
        "Location"
    ]
    fragment = client.get(location, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="import-state"')
    assert "<html" not in fragment


def test_stale_form_is_refused_in_chinese(city_reviewer):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(city_reviewer)
    response = client.post("/imports/", {"files": [upload("enterprises.csv", ENTERPRISES)]})
    assert response.status_code == 403
    assert "页面已过期" in response.content.decode()
    assert counts()["enterprises"] == 0


def test_second_enterprise_from_the_first_import_is_there(client, city_reviewer):
    client.force_login(city_reviewer)
    client.post("/imports/", {"files": [upload("enterprises.csv", ENTERPRISES)]})
    assert client.get(f"/enterprises/{U2}/").status_code == 200
