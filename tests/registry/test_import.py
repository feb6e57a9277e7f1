"""`hecha import` per CONTRACT.md §3: a valid set imports; every bad file is refused whole,
with FILE:ROW: COLUMN: message, and `hecha stats` shows nothing changed."""

import json
from datetime import date

import pytest
import xlsxwriter
from stdnum.cn import ric, uscc

from hecha.cli import main
from hecha.demo.generator import generate

U1 = "91210102MA0P00001" + uscc.calc_check_digit("91210102MA0P00001")
U2 = "91210103MA0P00002" + uscc.calc_check_digit("91210103MA0P00002")
U9 = "91210102MA0P00009" + uscc.calc_check_digit("91210102MA0P00009")
ID1 = "21010219800101123" + ric.calc_check_digit("210102198001011230")
ID2 = "21010219850505456" + ric.calc_check_digit("210102198505054560")

ENTERPRISES = f"uscc,name,district_code\n{U1},沈阳甲建筑工程有限公司,210102\n{U2},沈阳乙建设工程有限公司,210103\n"
QUALIFICATIONS = (
    f"uscc,certificate_no,qualification,valid_until\n{U1},D1,建筑工程施工总承包三级,2028-12-31\n"
)
PERSONNEL = (
    "id_number,name,uscc,certificate_type,registration_no,specialties,valid_until\n"
    f"{ID1},张三,{U1},二级注册建造师,辽221001,建筑工程,2028-12-31\n"
    f"{ID2},李四,{U1},一级注册建造师,辽121002,建筑工程；机电工程,2028-12-31\n"
)
SOCIAL = f"id_number,uscc,last_paid_month\n{ID1},{U1},2026-10\n"


def write(folder, **files):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def stats(capsys):
    code, out, _ = run(capsys, "stats")
    assert code == 0
    return json.loads(out)


@pytest.fixture
def good(tmp_path):
    return write(
        tmp_path / "good",
        enterprises=ENTERPRISES,
        qualifications=QUALIFICATIONS,
        personnel=PERSONNEL,
        social_insurance=SOCIAL,
    )


def test_generated_set_imports_and_stats_count_it(reference_data, tmp_path, capsys):
    counts = generate(tmp_path / "gen", enterprises=60, as_of=date(2026, 11, 24))
    code, out, err = run(capsys, "import", str(tmp_path / "gen"))
    assert (code, err) == (0, "")
    assert f"personnel.csv：注册人员 {counts['personnel']} 行" in out
    assert stats(capsys) == {
        "enterprises": 60,
        "qualifications": counts["qualifications"],
        "personnel": counts["personnel"],
        "social_insurance": counts["social_insurance"],
        "cases": {},
    }


def test_import_records_batch_with_digests_and_audit(reference_data, good, capsys):
    import hashlib

    from hecha.audit.models import AuditEntry
    from hecha.registry.models import ImportBatch, RegisteredPerson

    assert run(capsys, "import", str(good))[0] == 0
    batch = ImportBatch.objects.get()
    files = {f["name"]: f for f in batch.files}
    assert files["personnel.csv"]["rows"] == 2
    expected = hashlib.sha256((good / "personnel.csv").read_bytes()).hexdigest()
    assert files["personnel.csv"]["sha256"] == expected
    assert AuditEntry.objects.filter(action="registry.imported", object_id=str(batch.pk)).exists()
    two = RegisteredPerson.objects.get(id_number=ID2)
    assert (two.level, two.specialties) == (1, "建筑工程;机电工程")


def test_reimport_replaces_current_and_keeps_history(reference_data, good, tmp_path, capsys):
    from hecha.registry.models import Enterprise

    assert run(capsys, "import", str(good))[0] == 0
    again = write(tmp_path / "again", enterprises=ENTERPRISES.replace("沈阳甲", "沈阳甲新"))
    assert run(capsys, "import", str(again))[0] == 0
    rows = Enterprise.objects.filter(uscc=U1).order_by("id")
    assert [(r.name, r.is_current) for r in rows] == [
        ("沈阳甲建筑工程有限公司", False),
        ("沈阳甲新建筑工程有限公司", True),
    ]
    assert rows[0].superseded_by_id == rows[1].batch_id
    assert stats(capsys)["enterprises"] == 2


def test_a_reimport_writes_only_what_changed(reference_data, good, tmp_path, capsys):
    """The same registry again, one enterprise renamed and one person added: only those two
    rows are written and switched; the rest stay current from the first batch."""
    from hecha.audit.models import AuditEntry
    from hecha.registry.models import Enterprise, ImportBatch, RegisteredPerson

    assert run(capsys, "import", str(good))[0] == 0
    first = ImportBatch.objects.get()
    id3 = "21010219900303789" + ric.calc_check_digit("210102199003037890")
    again = write(
        tmp_path / "again",
        enterprises=ENTERPRISES.replace("沈阳乙", "沈阳乙新"),
        qualifications=QUALIFICATIONS,
        personnel=PERSONNEL + f"{id3},王五,{U1},二级注册建造师,辽221003,建筑工程,2028-12-31\n",
        social_insurance=SOCIAL,
    )
    code, out, _ = run(capsys, "import", str(again))
    assert code == 0
    second = ImportBatch.objects.exclude(pk=first.pk).get()
    files = {f["table"]: f for f in second.files}
    assert {t: (f["added"], f["changed"], f["unchanged"]) for t, f in files.items()} == {
        "enterprises": (0, 1, 1), "qualifications": (0, 0, 1),
        "personnel": (1, 0, 2), "social_insurance": (0, 0, 1)}  # fmt: skip
    assert second.counts == {"enterprises": 1, "qualifications": 0, "personnel": 1,
                             "social_insurance": 0}  # fmt: skip
    assert "新增 0，变更 1，未变 1" in out
    current = Enterprise.objects.filter(is_current=True)
    assert dict(current.values_list("uscc", "batch_id")) == {U1: first.pk, U2: second.pk}
    assert current.get(uscc=U2).name == "沈阳乙新建设工程有限公司"
    assert Enterprise.objects.count() == 3  # the renamed one's earlier row kept as history
    people = RegisteredPerson.objects.filter(is_current=True)
    assert dict(people.values_list("id_number", "batch_id")) == {
        ID1: first.pk, ID2: first.pk, id3: second.pk}  # fmt: skip
    assert RegisteredPerson.objects.count() == 3
    entry = AuditEntry.objects.get(action="registry.imported", object_id=str(second.pk))
    assert (
        entry.data["summary"]
        == "企业 写入 1 行，资质 写入 0 行，注册人员 写入 1 行，社保 写入 0 行"
    )

    # the same files a third time: nothing written, nothing switched, the data as it was
    assert run(capsys, "import", str(again))[0] == 0
    third = ImportBatch.objects.order_by("-pk").first()
    assert set(third.counts.values()) == {0}
    assert (Enterprise.objects.count(), RegisteredPerson.objects.count()) == (3, 3)
    assert stats(capsys)["enterprises"] == 2


def _bad_id():
    return ID1[:17] + ("0" if ID1[17] != "0" else "1")


BAD_CASES = [
    (
        "wrong check character",
        {"personnel": PERSONNEL.replace(ID1, _bad_id(), 1)},
        "personnel.csv:2: 身份证号: 身份证号校验位错误：“210102********",
    ),
    (
        "wrong USCC check character",
        {"enterprises": ENTERPRISES.replace(U2, U2[:17] + ("0" if U2[17] != "0" else "1"))},
        "enterprises.csv:3: 统一社会信用代码: 统一社会信用代码校验位错误：“91210103MA0P0000",
    ),
    (
        "unknown district",
        {"enterprises": ENTERPRISES.replace(",210103", ",210199")},
        "enterprises.csv:3: 区划代码: 未知的区划代码或区县名称：“210199”",
    ),
    (
        "impossible date",
        {"qualifications": QUALIFICATIONS.replace("2028-12-31", "2028-02-30")},
        "qualifications.csv:2: 有效期至: 日期不存在：“2028-02-30”",
    ),
    (
        "unknown certificate type",
        {"personnel": PERSONNEL.replace("二级注册建造师", "三级注册建造师")},
        "personnel.csv:2: 注册类别: 未知的注册类别：“三级注册建造师”",
    ),
    (
        "unknown specialty",
        {"personnel": PERSONNEL.replace("建筑工程；机电工程", "建筑工程；园林工程")},
        "personnel.csv:3: 注册专业: 未知的注册专业：园林工程",
    ),
    (
        "二级 in a 一级-only specialty",
        {
            "personnel": PERSONNEL.replace(
                "二级注册建造师,辽221001,建筑工程", "二级注册建造师,辽221001,铁路工程"
            )
        },
        "personnel.csv:2: 注册专业: 二级注册建造师无“铁路工程”专业",
    ),
    (
        "qualification of an unknown enterprise",
        {"qualifications": QUALIFICATIONS + f"{U9},D2,建筑工程施工总承包三级,2028-12-31\n"},
        f"qualifications.csv:3: 统一社会信用代码: 企业 {U9} 既不在本次导入中，也不是系统中已有的企业",
    ),
    (
        "duplicate row",
        {"personnel": PERSONNEL + PERSONNEL.splitlines()[1].replace("辽221001", "辽221009") + "\n"},
        "personnel.csv:4: 身份证号: 与第 2 行重复（身份证号和注册单位相同，注册类别或注册编号不同）",
    ),
    (
        "missing required column",
        {"qualifications": "uscc,certificate_no,valid_until\n" + f"{U1},D1,2028-12-31\n"},
        "qualifications.csv:1: 资质名称: 缺少必填列“资质名称”",
    ),
    (
        "unknown qualification",
        {
            "qualifications": QUALIFICATIONS.replace(
                "建筑工程施工总承包三级", "建筑工程施工总承包五级"
            )
        },
        "qualifications.csv:2: 资质名称: 未知的资质名称：“建筑工程施工总承包五级”",
    ),
    (
        "a grade its category does not have (预拌混凝土 is 不分等级 only)",
        {
            "qualifications": QUALIFICATIONS.replace(
                "建筑工程施工总承包三级", "预拌混凝土专业承包一级"
            )
        },
        "qualifications.csv:2: 资质名称: 未知的资质名称：“预拌混凝土专业承包一级”",
    ),
]


@pytest.mark.parametrize(("why", "changes", "line"), BAD_CASES, ids=[c[0] for c in BAD_CASES])
def test_bad_file_is_refused_whole(reference_data, good, capsys, why, changes, line):
    before = stats(capsys)
    write(good, **changes)
    code, out, err = run(capsys, "import", str(good))
    assert code == 2
    assert out == ""
    assert any(e.startswith(line) for e in err.splitlines()), err
    assert stats(capsys) == before


def test_refused_after_an_earlier_import_changes_nothing(reference_data, good, capsys):
    from hecha.audit.models import AuditEntry
    from hecha.registry.models import ImportBatch

    assert run(capsys, "import", str(good))[0] == 0
    before, entries = stats(capsys), AuditEntry.objects.count()
    write(good, personnel=PERSONNEL.replace(ID1, _bad_id(), 1))
    assert run(capsys, "import", str(good))[0] == 2
    assert stats(capsys) == before
    assert ImportBatch.objects.count() == 1
    assert AuditEntry.objects.count() == entries


def test_gb18030_csv_with_chinese_headers_and_full_width_noise(reference_data, tmp_path, capsys):
    folder = tmp_path / "gbk"
    folder.mkdir()
    text = (
        "统一社会信用代码,企业名称,区划代码,经营状态\n"
        f"\u3000{U1.lower()}\u3000,沈阳甲建筑工程有限公司,２１０１０２,在业\n"
    )
    (folder / "enterprises.csv").write_bytes(text.encode("gb18030"))
    (folder / "qualifications.csv").write_text(
        "\ufeffuscc（统一社会信用代码）,资质证书编号,资质名称,有效期至\n"
        f"{U1},D1,建筑工程施工总承包叁级,2028年12月31日\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "import", str(folder))
    assert (code, err) == (0, "")
    from hecha.registry.models import Enterprise, Qualification

    e = Enterprise.objects.get()
    assert (e.uscc, e.district_id, e.business_status) == (U1, "210102", "在业")
    q = Qualification.objects.get()
    assert (q.name, q.grade, q.valid_until) == (
        "建筑工程施工总承包三级",
        "三级",
        date(2028, 12, 31),
    )


def test_xlsx_with_chinese_headers(reference_data, tmp_path, capsys):
    folder = tmp_path / "xlsx"
    folder.mkdir()
    book = xlsxwriter.Workbook(str(folder / "enterprises.xlsx"))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["统一社会信用代码", "企业名称", "区划代码"])
    sheet.write_row(1, 0, [U1, "沈阳甲建筑工程有限公司", "210102"])
    sheet.write_row(3, 0, [U2, "沈阳乙建设工程有限公司", 210199])  # row 4, a blank row before
    book.close()
    code, out, err = run(capsys, "import", str(folder))
    assert code == 2
    assert err.splitlines() == ["enterprises.xlsx:4: 区划代码: 未知的区划代码或区县名称：“210199”"]


def test_damaged_xlsx_and_empty_directory(reference_data, tmp_path, capsys):
    folder = tmp_path / "broken"
    folder.mkdir()
    assert run(capsys, "import", str(folder))[2].startswith("未找到可导入的数据文件")
    (folder / "enterprises.xlsx").write_bytes(b"not a zip file")
    code, out, err = run(capsys, "import", str(folder))
    assert code == 2
    assert err.startswith("enterprises.xlsx:1: -: 无法读取 XLSX 文件")
    assert stats(capsys)["enterprises"] == 0


def test_missing_directory_exit_2(reference_data, tmp_path, capsys):
    code, out, err = run(capsys, "import", str(tmp_path / "nowhere"))
    assert code == 2 and "目录不存在" in err
