"""The huey instance: SQLite in $HECHA_HOME on the embedded default, Redis when
HECHA_REDIS_URL is set (several servers then share one queue)."""

from __future__ import annotations

from django.conf import settings
from huey import Huey, RedisHuey, SqliteHuey


def _make() -> Huey:
    if settings.HECHA_REDIS_URL:
        return RedisHuey(settings.HECHA_QUEUE_NAME, url=settings.HECHA_REDIS_URL)
    return SqliteHuey(
        settings.HECHA_QUEUE_NAME, filename=str(settings.HECHA_HOME / "queue.sqlite3"), timeout=30
    )


HUEY = _make()
