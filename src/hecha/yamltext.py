"""YAML data read with libyaml's C parser where PyYAML has it (ten times faster on the 80 KB
standard, which every `hecha init` and every test's reference data reads), with the
pure-Python safe loader otherwise; both build the same plain data and raise yaml.YAMLError."""

from __future__ import annotations

from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str | bytes) -> Any:
    return yaml.load(text, Loader=_LOADER)
