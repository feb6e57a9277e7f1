"""The stages of a case (CONTRACT.md §6), in order along the main path."""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    FLAGGED = "flagged"
    NOTICES_ISSUED = "notices_issued"
    ENTERPRISE_CONTACTED = "enterprise_contacted"
    SUBMITTED_TO_CITY = "submitted_to_city"
    MAILED = "mailed"
    ANNOUNCED = "announced"
    RECTIFYING = "rectifying"
    DISTRICT_RECHECK = "district_recheck"
    CITY_RECHECK = "city_recheck"
    REVOCATION_NOTICED = "revocation_noticed"
    REVOKED = "revoked"
    RECTIFIED = "rectified"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return STAGE_LABELS[self]

    @property
    def closed(self) -> bool:
        return self in CLOSED


STAGE_LABELS = {
    Stage.FLAGGED: "异常待处理",
    Stage.NOTICES_ISSUED: "已制发通知书",
    Stage.ENTERPRISE_CONTACTED: "已电话告知",
    Stage.SUBMITTED_TO_CITY: "已报送市局",
    Stage.MAILED: "已邮寄",
    Stage.ANNOUNCED: "已公告",
    Stage.RECTIFYING: "整改中",
    Stage.DISTRICT_RECHECK: "区县复查",
    Stage.CITY_RECHECK: "市局二次复查",
    Stage.REVOCATION_NOTICED: "撤回告知",
    Stage.REVOKED: "已撤回资质",
    Stage.RECTIFIED: "整改达标",
    Stage.WITHDRAWN: "撤销核查",
}
CLOSED = frozenset({Stage.REVOKED, Stage.RECTIFIED, Stage.WITHDRAWN})
OPEN = tuple(s for s in Stage if s not in CLOSED)
