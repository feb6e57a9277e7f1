"""What changed between two versions of the standards, and from when (the later's date)."""

from __future__ import annotations

from dataclasses import dataclass

from hecha.standards.model import QualificationStandard, Requirement, Standard


@dataclass(frozen=True)
class Change:
    qualification: str
    what: str  # 新增要求 | 取消要求 | 修改要求 | 新增资质 | 删除资质
    before: str
    after: str


def _words(req: Requirement, unconfirmed: bool) -> str:
    mark = "（待核实）" if unconfirmed else ""
    return f"{req.text}：{req.min_people}人，{req.level_label()}，{req.specialty_label()}{mark}"


def _entry_words(entry: QualificationStandard | None) -> str:
    if entry is None:
        return "目录中没有该资质"
    return "无注册建造师人数要求：" + entry.not_assessed_reason()


def _requirement_changes(name: str, a: Standard, b: Standard) -> list[Change]:
    before = {r.rule_id: r for r in a.requirements_for(name)}
    after = {r.rule_id: r for r in b.requirements_for(name)}
    changes = []
    for rule_id in sorted(before.keys() | after.keys()):
        old, new = before.get(rule_id), after.get(rule_id)
        old_words = _words(old, a.unconfirmed(name, old)) if old else ""
        new_words = _words(new, b.unconfirmed(name, new)) if new else ""
        if old is None and new is not None:
            before_words = _entry_words(a.qualifications.get(name))
            changes.append(Change(name, "新增要求", before_words, new_words))
        elif new is None and old is not None:
            after_words = _entry_words(b.qualifications.get(name))
            changes.append(Change(name, "取消要求", old_words, after_words))
        elif old and new and (old_words != new_words or old.clause != new.clause):
            changes.append(Change(name, "修改要求", old_words, new_words))
    return changes


def compare_standards(a: Standard, b: Standard) -> list[Change]:
    """Every difference in registered-constructor requirements from `a` to `b`."""
    changes = []
    for name in sorted(a.qualifications.keys() | b.qualifications.keys()):
        if name not in b.qualifications:
            changes.append(
                Change(name, "删除资质", _entry_words(a.qualifications[name]), "目录中没有该资质")
            )
        elif name not in a.qualifications:
            changes.append(
                Change(name, "新增资质", "目录中没有该资质", _entry_words(b.qualifications[name]))
            )
        else:
            changes.extend(_requirement_changes(name, a, b))
    return changes
