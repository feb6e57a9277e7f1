"""Built-in reference data loaded by `hecha init`: districts, holiday schedules (and later,
standards). Loading is idempotent: existing rows are updated, nothing is deleted."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources

from hecha import yamltext


def _districts_data() -> dict:
    text = resources.files("hecha.accounts").joinpath("data/districts.yaml").read_text("utf-8")
    return yamltext.safe_load(text)


def district_postcodes() -> dict[str, str]:
    """District code -> postal code, from the districts' data file."""
    return {row["code"]: row.get("postcode", "") for row in _districts_data()["districts"]}


def load_districts() -> int:
    from hecha.accounts.models import District

    data = _districts_data()
    for row in data["districts"]:
        District.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "city": data["city"]}
        )
    return len(data["districts"])


def load_reference_data() -> Iterator[str]:
    from hecha.calendars.services import load_builtin_schedules

    yield f"区县：{load_districts()} 个"
    from hecha.checks.services.standards import load_builtin_standards

    years = load_builtin_schedules()
    yield f"节假日安排：{', '.join(str(y) for y in years)} 年"
    yield f"资质标准版本：{', '.join(load_builtin_standards())}"
    from hecha.documents.services import load_builtin_templates

    yield f"文书模板：{len(load_builtin_templates())} 种"
