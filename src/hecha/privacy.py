"""Who sees a person's full 身份证号, and how everyone else sees it.

An ID number is shown masked everywhere: the first six characters (the 地址码, which says where
the number was issued and which district officers need to tell people apart) and the last four,
e.g. 210102********1234. Only a city lead (市局负责人) may reveal a full number, one person at a
time, by an explicit action that writes an audit entry: the lead signs the decisions whose
addressees must be identified beyond doubt, and answers for the data's use. Officers compare
people by name, masked number and registration number, which is enough to tell them apart.
"""

from __future__ import annotations

import re
from typing import Any

UNMASK_ROLES = frozenset({"city_lead"})
_ID_LIKE = re.compile(r"(?<![0-9A-Za-z])([0-9]{6})([0-9]{5,8})([0-9]{3}[0-9Xx])(?![0-9A-Za-z])")


def mask_id(value: Any) -> str:
    """210102198001011234 -> 210102********1234; short or empty text is masked whole but its
    length kept, so that a wrong length stays visible."""
    text = "" if value is None else str(value)
    if len(text) <= 10:
        return "*" * len(text)
    return text[:6] + "*" * (len(text) - 10) + text[-4:]


def mask_ids_in(text: Any) -> str:
    """Every 15- or 18-character ID number inside a text masked (messages, notes)."""
    return _ID_LIKE.sub(lambda m: m[1] + "*" * len(m[2]) + m[3], "" if text is None else str(text))


def may_unmask(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False)) and (
        getattr(user, "role", None) in UNMASK_ROLES
    )


def reveal_ids(user: Any, enterprise: Any, id_numbers: list[str]) -> None:
    """Record that the user was shown these people's full ID numbers on the enterprise's page.
    The entry names them masked: the audit trail must not become a copy of the numbers."""
    from django.db import transaction

    from hecha.audit.services import log_action

    if not may_unmask(user):
        raise PermissionError("只有市局负责人可以查看完整身份证号")
    with transaction.atomic():
        log_action(
            action="privacy.id_numbers_revealed",
            actor=user,
            object_type="registry.enterprise",
            object_id=enterprise.uscc,
            district_code=enterprise.district_id,
            data={"uscc": enterprise.uscc, "count": len(id_numbers),
                  "id_numbers": [mask_id(i) for i in id_numbers]},
        )  # fmt: skip
