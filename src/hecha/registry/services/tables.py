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
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    name: str  # the file's stem: enterprises
    label: str  # 企业
    db_table: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # the db columns a later import replaces by


USCC = Column("uscc", "统一社会信用代码")
TABLES = {
    "enterprises": Table(
        "enterprises",
        "企业",
        "registry_enterprise",
        (
            USCC,
            Column("name", "企业名称"),
            Column("district_code", "区划代码"),
            Column("registered_address", "注册地址", required=False),
            Column("mailing_address", "通讯地址", required=False),
            Column("legal_representative", "法定代表人", required=False),
            Column("phone", "联系电话", required=False),
            Column("business_status", "经营状态", required=False),
        ),
        key=("uscc",),
    ),
    "qualifications": Table(
        "qualifications",
        "资质",
        "registry_qualification",
        (
            USCC,
            Column("certificate_no", "资质证书编号"),
            Column("qualification", "资质名称"),
            Column("valid_until", "有效期至"),
        ),
        key=("uscc", "name"),
    ),
    "personnel": Table(
        "personnel",
        "注册人员",
        "registry_registeredperson",
        (
            Column("id_number", "身份证号"),
            Column("name", "姓名"),
            Column("uscc", "注册单位", aliases=("统一社会信用代码",)),
            Column("certificate_type", "注册类别"),
            Column("registration_no", "注册编号"),
            Column("specialties", "注册专业"),
            Column("valid_until", "注册有效期至", aliases=("有效期至",)),
        ),
        key=("id_number", "uscc"),
    ),
    "social_insurance": Table(
        "social_insurance",
        "社保",
        "registry_socialinsurance",
        (
            Column("id_number", "身份证号"),
            Column("uscc", "参保单位", aliases=("统一社会信用代码",)),
            Column("last_paid_month", "最近缴费月份"),
        ),
        key=("id_number",),
    ),
}
ORDER = list(TABLES)

_HEADER_NOISE = re.compile(r"[\s\u3000*＊]+")
_BRACKETED = re.compile(r"^(.*?)[(（](.*?)[)）]$")


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


@dataclass
class Checked:
    """One file checked: its clean columns (db column -> values) and its problems."""

    table: Table
    sheet: Sheet
    positions: dict[str, int] = field(default_factory=dict)  # column key -> header index
    columns: dict[str, list] = field(default_factory=dict)
    problems: list[tuple[int, int, str, str]] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return len(self.sheet.rows)

    def add(self, key: str, found: list[tuple[int, str]]) -> None:
        position = self.positions[key]
        header, numbers = self.sheet.header[position], self.sheet.numbers
        self.problems.extend((numbers[i], position, header, message) for i, message in found)

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
    missing = [c for c in checked.table.columns if c.required and c.key not in checked.positions]
    for column in missing:
        checked.problems.append((1, -1, column.key, f"缺少必填列（{column.label}）"))
    return not missing


def _district(context: Context) -> Callable[[str], tuple[str, str | None]]:
    def parse(code: str) -> tuple[str, str | None]:
        if code not in context.districts:
            return code, f"未知的区划代码：{code}"
        if context.own_district and code != context.own_district:
            return code, f"区划代码 {code} 不属于您所在的区县"
        return code, None

    return parse


def _business_status(text: str) -> tuple[str, str | None]:
    statuses = catalogue().business_statuses
    if text not in statuses:
        return text, f"未知的经营状态：{text}（应为{'、'.join(statuses)}之一）"
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


def _qualification(text: str) -> tuple[tuple[str, str, str, str], str | None]:
    parsed = parse_qualification(text)
    if parsed is None:
        return ("", "", "", ""), f"未知的资质名称：{text}"
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
        return "", f"未知的注册类别：{text}（应为{types}）"
    return level, None


def _specialties(pair: tuple[str, int | str]) -> tuple[str, str | None]:
    text, level = pair
    if not text or level == "":
        return "", None  # reported as empty, or as an unknown certificate type
    names, problem = parse_specialties(text, level=int(level))
    return ";".join(names), problem


def check_personnel(checked: Checked, context: Context) -> None:
    ids = checked.required_codes("id_number")
    checked.add("id_number", cleaning.id_numbers(ids))
    usccs = checked.required_codes("uscc")
    checked.add("uscc", cleaning.usccs(usccs))
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
    checked.no_repeats("id_number", list(zip(ids, usccs, strict=True)), "身份证号和注册单位")


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
