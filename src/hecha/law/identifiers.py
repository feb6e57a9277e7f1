"""Identifiers of GB 32100-2015 (USCC) and GB 11643-1999 (citizen ID number).

python-stdnum does the arithmetic. Its birth-place table marks region codes as valid only
from certain years, and real ID numbers keep old codes: an unknown place is a warning,
never an error (DOMAIN.md). Length, characters, the check character and an impossible birth
date are errors. Messages are Chinese, for the user.
"""

from __future__ import annotations

from datetime import date

from stdnum import exceptions
from stdnum.cn import ric, uscc

_ID_BODY = "0123456789"


def check_uscc(value: str) -> str | None:
    """None if the code is valid, else what is wrong with it."""
    if len(value) != 18:
        return f"统一社会信用代码应为18位，实为{len(value)}位"
    try:
        uscc.validate(value)
    except exceptions.InvalidChecksum:
        return "统一社会信用代码校验位错误"
    except exceptions.ValidationError:
        return "统一社会信用代码含无效字符（应为数字及除 I、O、Z、S、V 外的大写字母）"
    return None


def birth_date(value: str) -> date | None:
    """The birth date written in digits 7–14, or None if there is no such day."""
    try:
        return date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return None


def check_id_number(value: str) -> str | None:
    """None if the number is valid, else what is wrong with it (place codes not judged)."""
    if len(value) != 18:
        return f"身份证号应为18位，实为{len(value)}位"
    if not all(c in _ID_BODY for c in value[:17]) or value[17] not in _ID_BODY + "X":
        return "身份证号含无效字符（应为17位数字加数字或X）"
    if birth_date(value) is None:
        return f"身份证号中的出生日期不存在：{value[6:14]}"
    if ric.calc_check_digit(value) != value[17]:
        return "身份证号校验位错误"
    return None


def id_number_warning(value: str) -> str | None:
    """A warning for a valid number whose birth place stdnum does not know (kept, not refused)."""
    try:
        ric.validate(value)
    except exceptions.InvalidComponent:
        return f"身份证号的地址码 {value[:6]} 不在现行区划表中（旧码仍有效，仅提示）"
    except exceptions.ValidationError:
        return None
    return None
