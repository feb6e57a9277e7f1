"""Placeholder: loading the built-in holiday schedules."""


def load_builtin_schedules() -> list[int]:
    return []
