"""The four data files of CONTRACT.md §3: their columns, and the checks of each file's rows.

`check_<table>(sheet, context)` validates a whole file column by column and returns the clean
columns, ready to be written, with every problem found; nothing here touches the database.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from hecha.registry.services import cleaning
from hecha.registry.services.sheets import Sheet
from hecha.standards.qualifications import (
    catalogue,
    certificate_level,
    parse_qualification,
    parse_specialties,
)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    required: bool = True
    # Other names a file may head the column with: Chinese words officers use, and the field
    # names of the national platform (jzsc.mohurd.gov.cn) as its exports and scrapers write them.
    aliases: tuple[str, ...] = ()
    note: str = ""  # what the template's notes sheet says of the column
    example: str = ""  # the template's example row


@dataclass(frozen=True)
class Table:
    name: str  # the file's stem: enterprises
    label: str  # 企业
    db_table: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # the db columns a later import replaces by
    # Words in a file name that say it holds this table: 企业名单.csv, 2026年资质.xlsx
    words: tuple[str, ...] = ()

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


# Example values with valid check characters (GB 32100-2015, GB 11643-1999).
_EXAMPLE_USCC = "91210102MA0P00001Q"
_EXAMPLE_ID = "210102199001010015"

USCC = Column(
    "uscc", "统一社会信用代码", aliases=("QY_ORG_CODE", "社会信用代码", "信用代码"),
    note="18 位，校验位须正确", example=_EXAMPLE_USCC,
)  # fmt: skip
TABLES = {
    "enterprises": Table(
        "enterprises",
        "企业",
        "registry_enterprise",
        (
            USCC,
            Column(
                "name",
                "企业名称",
                aliases=("QY_NAME", "单位名称"),
                example="沈阳示例建筑工程有限公司",
            ),
            Column(
                "district_code",
                "区划代码",
                aliases=(
                    "QY_REGION",
                    "QY_REGION_NAME",
                    "区县",
                    "所属区县",
                    "企业注册属地",
                    "注册属地",
                ),
                note="6 位区划代码，或区县名称（如 和平区、辽宁省-沈阳市-和平区）",
                example="210102",
            ),
            Column(
                "registered_address",
                "注册地址",
                required=False,
                aliases=("QY_ADDR", "企业经营地址", "经营地址", "地址"),
                example="沈阳市和平区示例路 1 号",
            ),
            Column("mailing_address", "通讯地址", required=False, aliases=("邮寄地址",)),
            Column(
                "legal_representative",
                "法定代表人",
                required=False,
                aliases=("QY_FR_NAME", "企业法定代表人"),
                example="王某",
            ),
            Column(
                "phone",
                "联系电话",
                required=False,
                aliases=("QY_OFFICE_TEL", "办公电话", "电话"),
                example="024-12345678",
            ),
            Column(
                "business_status",
                "经营状态",
                required=False,
                aliases=("登记状态",),
                note="存续、在业、注销、吊销、迁出之一，空为存续",
                example="存续",
            ),
        ),
        key=("uscc",),
        words=("enterprise", "企业", "单位"),
    ),
    "qualifications": Table(
        "qualifications",
        "资质",
        "registry_qualification",
        (
            USCC,
            Column(
                "certificate_no",
                "资质证书编号",
                aliases=("APT_CERTNO", "证书编号"),
                example="D221000001",
            ),
            Column(
                "qualification",
                "资质名称",
                aliases=("APT_NAME", "资质", "资质类别及等级"),
                note="如 建筑工程施工总承包三级（壹/贰/叁 与 一/二/三 均可）",
                example="建筑工程施工总承包三级",
            ),
            Column(
                "valid_until",
                "有效期至",
                aliases=("APT_EDATE", "证书有效期", "有效期"),
                note="日期，如 2028-12-31；全国平台导出的毫秒时间戳亦可",
                example="2028-12-31",
            ),
        ),
        key=("uscc", "name"),
        words=("qualification", "资质"),
    ),
    "personnel": Table(
        "personnel",
        "注册人员",
        "registry_registeredperson",
        (
            Column(
                "id_number",
                "身份证号",
                aliases=("RY_CARDNO", "IDCARD", "身份证号码", "证件号码"),
                note="18 位完整号码（全国平台公开页面的脱敏号码不可用）",
                example=_EXAMPLE_ID,
            ),
            Column("name", "姓名", aliases=("RY_NAME", "人员姓名"), example="张某"),
            Column(
                "uscc",
                "注册单位",
                aliases=("统一社会信用代码", "QY_ORG_CODE", "注册单位信用代码"),
                note="注册单位的统一社会信用代码；也可改用“注册单位名称”列",
                example=_EXAMPLE_USCC,
            ),
            Column(
                "employer_name",
                "注册单位名称",
                required=False,
                aliases=("REG_QYMC", "QY_NAME", "企业名称"),
                note="没有信用代码列时，按本次导入或系统中已有企业的名称确定注册单位",
            ),
            Column(
                "certificate_type",
                "注册类别",
                aliases=("REG_TYPE_NAME", "人员类别"),
                note="一级注册建造师 或 二级注册建造师",
                example="二级注册建造师",
            ),
            Column(
                "registration_no",
                "注册编号",
                aliases=("REG_CERTNO", "注册证书编号", "证书编号"),
                example="辽221001",
            ),
            Column(
                "specialties",
                "注册专业",
                aliases=("REG_PROF_NAME", "专业"),
                note="一个或多个专业，以 ; 、 , 分隔；全国平台一人一专业一行的数据会合并为一条注册",
                example="建筑工程",
            ),
            Column(
                "valid_until",
                "注册有效期至",
                aliases=("REG_EDATE", "有效期至", "有效期"),
                note="日期；同一注册的多个专业有效期不同时取最早的",
                example="2028-12-31",
            ),
        ),
        key=("id_number", "uscc"),
        words=("personnel", "person", "人员", "建造师"),
    ),
    "social_insurance": Table(
        "social_insurance",
        "社保",
        "registry_socialinsurance",
        (
            Column(
                "id_number",
                "身份证号",
                aliases=("IDCARD", "身份证号码", "证件号码", "社会保障号码"),
                example=_EXAMPLE_ID,
            ),
            Column(
                "uscc",
                "参保单位",
                aliases=("统一社会信用代码", "参保单位信用代码"),
                note="参保单位的统一社会信用代码",
                example=_EXAMPLE_USCC,
            ),
            Column(
                "last_paid_month",
                "最近缴费月份",
                aliases=("缴费月份",),
                note="如 2026-10",
                example="2026-10",
            ),
        ),
        key=("id_number",),
        words=("social", "insurance", "社保", "社会保险"),
    ),
}
# Which columns may stand in for a missing required one.
STAND_INS = {("personnel", "uscc"): "employer_name"}
ORDER = list(TABLES)

_HEADER_NOISE = re.compile(r"[\s\u3000*＊]+")
_BRACKETED = re.compile(r"^(.*?)[(（](.*?)[)）]$")


def table_for_file(file_name: str) -> str | None:
    """The table a data file holds, by its name: `enterprises.csv`, `企业名单.csv`,
    `2026年 资质.xlsx`, `注册人员-沈阳.xlsx`; None for another kind of file or name."""
    stem, dot, suffix = file_name.strip().rpartition(".")
    if not dot or f".{suffix.lower()}" not in (".csv", ".xlsx"):
        return None
    stem = stem.strip().lower()
    if stem in TABLES:
        return stem
    # The most specific words first: 企业资质 is qualifications, 企业人员 personnel.
    for name in ("social_insurance", "qualifications", "personnel", "enterprises"):
        if any(word in stem for word in TABLES[name].words):
            return name
    return None


def file_names_hint() -> str:
    """How data files must be named, for a refusal message."""
    return "、".join(f"{t.name}（{t.label}）" for t in TABLES.values())


def _header_names(text: str) -> list[str]:
    """`uscc`, `统一社会信用代码`, `uscc（统一社会信用代码）`, `*企业名称` all name their column."""
    cleaned = _HEADER_NOISE.sub("", cleaning.half_width(text)).lower()
    names = [cleaned]
    if m := _BRACKETED.match(cleaned):
        names += [m[1], m[2]]
    return names


@dataclass(frozen=True)
class Context:
    districts: frozenset[str]  # known district codes
    own_district: str | None  # a district user's district; None for city users
    district_names: dict[str, str] = field(default_factory=dict)  # 和平区 -> 210102
    # Current enterprises' names -> USCC (the user's own district's), read when a personnel
    # file names employers instead of giving their codes; the enterprises of this import are
    # added to `imported_names` as their file is checked.
    known_names: Callable[[], dict[str, str]] | None = None
    imported_names: dict[str, str] = field(default_factory=dict)


@dataclass
class Checked:
    """One file checked: its clean columns (db column -> values) and its problems."""

    table: Table
    sheet: Sheet
    positions: dict[str, int] = field(default_factory=dict)  # column key -> header index
    columns: dict[str, list] = field(default_factory=dict)
    problems: list[tuple[int, int, str, str]] = field(default_factory=list)
    merged: int = 0  # rows merged into an earlier row of the same registration

    @property
    def rows(self) -> int:
        return len(self.sheet.rows)

    def add(self, key: str, found: list[tuple[int, str]]) -> None:
        """Problems of one column, named by the column's Chinese name (身份证号)."""
        position = self.positions[key]
        label, numbers = self.table.column(key).label, self.sheet.numbers
        self.problems.extend((numbers[i], position, label, message) for i, message in found)

    def text(self, key: str) -> list[str]:
        position = self.positions.get(key)
        if position is None:
            return [""] * self.rows
        return self.sheet.column(position)

    def required_text(self, key: str) -> list[str]:
        values = self.text(key)
        self.add(key, [(i, "不能为空") for i in cleaning.required(values)])
        return values

    def required_codes(self, key: str) -> list[str]:
        return cleaning.codes(self.required_text(key))

    def mapped(self, key: str, values: list, parse: Callable) -> list:
        out, found = cleaning.by_distinct(values, parse)
        self.add(key, found)
        return out

    def no_repeats(self, key_column: str, keys: list, what: str) -> None:
        repeats = cleaning.duplicates(keys)
        numbers = self.sheet.numbers
        self.add(key_column, [(i, f"与第 {numbers[j]} 行重复（{what}相同）") for i, j in repeats])


def locate_columns(checked: Checked) -> bool:
    """Find each column in the header; a missing required column is a problem on row 1."""
    wanted = {}
    for column in checked.table.columns:
        for name in (column.key, column.label, *column.aliases):
            wanted.setdefault(name.lower(), column.key)
    for position, text in enumerate(checked.sheet.header):
        for name in _header_names(text):
            if name in wanted:
                checked.positions.setdefault(wanted[name], position)
                break
    found = checked.positions
    missing = [
        c
        for c in checked.table.columns
        if c.required
        and c.key not in found
        and STAND_INS.get((checked.table.name, c.key)) not in found
    ]
    for column in missing:
        names = "、".join((column.key, *column.aliases))
        checked.problems.append(
            (1, -1, column.label, f"缺少必填列“{column.label}”（也可用列名：{names}）")
        )
    return not missing


_REGION_PARTS = re.compile(r"[-－—·/\\]")


def _district(context: Context) -> Callable[[str], tuple[str, str | None]]:
    def parse(text: str) -> tuple[str, str | None]:
        # 和平区, or the national platform's 辽宁省-沈阳市-和平区: the last part names it.
        code = context.district_names.get(_REGION_PARTS.split(text)[-1], text)
        if code not in context.districts:
            return code, f"未知的区划代码或区县名称：{cleaning.quoted(text)}"
        if context.own_district and code != context.own_district:
            return code, f"区划代码 {code} 不属于您所在的区县"
        return code, None

    return parse


def _business_status(text: str) -> tuple[str, str | None]:
    statuses = catalogue().business_statuses
    if text not in statuses:
        return text, f"未知的经营状态：{cleaning.quoted(text)}（应为{'、'.join(statuses)}之一）"
    return text, None


def check_enterprises(checked: Checked, context: Context) -> None:
    usccs = checked.required_codes("uscc")
    checked.add("uscc", cleaning.usccs(usccs))
    districts = checked.mapped(
        "district_code", checked.required_codes("district_code"), _district(context)
    )
    status = checked.text("business_status")
    if "business_status" in checked.positions:
        status = checked.mapped("business_status", status, _business_status)
    checked.columns = {
        "uscc": usccs,
        "name": checked.required_text("name"),
        "district_code": districts,
        "registered_address": checked.text("registered_address"),
        "mailing_address": checked.text("mailing_address"),
        "legal_representative": checked.text("legal_representative"),
        "phone": cleaning.codes(checked.text("phone")),
        "business_status": [s or "存续" for s in status],
    }
    checked.no_repeats("uscc", usccs, "统一社会信用代码")
    for name, uscc in zip(checked.columns["name"], usccs, strict=True):
        context.imported_names[name_key(name)] = uscc


def name_key(name: str) -> str:
    """An enterprise's name as compared: full-width brackets and spaces do not matter."""
    return re.sub(r"\s+", "", cleaning.half_width(name))


def _qualification(text: str) -> tuple[tuple[str, str, str, str], str | None]:
    parsed = parse_qualification(text)
    if parsed is None:
        return ("", "", "", ""), f"未知的资质名称：{cleaning.quoted(text)}"
    return (parsed.name, parsed.category, parsed.sequence, parsed.grade), None


def check_qualifications(checked: Checked, context: Context) -> None:
    usccs = checked.required_codes("uscc")
    checked.add("uscc", cleaning.usccs(usccs))
    names = checked.mapped("qualification", checked.required_text("qualification"), _qualification)
    name, category, sequence, grade = (
        (list(c) for c in zip(*names, strict=True)) if names else ([], [], [], [])
    )
    checked.columns = {
        "uscc": usccs,
        "certificate_no": checked.required_codes("certificate_no"),
        "name": name,
        "category": category,
        "sequence": sequence,
        "grade": grade,
        "valid_until": checked.mapped(
            "valid_until", checked.required_text("valid_until"), cleaning.parse_date
        ),
    }
    checked.no_repeats("qualification", list(zip(usccs, name, strict=True)), "企业和资质名称")


def _level(text: str) -> tuple[int | str, str | None]:
    level = certificate_level(text)
    if level is None:
        types = "或".join(catalogue().certificate_types)
        return "", f"未知的注册类别：{cleaning.quoted(text)}（应为{types}）"
    return level, None


def _specialties(pair: tuple[str, int | str]) -> tuple[str, str | None]:
    text, level = pair
    if not text or level == "":
        return "", None  # reported as empty, or as an unknown certificate type
    names, problem = parse_specialties(text, level=int(level))
    return ";".join(names), f"{problem}：{cleaning.quoted(text)}" if problem else None


def _employers(checked: Checked, context: Context) -> list[str]:
    """The USCC of each row's employer, found by its name (REG_QYMC) among the enterprises
    of this import, else among the current ones the user may see."""
    names = [name_key(n) for n in checked.text("employer_name")]
    checked.add("employer_name", [(i, "不能为空") for i in cleaning.required(names)])
    known = dict(context.imported_names)
    if set(names) - set(known) - {""} and context.known_names:
        known = {**context.known_names(), **known}
    missing = [(i, n) for i, n in enumerate(names) if n and n not in known]
    checked.add(
        "employer_name",
        [
            (i, f"企业 {cleaning.quoted(n)} 既不在本次导入中，也不是系统中已有的企业")
            for i, n in missing
        ],
    )
    return [known.get(n, "") for n in names]


def check_personnel(checked: Checked, context: Context) -> None:
    ids = checked.required_codes("id_number")
    checked.add("id_number", cleaning.id_numbers(ids))
    if "uscc" in checked.positions:
        usccs = checked.required_codes("uscc")
        checked.add("uscc", cleaning.usccs(usccs))
    else:
        usccs = _employers(checked, context)
    levels = checked.mapped("certificate_type", checked.required_text("certificate_type"), _level)
    specialties = list(zip(checked.required_text("specialties"), levels, strict=True))
    checked.columns = {
        "id_number": ids,
        "name": checked.required_text("name"),
        "uscc": usccs,
        "level": levels,
        "registration_no": checked.required_codes("registration_no"),
        "specialties": checked.mapped("specialties", specialties, _specialties),
        "valid_until": checked.mapped(
            "valid_until", checked.required_text("valid_until"), cleaning.parse_date
        ),
    }
    _merge_specialties(checked, list(zip(ids, usccs, strict=True)))


def _merge_specialties(checked: Checked, keys: list[tuple[str, str]]) -> None:
    """The national platform lists a person once per specialty: rows of one registration (same
    person, employer, class and number) become one row with every specialty, valid until the
    earliest of their dates. Rows that differ otherwise are reported as repeats."""
    repeats = cleaning.duplicates(keys)
    if not repeats:
        return
    columns, numbers = checked.columns, checked.sheet.numbers
    same = ("level", "registration_no")
    dropped: set[int] = set()
    conflicts = []
    for i, j in repeats:
        if any(columns[c][i] != columns[c][j] for c in same):
            conflicts.append(
                (i, f"与第 {numbers[j]} 行重复（身份证号和注册单位相同，注册类别或注册编号不同）")
            )
            continue
        merged = [s for s in columns["specialties"][j].split(";") if s]
        merged += [s for s in columns["specialties"][i].split(";") if s and s not in merged]
        columns["specialties"][j] = ";".join(merged)
        dates = [d for d in (columns["valid_until"][i], columns["valid_until"][j]) if d]
        columns["valid_until"][j] = min(dates) if dates else ""
        dropped.add(i)
    checked.add("id_number", conflicts)
    if dropped:
        checked.columns = {
            k: [v for n, v in enumerate(values) if n not in dropped]
            for k, values in columns.items()
        }
        checked.merged = len(dropped)


def check_social_insurance(checked: Checked, context: Context) -> None:
    ids = checked.required_codes("id_number")
    checked.add("id_number", cleaning.id_numbers(ids))
    usccs = checked.required_codes("uscc")
    checked.add("uscc", cleaning.usccs(usccs))
    checked.columns = {
        "id_number": ids,
        "uscc": usccs,
        "last_paid_month": checked.mapped(
            "last_paid_month", checked.required_text("last_paid_month"), cleaning.parse_month
        ),
    }
    checked.no_repeats("id_number", ids, "身份证号")


CHECKS: dict[str, Callable[[Checked, Context], None]] = {
    "enterprises": check_enterprises,
    "qualifications": check_qualifications,
    "personnel": check_personnel,
    "social_insurance": check_social_insurance,
}


def check_sheet(table: Table, sheet: Sheet, context: Context) -> Checked:
    checked = Checked(table=table, sheet=sheet)
    if locate_columns(checked):
        CHECKS[table.name](checked, context)
    return checked
