"""Printed forms carry no digests, MIME types or full ID numbers: the verification page and the
audit views hold the digests; a form is read by an enterprise and filed on paper."""

import io
import re

from docx import Document as Docx

from tests.documents.test_pages import issue_all

FULL_ID = re.compile(r"(?<![0-9A-Za-z])[0-9]{17}[0-9X](?![0-9A-Za-z])")


def docx_text(content: bytes) -> str:
    doc = Docx(io.BytesIO(bytes(content)))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_no_form_prints_a_digest_a_mime_type_or_a_full_id_number(
    reference_data, tmp_path, settings
):
    from hecha.cases.models import EvidenceFile

    settings.MEDIA_ROOT = tmp_path / "files"
    documents = issue_all(tmp_path, findings=2, rows=2)
    evidence = EvidenceFile.objects.get()
    assert "四库人员截图.png" in docx_text(documents["recheck_form"].docx)
    for kind, document in documents.items():
        text = docx_text(document.docx)
        assert "SHA-256" not in text and evidence.sha256 not in text, kind
        assert "image/png" not in text and "application/" not in text, kind
        assert document.docx_sha256 not in text, kind
        assert not FULL_ID.findall(text), kind
