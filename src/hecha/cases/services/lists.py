"""The rows of the lists a batch step produces, exactly as the system holds them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from hecha.cases.models import Case


def list_rows(cases: Iterable[Case]) -> list[dict[str, Any]]:
    from hecha.documents.issuing import finding_words

    return [
        {
            "case": c.pk,
            "uscc": c.uscc,
            "enterprise_name": c.enterprise_name,
            "district_code": c.district_id,
            "findings": finding_words(c),
            "notices_on": c.notices_on.isoformat() if c.notices_on else "",
            "mailing_address": c.mailing_address,
        }
        for c in cases
    ]
