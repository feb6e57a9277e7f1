"""Versions derived from another by a declared rule, so that the standard's data lives once.

建市〔2016〕226号 keeps the registered-constructor counts of each category's lowest grade only
and none for 通信工程施工总承包三级: its YAML says so (`keep: [lowest_grade]`, `none_for`)
instead of copying rows. An administrator's correction is derived the same way (`change`).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from typing import Any

from hecha.standards.model import QualificationStandard, Requirement, Standard

# grades from the highest to the lowest (不分等级: a category's only grade, so its lowest)
GRADE_ORDER = ("特级", "一级", "二级", "三级", "不分等级")
CHANGEABLE = {
    "text",
    "min_people",
    "level",
    "specialties",
    "any_specialty",
    "clause",
    "unconfirmed",
    "sources",
    "disagreement",
}


class DerivationError(ValueError):
    """The derivation is not well formed; the message is Chinese."""


def split_grade(name: str) -> tuple[str, str]:
    """(category and sequence, grade) of a qualification name: 建筑工程施工总承包, 三级."""
    for grade in GRADE_ORDER:
        if name.endswith(grade):
            return name[: -len(grade)], grade
    return name, ""


def lowest_grades(names: list[str]) -> set[str]:
    """The qualification of each category with the lowest grade the standard defines for it."""
    by_category: dict[str, list[str]] = defaultdict(list)
    for name in names:
        by_category[split_grade(name)[0]].append(name)
    rank = {g: i for i, g in enumerate(GRADE_ORDER)}
    return {
        max(group, key=lambda n: rank.get(split_grade(n)[1], -1)) for group in by_category.values()
    }


def _kept(names: list[str], keep: list[str] | None) -> set[str]:
    if keep is None:
        return set(names)
    chosen: set[str] = set()
    for rule in keep:
        if rule == "lowest_grade":
            chosen |= lowest_grades(names)
        elif rule in GRADE_ORDER:
            chosen |= {n for n in names if split_grade(n)[1] == rule}
        else:
            raise DerivationError(f"未知的保留规则：{rule}（可用 lowest_grade 或等级名称）")
    return chosen


def _dropped(entry: QualificationStandard, reason: str, sources: tuple[str, ...]):
    if not entry.requirements:
        return entry  # nothing to drop: keep the base's own reason
    return dataclasses.replace(
        entry, requirements=(), no_constructor_count=reason, sources=sources, unconfirmed=False
    )


def _changed(req: Requirement, change: dict[str, Any], parse_requirement) -> Requirement:
    unknown = set(change) - CHANGEABLE
    if unknown:
        raise DerivationError(f"{req.rule_id}：不能修改的字段：{'、'.join(sorted(unknown))}")
    current = {
        "rule_id": req.rule_id,
        "text": req.text,
        "min_people": req.min_people,
        "level": req.level or "any",
        "specialties": sorted(req.specialties),
        "any_specialty": req.any_specialty,
        "clause": req.clause,
        "unconfirmed": req.unconfirmed,
        "sources": list(req.sources),
        "disagreement": req.disagreement,
    }
    merged = {**current, **change}
    if change.get("any_specialty"):
        merged.pop("specialties", None)
    return parse_requirement(merged)


def _apply_changes(quals, changes: dict[str, Any], parse_requirement):
    found: set[str] = set()
    out = {}
    for name, entry in quals.items():
        reqs = []
        for req in entry.requirements:
            if req.rule_id in changes:
                found.add(req.rule_id)
                req = _changed(req, changes[req.rule_id] or {}, parse_requirement)
            reqs.append(req)
        out[name] = dataclasses.replace(entry, requirements=tuple(reqs))
    missing = set(changes) - found
    if missing:
        raise DerivationError(f"要修改的规则在基础版本中不存在：{'、'.join(sorted(missing))}")
    return out


def _describe(spec: dict[str, Any], base: Standard) -> tuple[str, ...]:
    words = [f"以版本 {base.version}（{base.document}）为基础"]
    if spec.get("keep") is not None:
        kept = "、".join("各类别最低等级" if k == "lowest_grade" else k for k in spec["keep"])
        words.append(f"仅保留{kept}资质的注册建造师人数指标，其余取消")
    if spec.get("restore_grades"):
        grades = "、".join(spec["restore_grades"])
        words.append(f"恢复版本 {spec.get('restore_from')} 中{grades}资质的注册建造师人数指标")
    for name in spec.get("none_for") or {}:
        words.append(f"取消{name}的注册建造师人数指标")
    for rule_id, change in (spec.get("change") or {}).items():
        fields = "、".join(f"{k}={v}" for k, v in (change or {}).items())
        words.append(f"修改 {rule_id}：{fields}")
    return tuple(words)


def _restore(quals, spec: dict[str, Any], restore_base: Standard | None):
    """Bring back the requirements of some grades from another version (e.g. 159号's 一级
    counts for a reading of 建市规〔2023〕3号), marked unconfirmed if the spec says so."""
    grades = spec.get("restore_grades") or []
    if not grades:
        return quals
    if restore_base is None:
        raise DerivationError("restore_grades 须同时给出 restore_from（要恢复的版本）")
    unconfirmed = bool(spec.get("restore_unconfirmed"))
    extra = tuple(spec.get("restore_sources") or ())
    out = dict(quals)
    for name, entry in restore_base.qualifications.items():
        if split_grade(name)[1] not in grades or name not in quals or not entry.requirements:
            continue
        reqs = tuple(
            dataclasses.replace(
                r, unconfirmed=r.unconfirmed or unconfirmed, sources=r.sources + extra
            )
            for r in entry.requirements
        )
        out[name] = dataclasses.replace(entry, requirements=reqs, no_constructor_count=None)
    return out


def derive(
    spec: dict[str, Any], base: Standard, parse_requirement, restore_base: Standard | None = None
) -> dict[str, Any]:
    """The qualifications, sources and counting policy of a version derived from `base`."""
    names = list(base.qualifications)
    kept = _kept(names, spec.get("keep"))
    dropped_reason = str(spec.get("dropped_reason") or "本版本取消该等级的注册建造师人数指标")
    dropped_sources = tuple(spec.get("dropped_sources") or ())
    none_for = spec.get("none_for") or {}
    # a name the base lacks is reported, not fatal: the catalogue test fails on it
    unknown = sorted(set(none_for) - set(names))
    quals = {}
    for name, entry in base.qualifications.items():
        if name in none_for:
            entry = _dropped(entry, str(none_for[name]), dropped_sources)
        elif name not in kept:
            entry = _dropped(entry, dropped_reason, dropped_sources)
        quals[name] = entry
    quals = _restore(quals, spec, restore_base)
    quals = _apply_changes(quals, spec.get("change") or {}, parse_requirement)
    problems = tuple(f"none_for 中的资质不在基础版本中：{n}" for n in unknown)
    return {"qualifications": quals, "derivation": _describe(spec, base), "problems": problems}
