"""The audit key: the secret that signs the audit chain (HMAC-SHA256), kept outside the
database so that someone who can write the database cannot re-sign an edited chain.

Where it comes from, first found wins:
- `HECHA_AUDIT_KEY` — the key itself (at least 32 characters), e.g. from the service
  manager's credentials;
- `HECHA_AUDIT_KEY_FILE` — a file holding it (e.g. /etc/hecha/audit_key, readable by
  Hecha's user and not by the database's);
- `$HECHA_HOME/audit_key` — made on first use, 0600.

Each entry and checkpoint names the key by its fingerprint (`key_id`), never the key.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from functools import cache
from pathlib import Path

from django.conf import settings

from hecha import private

MIN_LENGTH = 32


class AuditKeyError(Exception):
    """The key is missing or unusable; the message is Chinese."""


def _key_file() -> Path:
    named = os.environ.get("HECHA_AUDIT_KEY_FILE")
    return Path(named) if named else Path(settings.HECHA_HOME) / "audit_key"


def _read_or_make(path: Path) -> bytes:
    if not path.exists():
        if os.environ.get("HECHA_AUDIT_KEY_FILE"):
            raise AuditKeyError(f"审计密钥文件不存在：{path}")
        private.write_text(path, secrets.token_hex(32))
    return path.read_text(encoding="utf-8").strip().encode()


@cache
def key() -> bytes:
    raw = os.environ.get("HECHA_AUDIT_KEY", "").strip().encode() or _read_or_make(_key_file())
    if len(raw) < MIN_LENGTH:
        raise AuditKeyError(f"审计密钥过短：至少 {MIN_LENGTH} 个字符")
    return raw


def key_id() -> str:
    return hashlib.sha256(b"hecha-audit-key:" + key()).hexdigest()[:16]


def sign(message: bytes) -> str:
    return hmac.new(key(), message, hashlib.sha256).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
