"""Why a registered person did not count, in words a layperson can act on (DOMAIN.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hecha.standards.ages import over_age_from
from hecha.standards.qualifications import LEVEL_WORDS

if TYPE_CHECKING:
    from hecha.standards.evaluate import Context, Person
    from hecha.standards.model import Requirement


def _elsewhere(p: Person, r: Requirement, c: Context) -> str:
    if not p.elsewhere_at:
        return "同一身份证号同时注册在其他单位"
    return "同时注册在" + "、".join(p.elsewhere_at) + "（一人只能在一个单位注册）"


def _expired(p: Person, r: Requirement, c: Context) -> str:
    return f"注册有效期至{p.valid_until.isoformat()}，基准日已过期"


def _si_elsewhere(p: Person, r: Requirement, c: Context) -> str:
    payer = p.si_payer or p.si_uscc or "其他单位"
    return f"社保由{payer}缴纳，最近缴费月份{p.si_last_paid}，不是注册单位"


def _si_lapsed(p: Person, r: Requirement, c: Context) -> str:
    from hecha.standards.evaluate import months_between

    window = c.policy.social_insurance_window_months
    if p.si_last_paid is None:
        return "没有社保缴纳记录"
    late = months_between(p.si_last_paid, c.as_of)
    payer = f"（{p.si_payer}缴纳）" if p.si_payer else ""
    return (
        f"最近缴费月份{p.si_last_paid}{payer}，早于基准日所在月{late}个月（不得超过{window}个月）"
    )


def _over_age(p: Person, r: Requirement, c: Context) -> str:
    since = over_age_from(p.birth_date, c.policy.age_limit)
    return (
        f"生于{p.birth_date.isoformat()}，自{since.isoformat()}起年龄超过{c.policy.age_limit}周岁"
    )


def _wrong(p: Person, r: Requirement, c: Context) -> str:
    held = f"{LEVEL_WORDS.get(p.level, '')}注册建造师（{'、'.join(sorted(p.specialties))}专业）"
    if not r.level_matches(p.level):
        return f"{held}，不计入一级人数"
    return f"{held}，不属于{r.specialty_label()}专业，不计入本项人数"


_WORDS = {
    "registered_elsewhere": _elsewhere,
    "expired": _expired,
    "social_insurance_elsewhere": _si_elsewhere,
    "social_insurance_lapsed": _si_lapsed,
    "over_age": _over_age,
    "wrong_specialty": _wrong,
}


def detail(person: Person, reason: str, requirement: Requirement, context: Context) -> str:
    return _WORDS[reason](person, requirement, context)
