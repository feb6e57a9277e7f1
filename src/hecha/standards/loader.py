"""Reading standards from their YAML data files, with validation of the data itself."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from hecha import yamltext
from hecha.standards.derive import DerivationError, derive
from hecha.standards.model import (
    EXCLUSION_REASONS,
    CountingPolicy,
    QualificationStandard,
    Requirement,
    Source,
    Standard,
)

BaseLookup = Callable[[str], Standard | None]


class StandardDataError(ValueError):
    """The standards data is not well formed; the message is Chinese, for the administrator."""


def _date(value: Any, what: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise StandardDataError(f"{what}：日期格式错误：{value}") from exc


def _policy(data: dict[str, Any]) -> CountingPolicy:
    order = tuple(data["exclusion_order"])
    if sorted(order) != sorted(EXCLUSION_REASONS):
        raise StandardDataError(f"排除原因须恰好包含：{'、'.join(EXCLUSION_REASONS)}")
    return CountingPolicy(
        exclusion_order=order,
        social_insurance_window_months=int(data["social_insurance_window_months"]),
        age_limit=int(data["age_limit"]),
        compared_business_statuses=frozenset(data["compared_business_statuses"]),
    )


def _ids(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def parse_requirement(data: dict[str, Any]) -> Requirement:
    rule_id = data.get("rule_id")
    level = data.get("level", "any")
    if level not in (1, "any"):
        raise StandardDataError(f"{rule_id}：注册等级只能为 1 或 any")
    minimum = int(data["min_people"])
    any_specialty = bool(data.get("any_specialty", False))
    if minimum < 1 or not (data.get("specialties") or any_specialty):
        raise StandardDataError(f"{rule_id}：人数须为正数且须列出专业（或 any_specialty: true）")
    return Requirement(
        rule_id=str(rule_id),
        text=str(data["text"]),
        min_people=minimum,
        level=1 if level == 1 else None,
        specialties=frozenset() if any_specialty else frozenset(data["specialties"]),
        clause=str(data.get("clause") or ""),
        unconfirmed=bool(data.get("unconfirmed", False)),
        sources=_ids(data.get("sources")),
        disagreement=str(data.get("disagreement") or ""),
        any_specialty=any_specialty,
    )


def _qualification(data: dict[str, Any]) -> QualificationStandard:
    requirements = tuple(parse_requirement(r) for r in data.get("requirements") or ())
    reason = data.get("no_constructor_count")
    if reason and requirements:
        raise StandardDataError(f"{data['name']}：已说明无注册建造师人数要求，不能再列出要求")
    return QualificationStandard(
        name=str(data["name"]),
        requirements=requirements,
        unconfirmed=bool(data.get("unconfirmed", False)),
        note=str(data.get("note") or ""),
        clause=str(data.get("clause") or ""),
        sources=_ids(data.get("sources")),
        no_constructor_count=str(reason) if reason else None,
    )


def _sources(data: dict[str, Any] | None) -> dict[str, Source]:
    out = {}
    for key, value in (data or {}).items():
        value = value or {}
        out[str(key)] = Source(
            id=str(key),
            title=str(value.get("title", "")),
            url=str(value.get("url") or ""),
            repo=str(value.get("repo") or ""),
            path=str(value.get("path") or ""),
            publisher=str(value.get("publisher") or ""),
            read_on=str(value.get("read_on") or ""),
        )
    return out


def _own_parts(data: dict[str, Any], base: BaseLookup | None) -> dict[str, Any]:
    """qualifications, sources, policy: the version's own, or derived from its base."""
    own_sources = _sources(data.get("sources"))
    spec = data.get("derive")
    if not spec:
        quals = [_qualification(q) for q in data["qualifications"]]
        names = [q.name for q in quals]
        if len(set(names)) != len(names):
            raise StandardDataError(
                "资质名称重复：" + "、".join(n for n in names if names.count(n) > 1)
            )
        return {
            "qualifications": {q.name: q for q in quals},
            "sources": own_sources,
            "policy": _policy(data["counting"]),
        }
    parent = base(str(spec["from"])) if base else None
    if parent is None:
        raise StandardDataError(f"派生版本的基础版本不存在：{spec['from']}")
    restore = base(str(spec["restore_from"])) if base and spec.get("restore_from") else None
    if spec.get("restore_from") and restore is None:
        raise StandardDataError(f"要恢复指标的版本不存在：{spec['restore_from']}")
    inherited = {**(restore.sources if restore else {}), **parent.sources}
    clash = set(own_sources) & set(inherited)
    if clash:
        raise StandardDataError(f"来源编号与基础版本重复：{'、'.join(sorted(clash))}")
    try:
        derived = derive(spec, parent, parse_requirement, restore)
    except DerivationError as exc:
        raise StandardDataError(str(exc)) from exc
    return {
        **derived,
        "sources": {**inherited, **own_sources},
        "policy": _policy(data["counting"]) if data.get("counting") else parent.policy,
        "derived_from": parent.version,
    }


def parse_standard(data: dict[str, Any], base: BaseLookup | None = None) -> Standard:
    """Build a Standard from the parsed YAML of one version; raises StandardDataError.

    `base` finds the version a derived one names in `derive: {from: ...}`.
    """
    try:
        parts = _own_parts(data, base)
        standard = Standard(
            version=str(data["version"]),
            title=str(data["title"]),
            document=str(data["document"]),
            effective_from=_date(data["effective_from"], "生效日期"),
            effective_until=(
                _date(data["effective_until"], "失效日期") if data.get("effective_until") else None
            ),
            status=str(data.get("status", "draft")),
            document_date=(
                _date(data["document_date"], "印发日期") if data.get("document_date") else None
            ),
            chosen_by_date=bool(data.get("chosen_by_date", True)),
            reasoning=str(data.get("reasoning") or "").strip(),
            **parts,
        )
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, StandardDataError):
            raise
        raise StandardDataError(f"标准数据缺少字段或格式错误：{exc}") from exc
    _check_unique_rule_ids(standard.all_requirements())
    _check_sources(standard)
    return standard


def _check_unique_rule_ids(pairs: Iterable[tuple[str, Requirement]]) -> None:
    seen: set[str] = set()
    for _, req in pairs:
        if req.rule_id in seen:
            raise StandardDataError(f"规则编号重复：{req.rule_id}")
        seen.add(req.rule_id)


def _check_sources(standard: Standard) -> None:
    cited = [(q.name, s) for q in standard.qualifications.values() for s in q.sources]
    cited += [(r.rule_id, s) for _, r in standard.all_requirements() for s in r.sources]
    unknown = [f"{who}：{s}" for who, s in cited if s not in standard.sources]
    if unknown:
        raise StandardDataError("引用了未列出的来源：" + "；".join(unknown[:5]))


def parse_yaml(text: str, base: BaseLookup | None = None) -> Standard:
    return parse_standard(load_mapping(text), base)


def load_mapping(text: str) -> dict[str, Any]:
    """The YAML mapping, the caller's own copy (the same text is read again at every start
    and reference-data load: its parsed form is kept)."""
    return copy.deepcopy(_parsed_mapping(text))


@lru_cache(maxsize=16)
def _parsed_mapping(text: str) -> dict[str, Any]:
    try:
        data = yamltext.safe_load(text)
    except yaml.YAMLError as exc:
        raise StandardDataError(f"YAML 格式错误：{exc}") from exc
    if not isinstance(data, dict):
        raise StandardDataError("标准数据应为一个 YAML 映射")
    return data


def builtin_texts() -> list[str]:
    """The built-in versions' YAML, bases before the versions derived from them (by name)."""
    folder = resources.files("hecha.standards").joinpath("data/standards")
    files = sorted((p for p in folder.iterdir() if p.name.endswith(".yaml")), key=lambda p: p.name)
    return [p.read_text("utf-8") for p in files]


def parse_all(texts: Iterable[str]) -> list[Standard]:
    """Parse versions in order; each may derive from one parsed before it."""
    parsed: dict[str, Standard] = {}
    for text in texts:
        standard = parse_yaml(text, parsed.get)
        parsed[standard.version] = standard
    return list(parsed.values())


def builtin_standards() -> list[Standard]:
    return parse_all(builtin_texts())


def standard_in_force(standards: Iterable[Standard], day: date) -> Standard | None:
    """The published version the law applies on `day` (the latest to take effect, if several).

    A version that is only a reading the bureau may select (`chosen_by_date: false`) is never
    chosen here.
    """
    candidates = [
        s for s in standards if s.status == "published" and s.chosen_by_date and s.in_force_on(day)
    ]
    return max(candidates, key=lambda s: s.effective_from, default=None)
