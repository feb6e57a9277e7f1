"""PDF through LibreOffice headless (one profile, one process at a time) with the fonts of
data/fonts.conf, and the text of a PDF page by page (pypdf), for tests and for checking a
PDF copy against the record."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import threading
from importlib import resources
from pathlib import Path

from django.conf import settings

NO_LIBREOFFICE = (
    "服务器未安装 LibreOffice，暂不能生成 PDF；请下载 DOCX 版本"
    "（管理员：apt-get install libreoffice-writer-nogui fonts-noto-cjk）"
)
MAX_PAGES = 300  # a copy longer than any document Hecha writes is not read

_pdf_lock = threading.Lock()


class PdfUnavailable(Exception):
    """LibreOffice is not installed or failed: DOCX still works. The message is Chinese."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx: bytes) -> bytes:
    """The DOCX as PDF with its fonts embedded, by LibreOffice headless (one profile)."""
    return to_pdfs([docx])[0]


def to_pdfs(documents: list[bytes]) -> list[bytes]:
    """Several DOCX as PDF in one LibreOffice process (its start-up is most of the cost)."""
    binary = soffice()
    if binary is None:
        raise PdfUnavailable(NO_LIBREOFFICE)
    profile = Path(settings.HECHA_HOME) / "libreoffice-profile"
    with _pdf_lock, tempfile.TemporaryDirectory() as tmp:
        sources = []
        for n, docx in enumerate(documents):
            sources.append(Path(tmp) / f"d{n:05d}.docx")
            sources[-1].write_bytes(docx)
        command = [binary, "--headless", f"-env:UserInstallation=file://{profile}",
                   "--convert-to", "pdf", "--outdir", tmp, *map(str, sources)]  # fmt: skip
        fonts = resources.files("hecha.documents").joinpath("data/fonts.conf")
        env = {**os.environ, "FONTCONFIG_FILE": str(fonts)}
        try:
            result = subprocess.run(
                command, capture_output=True, timeout=120 + 5 * len(documents), check=False, env=env
            )
        except (subprocess.TimeoutExpired, OSError):
            raise PdfUnavailable("PDF 生成超时或失败，请下载 DOCX 版本") from None

        pdfs = [s.with_suffix(".pdf") for s in sources]
        if result.returncode != 0 or not all(p.exists() for p in pdfs):
            raise PdfUnavailable("PDF 生成失败，请下载 DOCX 版本")
        return [p.read_bytes() for p in pdfs]


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text as pypdf extracts it. Raises ValueError for anything that is not a
    readable PDF of at most MAX_PAGES pages."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(pdf), strict=False)
        if len(reader.pages) > MAX_PAGES:
            raise ValueError("too many pages")
        return [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, KeyError, TypeError, AttributeError) as exc:
        raise ValueError("unreadable PDF") from exc


def compact(text: str) -> str:
    """Text without any whitespace: how two renderings of the same page compare."""
    return "".join(text.split())
