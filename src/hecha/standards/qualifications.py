"""Qualification names and registered-constructor specialties, read against the catalogue.

A qualification name is category + sequence + grade (《建筑业企业资质标准》, 建市〔2014〕159号);
certificates write grades as 壹/贰/叁 too. Specialties depend on the registration level: a
二级 registration in a specialty only 一级 has is invalid. Messages are Chinese, for the user.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from hecha import yamltext

# Separators between specialties: ; ； 、 , and the full-width comma.
_SPECIALTY_SEPARATORS = re.compile(r"[;；、,，]")
_SPACES = re.compile(r"[\s\u3000]+")
_GRADE_DIGITS = str.maketrans({"壹": "一", "贰": "二", "叁": "三"})
LEVEL_WORDS = {1: "一级", 2: "二级"}


@dataclass(frozen=True)
class QualificationName:
    name: str  # normalised: 建筑工程施工总承包三级
    category: str
    sequence: str
    grade: str


@dataclass(frozen=True)
class Catalogue:
    qualifications: dict[str, QualificationName]
    specialties: dict[int, tuple[str, ...]]
    certificate_types: dict[str, int]
    business_statuses: tuple[str, ...]


def _every_combination(sequences: dict[str, Any]) -> dict[str, QualificationName]:
    names = {}
    for sequence, data in sequences.items():
        for category in data["categories"]:
            for grade in data["grades"]:
                prefix = category if category == sequence else category + sequence
                names[prefix + grade] = QualificationName(prefix + grade, category, sequence, grade)
    return names


def _qualifications(
    sequences: dict[str, Any], defined: list[str] | None
) -> dict[str, QualificationName]:
    """The names the standard defines (each category with the grades it really has), or every
    category × grade combination when no standard's list is named."""
    combinations = _every_combination(sequences)
    if defined is None:
        return combinations
    unknown = [n for n in defined if n not in combinations]
    if unknown:
        raise ValueError(f"标准中的资质名称不合目录：{'、'.join(unknown)}")
    return {n: combinations[n] for n in defined}


def _defined_names(source: str | None) -> list[str] | None:
    """The qualification names listed by the standard's data file (catalogue.yaml `names_from`)."""
    if not source:
        return None
    text = resources.files("hecha.standards").joinpath(f"data/{source}").read_text("utf-8")
    return [str(q["name"]) for q in yamltext.safe_load(text)["qualifications"]]


def catalogue_sequences() -> dict[str, Any]:
    text = resources.files("hecha.standards").joinpath("data/catalogue.yaml").read_text("utf-8")
    return yamltext.safe_load(text)["sequences"]


def parse_catalogue(data: dict[str, Any]) -> Catalogue:
    return Catalogue(
        qualifications=_qualifications(data["sequences"], _defined_names(data.get("names_from"))),
        specialties={int(k): tuple(v) for k, v in data["specialties"].items()},
        certificate_types={str(k): int(v) for k, v in data["certificate_types"].items()},
        business_statuses=tuple(data["business_statuses"]),
    )


@cache
def catalogue() -> Catalogue:
    text = resources.files("hecha.standards").joinpath("data/catalogue.yaml").read_text("utf-8")
    return parse_catalogue(yamltext.safe_load(text))


def normalise_qualification(text: str) -> str:
    """Spaces dropped, 壹/贰/叁 read as 一/二/三."""
    return _SPACES.sub("", text).translate(_GRADE_DIGITS)


def parse_qualification(text: str) -> QualificationName | None:
    """The catalogue entry the name stands for, or None for a name outside the catalogue."""
    return catalogue().qualifications.get(normalise_qualification(text))


def certificate_level(text: str) -> int | None:
    """1 or 2 for 一级/二级注册建造师 (壹/贰 accepted), None for any other type."""
    return catalogue().certificate_types.get(normalise_qualification(text))


def _specialty_problem(name: str, level: int) -> str:
    specialties = catalogue().specialties
    if any(name in names for names in specialties.values()):
        return f"{LEVEL_WORDS[level]}注册建造师无“{name}”专业（该专业仅一级注册建造师有）"
    return f"未知的注册专业：{name}"


def parse_specialties(text: str, *, level: int) -> tuple[tuple[str, ...], str | None]:
    """The specialties listed (catalogue order, no repeats) and a problem, or None if valid."""
    allowed = catalogue().specialties.get(level, ())
    names = {_SPACES.sub("", part) for part in _SPECIALTY_SEPARATORS.split(text)} - {""}
    if not names:
        return (), "注册专业不能为空"
    for name in sorted(names):
        if name not in allowed:
            return (), _specialty_problem(name, level)
    return tuple(s for s in allowed if s in names), None
