"""The public verification page: a code found however it is typed, the document's own date,
and copies checked: Hecha's own PDF recognised, a changed one caught, anything else refused."""

import io
import os
import shutil
from datetime import date

import pytest
from docx import Document as Docx

from hecha.cases.services import take_step

D = date.fromisoformat


@pytest.fixture
def notice(case, officer_user, officers):
    take_step(case_id=case.pk, step="issue_notices", user=officer_user, today=D("2026-01-05"),
              data={"notices_on": D("2026-01-05"), "officer_ids": [o.pk for o in officers]})  # fmt: skip
    return case.documents.get(kind="rectification_order")


def test_code_typed_in_lower_case_or_without_dashes_finds_the_document(client, notice):
    for typed in (
        notice.code.lower(),
        notice.code.replace("-", ""),
        notice.code.replace("-", " ").lower(),
    ):
        response = client.get(f"/verify/{typed}", follow=True)
        assert response.status_code == 200, typed
        assert response.redirect_chain[-1][0] == f"/verify/{notice.code}"
        assert notice.number in response.content.decode()


def test_page_shows_the_documents_own_date_not_when_the_row_was_written(client, notice):
    from hecha.documents.models import Document

    Document.objects.filter(pk=notice.pk).update(issued_at="2026-03-01T09:00:00+08:00")
    page = client.get(f"/verify/{notice.code}").content.decode()
    assert "成文日期" in page and "2026年1月5日" in page and "2026-03-01" not in page


def test_unknown_or_malformed_codes_answer_404(client, notice):
    for typed in ("AAAA-BBBB-CCCC", "no-such-code", "x" * 300, "<script>"):
        response = client.get(f"/verify/{typed}")
        assert (
            response.status_code == 404
            and "不对应任何由本系统制发的文书" in response.content.decode()
        )


needs_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None and os.environ.get("HECHA_BROWSER_TESTS") != "1",
    reason="LibreOffice not installed (apt-get install libreoffice-writer-nogui fonts-noto-cjk)",
)


def upload(client, code: str, name: str, content: bytes) -> str:
    copy = io.BytesIO(content)
    copy.name = name
    return client.post(f"/verify/{code}", {"copy": copy}).content.decode()


@needs_libreoffice
def test_a_pdf_hecha_made_is_recognised_and_a_changed_one_is_caught(client, notice):
    from hecha.documents.pdf import to_pdf

    pdf = to_pdf(bytes(notice.docx))
    assert "与系统记录一致（PDF 文字内容一致" in upload(client, notice.code, "通知书.pdf", pdf)
    # the same document edited in Word (three months become six), then printed to PDF
    edited = Docx(io.BytesIO(bytes(notice.docx)))
    for p in edited.paragraphs:
        for run in p.runs:
            run.text = run.text.replace("3个月", "6个月")
    out = io.BytesIO()
    edited.save(out)
    result = upload(client, notice.code, "通知书.pdf", to_pdf(out.getvalue()))
    assert "与系统记录不一致" in result and "6个月" in result and "3个月" in result


def test_a_file_that_is_no_copy_is_refused_in_chinese(client, notice):
    result = upload(client, notice.code, "x.pdf", b"%PDF-1.7 broken")
    assert "无法读取上传的文件（应为系统生成的 DOCX、XLSX 或 PDF）" in result
    assert "与系统记录一致" not in upload(client, notice.code, "x.txt", b"hello")
