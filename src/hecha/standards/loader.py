"""Reading standards from their YAML data files, with validation of the data itself."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from importlib import resources
from typing import Any

import yaml

from hecha.standards.model import (
    EXCLUSION_REASONS,
    CountingPolicy,
    QualificationStandard,
    Requirement,
    Standard,
)


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


def _requirement(data: dict[str, Any]) -> Requirement:
    level = data.get("level", "any")
    if level not in (1, "any"):
        raise StandardDataError(f"{data.get('rule_id')}：注册等级只能为 1 或 any")
    minimum = int(data["min_people"])
    if minimum < 1 or not data.get("specialties"):
        raise StandardDataError(f"{data.get('rule_id')}：人数须为正数且须列出专业")
    return Requirement(
        rule_id=str(data["rule_id"]),
        text=str(data["text"]),
        min_people=minimum,
        level=1 if level == 1 else None,
        specialties=frozenset(data["specialties"]),
        clause=str(data.get("clause", "")),
        unconfirmed=bool(data.get("unconfirmed", False)),
    )


def parse_standard(data: dict[str, Any]) -> Standard:
    """Build a Standard from the parsed YAML of one version; raises StandardDataError."""
    try:
        quals = [_qualification(q) for q in data["qualifications"]]
        standard = Standard(
            version=str(data["version"]),
            title=str(data["title"]),
            document=str(data["document"]),
            effective_from=_date(data["effective_from"], "生效日期"),
            effective_until=(
                _date(data["effective_until"], "失效日期") if data.get("effective_until") else None
            ),
            status=str(data.get("status", "draft")),
            policy=_policy(data["counting"]),
            qualifications={q.name: q for q in quals},
        )
    except (KeyError, TypeError) as exc:
        raise StandardDataError(f"标准数据缺少字段或格式错误：{exc}") from exc
    _check_unique_rule_ids(standard.all_requirements())
    return standard


def _qualification(data: dict[str, Any]) -> QualificationStandard:
    return QualificationStandard(
        name=str(data["name"]),
        requirements=tuple(_requirement(r) for r in data.get("requirements") or ()),
        unconfirmed=bool(data.get("unconfirmed", False)),
        note=str(data.get("note", "")),
    )


def _check_unique_rule_ids(pairs: Iterable[tuple[str, Requirement]]) -> None:
    seen: set[str] = set()
    for _, req in pairs:
        if req.rule_id in seen:
            raise StandardDataError(f"规则编号重复：{req.rule_id}")
        seen.add(req.rule_id)


def parse_yaml(text: str) -> Standard:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise StandardDataError(f"YAML 格式错误：{exc}") from exc
    if not isinstance(data, dict):
        raise StandardDataError("标准数据应为一个 YAML 映射")
    return parse_standard(data)


def builtin_standards() -> list[Standard]:
    folder = resources.files("hecha.standards").joinpath("data/standards")
    files = sorted((p for p in folder.iterdir() if p.name.endswith(".yaml")), key=lambda p: p.name)
    return [parse_yaml(p.read_text("utf-8")) for p in files]


def standard_in_force(standards: Iterable[Standard], day: date) -> Standard | None:
    """The published version in force on `day` (the latest to take effect, if several)."""
    candidates = [s for s in standards if s.status == "published" and s.in_force_on(day)]
    return max(candidates, key=lambda s: s.effective_from, default=None)
