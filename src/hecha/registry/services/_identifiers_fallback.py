"""Stand-in for `hecha.law.identifiers` until it lands: same interface, same semantics."""

from __future__ import annotations

from stdnum import exceptions
from stdnum.cn import ric, uscc


def check_uscc(value: str) -> str | None:
    try:
        uscc.validate(value)
    except exceptions.InvalidLength:
        return f"统一社会信用代码应为18位，实为{len(value)}位"
    except exceptions.InvalidChecksum:
        return "统一社会信用代码校验位错误"
    except exceptions.ValidationError:
        return "统一社会信用代码含无效字符"
    return None


def check_id_number(value: str) -> str | None:
    if len(value) != 18:
        return f"身份证号应为18位，实为{len(value)}位"
    if not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        return "身份证号含无效字符"
    try:
        ric.get_birth_date(value)
    except exceptions.ValidationError:
        return "身份证号中的出生日期不存在"
    if ric.calc_check_digit(value) != value[17]:
        return "身份证号校验位错误"
    return None
