"""Uploads: bodies refused by size before they are read; archives refused by entries,
inflated size, ratio and lying sizes before a reader opens them; the public copy check
rate-limited per client. Each refusal is in Chinese and changes nothing."""

import io
import re
import resource
import struct
import time
import tracemalloc
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hecha import uploads
from hecha.uploads import MB, UploadRefused, check_archive

D = date.fromisoformat


def builtin_docx() -> bytes:
    from hecha.documents.services import builtin_template_bytes

    return builtin_template_bytes("inspection_notice")


def zip_bytes(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def bomb_docx(inflated: int = 30 * MB) -> bytes:
    """A real DOCX whose document.xml inflates to `inflated` bytes (issue 11: 80 KB -> 30 MB
    took 95 s and 1.9 GB of server memory)."""
    base = zipfile.ZipFile(io.BytesIO(builtin_docx()))
    members = {m.filename: base.read(m) for m in base.infolist()}
    xml = members["word/document.xml"].decode()
    paragraph = "<w:p><w:r><w:t>A</w:t></w:r></w:p>"
    body = paragraph * (inflated // len(paragraph))
    members["word/document.xml"] = xml.replace("<w:body>", "<w:body>" + body, 1).encode()
    return zip_bytes(members)


def lying_zip(actual: bytes, declared: int) -> bytes:
    """One member whose local header and central directory declare `declared` bytes while
    its stream inflates to len(actual)."""
    data = bytearray(zip_bytes({"xl/worksheets/sheet1.xml": actual}))
    struct.pack_into("<I", data, 22, declared)  # local header: uncompressed size
    central = data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, declared)  # central directory: the same
    return bytes(data)


# -- the archive check ----------------------------------------------------------------


def test_real_office_files_pass():
    from hecha.documents.services import render_xlsx

    check_archive(builtin_docx(), "copy")
    rows = [{"n": n, "enterprise_name": "沈阳甲", "uscc": "x", "district": "和平区", "detail": "y"}
            for n in range(2000)]  # fmt: skip
    content = {"title": "异常企业清单", "issuer_name": "沈阳市和平区城乡建设局", "number": "沈和建核〔2026〕1号",
               "date_cn": "2026年3月2日", "rows": rows}  # fmt: skip
    check_archive(render_xlsx("anomaly_list", content, "AAAA-BBBB-CCCC"), "copy")


@pytest.mark.parametrize(
    ("archive", "message"),
    [
        (lambda: bomb_docx(12 * MB), "压缩比异常（超过 100 倍），疑为压缩炸弹，未读取"),
        (
            lambda: zip_bytes({f"f{n}.xml": b"x" for n in range(1001)}),
            "内含 1001 个文件，超过上限 1000",
        ),
        (
            lambda: zip_bytes({"a.xml": bytes(range(256)) * 80_000}),
            "解压后达 19.5 MB，超过上限 16 MB，未读取",
        ),
        (lambda: lying_zip(b"<c/>" * 2_000_000, 1000), "实际大小与声明不符，疑为压缩炸弹"),
        (lambda: b"PK\x03\x04 but nothing else", "已损坏或不是 Office 文件"),
        (lambda: builtin_docx()[:5000], "已损坏或不是 Office 文件"),
    ],
    ids=["bomb", "entries", "inflated", "lying sizes", "not a zip", "truncated"],
)
def test_bad_archives_are_refused_in_chinese(archive, message):
    with pytest.raises(UploadRefused) as refused:
        check_archive(archive(), "copy")
    assert message in str(refused.value)
    assert str(refused.value).startswith("核对的副本")


def test_a_lying_member_is_refused_having_inflated_no_more_than_it_declared():
    data = lying_zip(b"<c/>" * 25_000_000, 1000)  # 100 MB behind a 1000-byte declaration
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(UploadRefused):
        check_archive(data, "registry")
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 1 and peak < 2 * MB


# -- the public copy check ------------------------------------------------------------


@pytest.fixture
def document(reference_data, city_reviewer):
    from hecha.documents.services import issue

    return issue("unreachable_announcement", user=city_reviewer, context={"intro": "x"},
                 rows=[], on=D("2026-03-02"))  # fmt: skip


def test_the_bomb_on_the_public_page_is_refused_at_once_with_flat_memory(client, document):
    from hecha.audit.models import AuditEntry
    from hecha.documents.models import Document

    bomb = bomb_docx()
    assert len(bomb) < 200 * 1024
    client.get(f"/verify/{document.code}")  # Django's first request is not the bomb's cost
    before = (Document.objects.count(), AuditEntry.objects.count())
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KB
    tracemalloc.start()
    started = time.perf_counter()
    response = client.post(f"/verify/{document.code}", {"copy": SimpleUploadedFile("c.docx", bomb)})
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    page = response.content.decode()
    assert response.status_code == 200
    assert re.search(r"核对的副本解压后达 3\d(\.\d)? MB，超过上限 16 MB，未读取", page), page
    assert elapsed < 2, elapsed
    assert peak < 8 * MB, peak  # the upload itself and Django's request, nothing inflated
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before < 64 * 1024
    assert (Document.objects.count(), AuditEntry.objects.count()) == before


def test_an_oversized_body_is_refused_by_its_length_before_it_is_read(client, document):
    big = SimpleUploadedFile("c.docx", b"PK\x03\x04" + b"0" * (21 * MB))
    response = client.post(f"/verify/{document.code}", {"copy": big})
    assert response.status_code == 413
    assert "核对的副本不能超过 20 MB，未做任何处理" in response.content.decode()


def test_the_copy_check_is_rate_limited_per_client(client, document, settings, monkeypatch):
    settings.HECHA_TRUSTED_PROXIES = 0
    monkeypatch.setattr("django_ratelimit.core.time.time", lambda: 1_800_000_000.0)  # one window
    url = f"/verify/{document.code}"
    copy = bytes(document.docx)
    answers = [client.post(url, {"copy": SimpleUploadedFile("c.docx", copy)}) for _ in range(11)]
    assert [a.status_code for a in answers] == [200] * 10 + [429]
    assert "与系统记录一致" in answers[0].content.decode()
    assert "核对过于频繁，请稍后再试" in answers[-1].content.decode()
    # another client is not held back, and reading the page is never limited
    other = client.post(url, {"copy": SimpleUploadedFile("c.docx", copy)}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200 and "与系统记录一致" in other.content.decode()
    assert client.get(url).status_code == 200
    # a client cannot choose its own address unless Hecha runs behind a trusted proxy
    spoofed = client.post(url, {"copy": SimpleUploadedFile("c.docx", copy)},
                          HTTP_X_FORWARDED_FOR="10.9.9.9")  # fmt: skip
    assert spoofed.status_code == 429


# -- the other uploads ----------------------------------------------------------------


def test_evidence_over_the_limit_is_refused_before_the_view(client, admin_user, settings):
    response = client.post(
        "/cases/1/evidence/", {"file": SimpleUploadedFile("a.png", b"0" * (11 * MB))}
    )
    assert response.status_code == 413
    assert "证据文件不能超过 10 MB" in response.content.decode()


def test_a_template_bomb_is_refused_and_nothing_is_stored(client, admin_user):
    from hecha.documents.models import DocumentTemplate

    client.force_login(admin_user)
    before = DocumentTemplate.objects.count()
    response = client.post(
        "/documents/templates/",
        {"kind": "inspection_notice", "file": SimpleUploadedFile("t.docx", bomb_docx(8 * MB))},
        follow=True,
    )
    assert "模板未保存：文书模板中的 word/document.xml 压缩比异常" in response.content.decode()
    assert DocumentTemplate.objects.count() == before


def test_an_xlsx_bomb_in_an_import_is_refused_and_nothing_changes(reference_data, tmp_path):
    from hecha.registry.selectors import current_counts
    from hecha.registry.services.importing import ImportRefused, import_directory

    sheet = b'<row><c t="inlineStr"><is><t>A</t></is></c></row>' * 1_000_000
    (tmp_path / "enterprises.xlsx").write_bytes(zip_bytes({"xl/worksheets/sheet1.xml": sheet}))
    with pytest.raises(ImportRefused) as refused:
        import_directory(directory=tmp_path, user=None)
    assert refused.value.problems == [
        "enterprises.xlsx:1: -: 无法读取 XLSX 文件：数据文件中的 xl/worksheets/sheet1.xml "
        "压缩比异常（超过 100 倍），疑为压缩炸弹，未读取"
    ]
    assert current_counts()["enterprises"] == 0


def test_limits_are_stated_in_chinese():
    assert uploads.too_large(uploads.LIMITS["registry"]) == "数据文件不能超过 1 GB，未做任何处理"
    assert uploads.too_large(uploads.LIMITS["template"]) == "文书模板不能超过 5 MB，未做任何处理"


def test_an_ems_sheet_bomb_is_refused_and_nothing_changes(client, city_reviewer):
    from hecha.audit.models import AuditEntry

    sheet = b'<row><c t="inlineStr"><is><t>A</t></is></c></row>' * 1_000_000
    client.force_login(city_reviewer)
    response = client.post(
        "/mailing/",
        {"action": "delivery", "sheet": SimpleUploadedFile("回执.xlsx", zip_bytes({"xl/worksheets/sheet1.xml": sheet}))},
        follow=True,
    )  # fmt: skip
    page = response.content.decode()
    assert "导入未完成，未做任何更改：回执.xlsx：无法读取 XLSX 文件：邮寄清单中的" in page
    assert "疑为压缩炸弹" in page
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("proxies", "meta", "expected"),
    [
        (0, {"REMOTE_ADDR": "10.1.1.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6"}, "10.1.1.1"),
        (1, {"REMOTE_ADDR": "10.1.1.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 7.7.7.7"}, "7.7.7.7"),
        (1, {"REMOTE_ADDR": "10.1.1.1", "HTTP_X_FORWARDED_FOR": "garbage"}, "10.1.1.1"),
        (2, {"REMOTE_ADDR": "10.1.1.1", "HTTP_X_FORWARDED_FOR": "7.7.7.7"}, "10.1.1.1"),
        (0, {"REMOTE_ADDR": ""}, None),
        (0, {}, None),
    ],
)
def test_the_client_address_trusts_only_the_configured_proxies(settings, proxies, meta, expected):
    from django.test import RequestFactory

    from hecha.clientip import client_ip

    settings.HECHA_TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/")
    request.META.pop("REMOTE_ADDR", None)
    request.META.update(meta)
    assert client_ip(request) == expected


def test_an_oversized_api_body_is_refused_as_json(client, city_reviewer):
    client.force_login(city_reviewer)
    body = '{"case_ids": [' + ",".join(["1"] * 3_000_000) + "]}"
    response = client.post("/api/cases/batches/submissions", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json() == {"detail": "提交的内容不能超过 5 MB，未做任何处理"}
