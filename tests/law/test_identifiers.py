from datetime import date

import pytest
from stdnum.cn import ric, uscc

from hecha.law.identifiers import birth_date, check_id_number, check_uscc, id_number_warning


def _id(body17: str) -> str:
    return body17 + ric.calc_check_digit(body17 + "0")


def _uscc(body17: str) -> str:
    return body17 + uscc.calc_check_digit(body17)


VALID_USCC = _uscc("91210102MA0P12345")
VALID_ID = _id("21010219800229123")  # born on a leap day


def test_valid_codes_pass():
    assert check_uscc(VALID_USCC) is None
    assert check_id_number(VALID_ID) is None
    assert birth_date(VALID_ID) == date(1980, 2, 29)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (VALID_USCC[:17], "统一社会信用代码应为18位，实为17位"),
        (VALID_USCC[:17] + ("0" if VALID_USCC[17] != "0" else "1"), "统一社会信用代码校验位错误"),
        ("91210102MA0P1234I" + "1", "统一社会信用代码含无效字符"),
    ],
)
def test_uscc_errors_say_what_is_wrong(value, message):
    assert check_uscc(value).startswith(message)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2101021980022912", "身份证号应为18位，实为16位"),
        ("21010219800229123A", "身份证号含无效字符"),
        (_id("21010219810229123"), "身份证号中的出生日期不存在：19810229"),
        (VALID_ID[:17] + ("0" if VALID_ID[17] != "0" else "1"), "身份证号校验位错误"),
    ],
)
def test_id_number_errors_say_what_is_wrong(value, message):
    assert check_id_number(value).startswith(message)


def test_unknown_birth_place_is_only_a_warning():
    unknown = _id("99999919800101123")
    assert check_id_number(unknown) is None
    assert "999999" in id_number_warning(unknown)
    # stdnum dates 和平区's code from 1985 on; a person born there in 1960 is real all the same
    old = _id("21010219600101123")
    assert check_id_number(old) is None
    assert "210102" in id_number_warning(old)
    assert id_number_warning(_id("21010219850101123")) is None
