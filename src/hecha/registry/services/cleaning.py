"""Column-wise normalisation and checks: a whole column in, clean values and problems out.

Each function takes the stripped text of one column and returns the clean values (same
length) and the problems as (index, message). Values repeat a lot (dates, names of
qualifications, specialties), so parsing is done once per distinct value; codes are checked
with one regular expression and one integer conversion per row, and only a value that fails
goes to `hecha.law.identifiers` for its message.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Sequence
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any

from hecha.law.identifiers import check_id_number, check_uscc

Problems = list[tuple[int, str]]

# Full-width ASCII (U+FF01–U+FF5E) to half-width, and the ideographic space to a space.
_HALF_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_SPACES = re.compile(r"\s+")

_USCC = re.compile(r"[0-9]{8}[0-9A-HJ-NPQRTUWXY]{10}")
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# Base 34 ≡ 3 (mod 31): int(reversed body, 34) mod 31 is GB 32100's weighted sum.
_USCC_TO_BASE34 = str.maketrans(_USCC_ALPHABET, "0123456789abcdefghijklmnopqrstu")
_ID = re.compile(r"[0-9]{17}[0-9X]")
_ID_CHECK = "0123456789X"

_DATE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_EXCEL_SERIAL = re.compile(r"\d{5}(?:\.0+)?")
_MONTH = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?(?:[-/.]\d{1,2}日?)?|(\d{4})(\d{2})")
_EXCEL_EPOCH = date(1899, 12, 30)
# The national platform (jzsc.mohurd.gov.cn) writes dates as milliseconds since 1970 at
# Beijing midnight: 1630598400000 is 2021-09-03 in China (16:00 the day before in UTC).
_EPOCH_MS = re.compile(r"-?\d{11,13}(?:\.0+)?")
_BEIJING = timedelta(hours=8)
MASKED_ID = (
    "身份证号被遮挡（含 *）：{value}。这是全国建筑市场监管公共服务平台公开页面的脱敏号码，"
    "无法据此核对社保和注册；请使用建设主管部门掌握的完整数据导入"
)


def quoted(text: str) -> str:
    """A bad value as the message shows it: “ 1234 ” keeps its spaces visible."""
    return f"“{text}”"


def half_width(value: str) -> str:
    return value.translate(_HALF_WIDTH)


# A code with no space, full-width character or lower-case letter is already normal.
_NORMAL_CODE = re.compile(r"[^\sa-z\uff01-\uff5e]*")


def codes(values: Sequence[str]) -> list[str]:
    """Codes as written, full-width characters made half-width, spaces dropped, upper case."""
    normal = _NORMAL_CODE.fullmatch
    return [v if normal(v) else _code(v) for v in values]


def _code(value: str) -> str:
    return _SPACES.sub("", half_width(value)).upper()


def usccs(values: Sequence[str]) -> Problems:
    """Problems of the codes; each distinct code is checked once (people share employers)."""
    check, alphabet, to34 = _USCC.fullmatch, _USCC_ALPHABET, _USCC_TO_BASE34
    suspects = [
        v
        for v in set(values)
        if v and not (check(v) and alphabet[-int(v[16::-1].translate(to34), 34) % 31] == v[17])
    ]
    bad = {v: f"{message}：{quoted(v)}" for v in suspects if (message := check_uscc(v))}
    if not bad:
        return []
    return [(i, bad[v]) for i, v in enumerate(values) if v in bad]


@cache
def _birth_dates() -> frozenset[str]:
    first, last = date(1850, 1, 1), date(2100, 12, 31)
    return frozenset(f"{first + timedelta(days=n):%Y%m%d}" for n in range((last - first).days + 1))


def id_numbers(values: Sequence[str]) -> Problems:
    check, births, digits = _ID.fullmatch, _birth_dates(), _ID_CHECK
    suspects = [
        i
        for i, v in enumerate(values)
        if v
        and not (check(v) and digits[(1 - 2 * int(v[:17], 13)) % 11] == v[17] and v[6:14] in births)
    ]
    return _messages(values, suspects, _check_id_number)


def _check_id_number(value: str) -> str | None:
    from hecha.privacy import mask_id

    if "*" in value:
        return MASKED_ID.format(value=quoted(value))
    message = check_id_number(value)
    # The bad number quoted masked, as every page shows an ID number (hecha.privacy).
    return f"{message}：{quoted(mask_id(value))}" if message else None


def _messages(
    values: Sequence[str], suspects: list[int], check: Callable[[str], str | None]
) -> Problems:
    problems = []
    for i in suspects:
        message = check(values[i])
        if message:
            problems.append((i, message))
    return problems


def by_distinct(
    values: Sequence[Hashable], parse: Callable[[Any], tuple[Any, str | None]]
) -> tuple[list[Any], Problems]:
    """Parse each distinct value once; empty values (already reported if required) stay empty."""
    parsed = {v: parse(v) for v in set(values) if v}
    parsed[""] = ("", None)
    bad = {v: message for v, (_, message) in parsed.items() if message}
    clean = {v: result for v, (result, _) in parsed.items()}
    out = [clean[v] for v in values]
    if not bad:
        return out, []
    return out, [(i, bad[v]) for i, v in enumerate(values) if v in bad]


def _date_parts(text: str) -> tuple[int, int, int] | None:
    if m := _DATE.fullmatch(text) or _COMPACT_DATE.fullmatch(text):
        return int(m[1]), int(m[2]), int(m[3])
    return None


def parse_date(text: str) -> tuple[str | None, str | None]:
    """ISO text of 2026-11-24, 2026/11/24, 2026年11月24日, 20261124, an Excel serial number or
    the national platform's milliseconds since 1970 (1630598400000)."""
    value = half_width(text).strip()
    if _EPOCH_MS.fullmatch(value):
        try:
            moment = datetime.fromtimestamp(float(value) / 1000, tz=UTC) + _BEIJING
        except (OverflowError, OSError, ValueError):
            return None, f"日期格式无法识别：{quoted(text)}（应为 2026-11-24）"
        return moment.date().isoformat(), None
    if _EXCEL_SERIAL.fullmatch(value):
        day = _EXCEL_EPOCH + timedelta(days=int(float(value)))
        return day.isoformat(), None
    parts = _date_parts(value)
    if parts is None:
        return None, f"日期格式无法识别：{quoted(text)}（应为 2026-11-24）"
    try:
        return date(*parts).isoformat(), None
    except ValueError:
        return None, f"日期不存在：{quoted(text)}"


def parse_month(text: str) -> tuple[str | None, str | None]:
    """YYYY-MM of 2026-08, 2026/08, 2026年8月, 202608 (a full date keeps its month)."""
    m = _MONTH.fullmatch(half_width(text).strip())
    if m is None:
        return None, f"月份格式无法识别：{quoted(text)}（应为 YYYY-MM）"
    year, month = (int(m[1]), int(m[2])) if m[1] else (int(m[3]), int(m[4]))
    if not 1 <= month <= 12 or year < 1900:
        return None, f"月份不存在：{quoted(text)}"
    return f"{year:04d}-{month:02d}", None


def required(values: Sequence[str]) -> list[int]:
    """Indexes of the empty values."""
    if all(values):
        return []
    return [i for i, v in enumerate(values) if not v]


def duplicates(keys: Sequence[Hashable]) -> list[tuple[int, int]]:
    """(index, index of its first occurrence) for every repeated key; keys with "" skipped."""
    if len(set(keys)) == len(keys):
        return []
    first: dict[Hashable, int] = {}
    repeats = []
    for i, key in enumerate(keys):
        j = first.setdefault(key, i)
        if j != i and _complete(key):
            repeats.append((i, j))
    return repeats


def _complete(key: Hashable) -> bool:
    return all(key) if isinstance(key, tuple) else bool(key)
