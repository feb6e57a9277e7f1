"""Rendering notices at scale, and the PDF rate.

    python benchmarks/documents_bench.py [--notices 1000] [--pdfs 20]

Issues N 责令限期整改通知书 through `hecha.documents.services.issue` (number under a row lock,
verification code and QR, DOCX from the template, stored) on a fresh SQLite database, then
converts some of them to PDF with LibreOffice headless. Goal (issue #5): 1,000 notices in
under 20 s on this machine.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notices", type=int, default=1000)
    parser.add_argument("--pdfs", type=int, default=20)
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="hecha-docbench-")
    # a benchmark is a demonstration: a local verification address and demo contacts
    os.environ.update(HECHA_HOME=home, DJANGO_SETTINGS_MODULE="hecha.settings", HECHA_DEMO="1")
    os.environ.pop("HECHA_DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from hecha.accounts.models import User
    from hecha.documents.services import issue, soffice, to_pdf
    from hecha.reference import load_reference_data

    list(load_reference_data())
    user = User.objects.create_user("bench", role="district_officer", district_id=1)
    findings = [{"qualification": "建筑工程施工总承包三级", "requirement": "建筑工程、机电工程专业注册建造师合计不少于5人",
                 "required": 5, "counted": 4},
                {"qualification": "市政公用工程施工总承包三级", "requirement": "市政公用工程专业注册建造师不少于5人",
                 "required": 5, "counted": 3}]  # fmt: skip
    started = time.perf_counter()
    docs = []
    for n in range(args.notices):
        context = {"enterprise_name": f"沈阳示例建筑工程有限公司{n:04d}", "uscc": f"91210102MA0{n:06d}X",
                   "findings": findings, "officer_a_name": "张伟", "officer_a_no": "辽执001",
                   "officer_b_name": "李娜", "officer_b_no": "辽执002", "contact_people": "张伟、李娜",
                   "materials": [{"n": "一", "text": "整改情况报告（加盖企业公章）"},
                                 {"n": "二", "text": "新增或变更注册的注册建造师注册证书复印件"}],
                   "rectification_months": "3个月"}  # fmt: skip
        docs.append(issue("rectification_order", user=user, context=context, district_code="210102",
                          on=date(2026, 11, 24)))  # fmt: skip
    elapsed = time.perf_counter() - started
    size = sum(len(bytes(d.docx)) for d in docs) / len(docs)
    print(f"{args.notices} notices issued (numbered, coded, rendered to DOCX, stored): {elapsed:.1f} s, "
          f"{args.notices / elapsed:.0f} per second, {size / 1024:.0f} KiB each")  # fmt: skip
    print("goal: 1,000 notices in under 20 s")
    if soffice() is None:
        print("PDF: LibreOffice not installed, skipped")
        return 0
    to_pdf(bytes(docs[0].docx))  # the first start of LibreOffice creates its profile
    started = time.perf_counter()
    for d in docs[1 : 1 + args.pdfs]:
        to_pdf(bytes(d.docx))
    pdf_elapsed = time.perf_counter() - started
    print(f"PDF: {args.pdfs} notices in {pdf_elapsed:.1f} s, {args.pdfs / pdf_elapsed:.2f} per second "
          f"(LibreOffice headless, one process per document)")  # fmt: skip
    from hecha.documents.services import to_pdfs

    batch = [bytes(d.docx) for d in docs[: args.pdfs * 5]]
    started = time.perf_counter()
    to_pdfs(batch)
    batch_elapsed = time.perf_counter() - started
    print(f"PDF: {len(batch)} notices in one LibreOffice process in {batch_elapsed:.1f} s, "
          f"{len(batch) / batch_elapsed:.1f} per second")  # fmt: skip

    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    sys.exit(main())
