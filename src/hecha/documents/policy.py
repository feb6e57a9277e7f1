"""The law and the bureau's policy that documents print: provisions with their sources
(data/legal.yaml) and the periods the law leaves to the bureau (data/policy.yaml), computed as
dates on the official working-day calendar, each with its basis."""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from hecha import yamltext
from hecha.law.periods import LegalDate, workdays_after


def _data(name: str) -> dict[str, Any]:
    text = resources.files("hecha.documents").joinpath(f"data/{name}").read_text("utf-8")
    return yamltext.safe_load(text)


@cache
def legal() -> dict[str, Any]:
    return _data("legal.yaml")


@cache
def policy() -> dict[str, Any]:
    return _data("policy.yaml")


def provision(key: str) -> dict[str, Any]:
    """A provision of law as printed. Only confirmed provisions may be printed."""
    row = legal()["provisions"][key]
    if not row.get("confirmed") or row.get("never_cite"):
        raise KeyError(f"{key} is not a confirmed provision to print")
    return row


def cites(keys: list[str]) -> str:
    """The provisions as the document's basis names them: 《…》第二十八条；《…》四（二）."""
    return "；".join(provision(k)["cite"] for k in keys)


def period_date(key: str, start: date, calendar=None) -> LegalDate:
    """The last day of a policy period that runs from `start`, with its basis and source."""
    from hecha.calendars.services import work_calendar

    row = policy()["periods"][key]
    result = workdays_after(start, row["working_days"], calendar=calendar or work_calendar())
    basis = (
        f"{row['basis']}（{row['from']}之日 {start.isoformat()}；{row['source'].split('。')[0]}）"
    )
    return LegalDate(result.value, basis, result.provisional_years)


def hearing() -> dict[str, Any]:
    return policy()["hearing"]


def materials(kind: str) -> list[str]:
    return list(policy()["materials"][kind])
