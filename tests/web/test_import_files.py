"""Around an import: templates to download, the error file of a refusal, counts on success."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from python_calamine import CalamineWorkbook

from tests.registry.test_import import ENTERPRISES, ID1, PERSONNEL, QUALIFICATIONS, U1, _bad_id


@pytest.fixture(autouse=True)
def inline_imports(settings, tmp_path):
    settings.HECHA_JOBS_IN_BACKGROUND = False
    settings.MEDIA_ROOT = str(tmp_path / "files")


def upload(name, text):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def sheets(data: bytes) -> dict[str, list[list]]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return {n: book.get_sheet_by_name(n).to_python() for n in book.sheet_names}


def xlsx_upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.mark.parametrize(
    "table", ["enterprises", "qualifications", "personnel", "social_insurance"]
)
def test_each_table_has_a_template_with_chinese_headers_example_and_notes(
    client, city_reviewer, table
):
    from hecha.registry.services.tables import TABLES

    client.force_login(city_reviewer)
    response = client.get(f"/imports/templates/{table}.xlsx")
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    book = sheets(response.content)
    label = TABLES[table].label
    assert list(book) == [label, "填写说明"]
    header, example = book[label][0], book[label][1]
    assert header[0] == TABLES[table].columns[0].label and all(
        h and h.isascii() is False for h in header
    )
    assert all(
        example[i] != ""
        for i, c in enumerate(TABLES[table].columns)
        if c.required and i < len(header)
    )
    assert any("脱敏" in str(cell) for row in book["填写说明"] for cell in row)


def test_a_filled_template_imports(client, city_reviewer):
    from hecha.registry.selectors import current_counts

    client.force_login(city_reviewer)
    files = [
        xlsx_upload(f"{label}-导入模板.xlsx", client.get(f"/imports/templates/{t}.xlsx").content)
        for t, label in (
            ("enterprises", "企业"),
            ("qualifications", "资质"),
            ("personnel", "注册人员"),
        )
    ]
    response = client.post("/imports/", {"files": files})
    page = client.get(response["Location"]).content.decode()
    assert "导入完成" in page, page
    assert current_counts()["personnel"] == 1


def test_unknown_template_is_404(client, city_reviewer):
    client.force_login(city_reviewer)
    assert client.get("/imports/templates/nothing.xlsx").status_code == 404


def test_refusal_offers_an_error_file_with_the_bad_cells_and_reasons(client, city_reviewer):
    from hecha.registry.selectors import current_counts

    client.force_login(city_reviewer)
    before = current_counts()
    bad = PERSONNEL.replace(ID1, _bad_id(), 1)
    response = client.post(
        "/imports/", {"files": [upload("企业名单.csv", ENTERPRISES), upload("注册人员.csv", bad)]}
    )
    job = response["Location"]
    page = client.get(job).content.decode()
    assert "导入未执行" in page and "下载错误文件" in page
    assert "注册人员.csv:2: 身份证号: 身份证号校验位错误：“210102********" in page
    assert current_counts() == before
    book = sheets(b"".join(client.get(job + "errors.xlsx").streaming_content))
    assert list(book) == ["错误清单", "注册人员"]
    assert book["错误清单"][1][:3] == ["注册人员.csv", 2.0, "身份证号"]
    rows = book["注册人员"]
    assert rows[0][-1] == "错误原因"
    assert rows[1][0] == _bad_id()  # the file as uploaded, to be corrected and uploaded again
    assert rows[1][-1].startswith("身份证号：身份证号校验位错误")
    assert rows[2][-1] == ""
    # Someone else cannot fetch it.
    from hecha.accounts.models import User

    other = User.objects.create_user(username="other", password="pw-other", role="city_reviewer")
    client.force_login(other)
    assert client.get(job + "errors.xlsx").status_code == 404


def test_success_shows_counts_added_changed_unchanged_and_no_digest(client, city_reviewer):
    client.force_login(city_reviewer)
    files = {
        "files": [
            upload("enterprises.csv", ENTERPRISES),
            upload("qualifications.csv", QUALIFICATIONS),
        ]
    }
    client.post("/imports/", files)
    changed = QUALIFICATIONS.replace("D1,", "D1-新,")
    response = client.post(
        "/imports/",
        {"files": [upload("enterprises.csv", ENTERPRISES), upload("资质.csv", changed)]},
    )
    page = client.get(response["Location"]).content.decode()
    assert "导入完成" in page
    table = page[page.index('id="import-counts"') :]
    assert '<th class="num">新增</th>' in table
    assert '<td>资质</td><td>资质.csv</td><td class="num">1</td>' in table
    assert '<td class="num">0</td><td class="num">1</td><td class="num">0</td>' in table
    assert '<td class="num">0</td><td class="num">0</td><td class="num">2</td>' in table
    assert "SHA-256" not in page
    listing = client.get("/imports/").content.decode()
    assert "SHA-256" not in listing and U1 not in listing
