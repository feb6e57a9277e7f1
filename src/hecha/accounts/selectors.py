"""Reads of accounts data that pages share."""

from __future__ import annotations

import time

from hecha.accounts.models import District

# The districts of a city change perhaps once a decade (an administrative re-division); a
# list page names one per row, so their names are read once a minute per process, not per row.
NAMES_TTL_SECONDS = 60.0
_names: dict[str, str] = {}
_names_read_at = float("-inf")


def district_names() -> dict[str, str]:
    """Code → name of every district, read at most once a minute per process."""
    global _names, _names_read_at
    now = time.monotonic()
    if now - _names_read_at > NAMES_TTL_SECONDS:
        _names = dict(District.objects.values_list("code", "name"))
        _names_read_at = now
    return _names


def forget_district_names() -> None:
    """Read the names afresh next time (after an edit, and between tests)."""
    global _names_read_at
    _names_read_at = float("-inf")
