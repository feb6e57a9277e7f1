"""Importing files as officers have them: Chinese file and column names, the national
platform's field names, its millisecond dates and one row per specialty, masked ID numbers."""

import json
from datetime import date

import pytest

from hecha.cli import main
from hecha.registry.services.cleaning import parse_date
from hecha.registry.services.tables import table_for_file
from tests.registry.test_import import ID1, ID2, U1, U2

# 2028-12-31 00:00 in Beijing, as jzsc.mohurd.gov.cn writes it (REG_EDATE, APT_EDATE).
MS_2028_12_31 = "1861804800000"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def stats(capsys):
    assert main(["stats"]) == 0
    return json.loads(capsys.readouterr()[0])


def write(folder, files):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("name", "table"),
    [
        ("企业名单.csv", "enterprises"),
        ("enterprises.xlsx", "enterprises"),
        ("企业资质.xlsx", "qualifications"),
        ("2026年 注册人员.csv", "personnel"),
        ("社保缴费.csv", "social_insurance"),
        ("Personnel.CSV", "personnel"),
        ("企业名单.pdf", None),
        ("说明.csv", None),
    ],
)
def test_file_names_in_chinese_or_english(name, table):
    assert table_for_file(name) == table


def test_platform_dates_in_milliseconds_are_beijing_days():
    assert parse_date(MS_2028_12_31) == ("2028-12-31", None)
    assert parse_date("1630598400000") == ("2021-09-03", None)
    assert parse_date("2028-12-31 00:00:00") == ("2028-12-31", None)


PLATFORM_ENTERPRISES = (
    "QY_ORG_CODE,QY_NAME,QY_REGION_NAME,QY_ADDR,QY_OFFICE_TEL,QY_FR_NAME\n"
    f"{U1},沈阳甲建筑工程有限公司,辽宁省-沈阳市-和平区,和平区一号,024-1234,王甲\n"
    f"{U2},沈阳乙建设工程有限公司,沈河区,沈河区二号,024-5678,王乙\n"
)
PLATFORM_QUALIFICATIONS = (
    "QY_ORG_CODE,APT_CERTNO,APT_NAME,APT_EDATE,APT_STATUS_NAME\n"
    f"{U1},D221000001,建筑工程施工总承包叁级,{MS_2028_12_31},有效\n"
)
# One row per person per specialty, the employer by name (REG_QYMC), as the platform lists it.
PLATFORM_PERSONNEL = (
    "RY_NAME,RY_CARDNO,REG_TYPE_NAME,REG_CERTNO,REG_PROF_NAME,REG_EDATE,REG_QYMC\n"
    f"李四,{ID2},一级注册建造师,辽121002,建筑工程,{MS_2028_12_31},沈阳甲建筑工程有限公司\n"
    f"李四,{ID2},一级注册建造师,辽121002,机电工程,1861891200000,沈阳甲建筑工程有限公司\n"
    f"张三,{ID1},二级注册建造师,辽221001,建筑工程,{MS_2028_12_31},沈阳乙建设工程有限公司\n"
)


def test_platform_export_with_chinese_file_names_imports(reference_data, tmp_path, capsys):
    folder = write(
        tmp_path / "platform",
        {"企业名单.csv": PLATFORM_ENTERPRISES, "企业资质.csv": PLATFORM_QUALIFICATIONS,
         "注册人员.csv": PLATFORM_PERSONNEL},
    )  # fmt: skip
    code, out, err = run(capsys, "import", str(folder))
    assert (code, err) == (0, ""), err
    assert "注册人员.csv：注册人员 3 行（新增 2，变更 0，未变 0；1 行按专业合并）" in out
    from hecha.registry.models import Enterprise, Qualification, RegisteredPerson

    e = Enterprise.objects.get(uscc=U1)
    assert (e.district_id, e.registered_address, e.phone, e.legal_representative) == (
        "210102", "和平区一号", "024-1234", "王甲",
    )  # fmt: skip
    assert Enterprise.objects.get(uscc=U2).district_id == "210103"
    q = Qualification.objects.get()
    assert (q.certificate_no, q.grade, q.valid_until) == ("D221000001", "三级", date(2028, 12, 31))
    li = RegisteredPerson.objects.get(id_number=ID2)
    assert (li.uscc, li.specialties, li.valid_until) == (
        U1, "建筑工程;机电工程", date(2028, 12, 31),
    )  # fmt: skip
    assert RegisteredPerson.objects.get(id_number=ID1).uscc == U2

    # The same files again: nothing added, nothing changed; one changed row is counted so.
    write(folder, {"注册人员.csv": PLATFORM_PERSONNEL.replace("张三", "张叁")})
    code, out, err = run(capsys, "import", str(folder))
    assert code == 0, err
    assert "企业名单.csv：企业 2 行（新增 0，变更 0，未变 2）" in out
    assert "注册人员.csv：注册人员 3 行（新增 0，变更 1，未变 1；1 行按专业合并）" in out


def test_masked_id_numbers_are_refused_and_nothing_changes(reference_data, tmp_path, capsys):
    before = stats(capsys)
    masked = ID1[:6] + "********" + ID1[-4:]
    folder = write(
        tmp_path / "masked",
        {"企业名单.csv": PLATFORM_ENTERPRISES,
         "注册人员.csv": PLATFORM_PERSONNEL.replace(ID1, masked)},
    )  # fmt: skip
    code, out, err = run(capsys, "import", str(folder))
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"注册人员.csv:4: 身份证号: 身份证号被遮挡（含 *）：“{masked}”。这是全国建筑市场监管公共服务平台"
        "公开页面的脱敏号码，无法据此核对社保和注册；请使用建设主管部门掌握的完整数据导入"
    ]
    assert stats(capsys) == before


def test_unknown_employer_name_and_missing_column_are_named_in_chinese(
    reference_data, tmp_path, capsys
):
    before = stats(capsys)
    folder = write(
        tmp_path / "bad",
        {"注册人员.csv": PLATFORM_PERSONNEL.replace("沈阳乙建设工程有限公司", "沈阳丙公司"),
         "企业资质.csv": "QY_ORG_CODE,APT_CERTNO,APT_EDATE\n" f"{U1},D1,2028-12-31\n"},
    )  # fmt: skip
    code, _, err = run(capsys, "import", str(folder))
    assert code == 2
    lines = err.splitlines()
    assert lines[0].startswith(
        "企业资质.csv:1: 资质名称: 缺少必填列“资质名称”（也可用列名：qualification、APT_NAME"
    )
    assert (
        "注册人员.csv:2: 注册单位名称: 企业 “沈阳甲建筑工程有限公司” 既不在本次导入中" in lines[1]
    )
    assert (
        "注册人员.csv:4: 注册单位名称: 企业 “沈阳丙公司” 既不在本次导入中，也不是系统中已有的企业"
        in lines
    )
    assert stats(capsys) == before
