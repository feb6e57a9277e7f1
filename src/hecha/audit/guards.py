"""The database triggers that keep the audit trail append-only.

Installed by migration 0002. The test suite lifts them only around Django's `flush`, which
empties every table between transactional tests.
"""

SQLITE_INSTALL = [
    "CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE ON audit_auditentry "
    "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_entry_no_delete BEFORE DELETE ON audit_auditentry "
    "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END",
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_entry_no_update",
    "DROP TRIGGER IF EXISTS audit_entry_no_delete",
]
POSTGRES_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_entry_no_change ON audit_auditentry",
    "DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_auditentry",
]
POSTGRES_INSTALL = [
    *POSTGRES_REMOVE,
    "CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'audit entries are append-only' USING ERRCODE = 'restrict_violation'; END; $$ LANGUAGE plpgsql",
    "CREATE TRIGGER audit_entry_no_change BEFORE UPDATE OR DELETE ON audit_auditentry "
    "FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()",
    "CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_auditentry "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only()",
]

_INSTALL = {"sqlite": SQLITE_INSTALL, "postgresql": POSTGRES_INSTALL}
_REMOVE = {"sqlite": SQLITE_REMOVE, "postgresql": POSTGRES_REMOVE}


def install(cursor, vendor: str) -> None:
    for sql in _INSTALL.get(vendor, []):
        cursor.execute(sql)


def remove(cursor, vendor: str) -> None:
    for sql in _REMOVE.get(vendor, []):
        cursor.execute(sql)


def app_role_grants(role: str) -> list[str]:
    """PostgreSQL: what the role the application runs as may do — read and write every table
    but change nothing on the audit trail except appending (SELECT, INSERT). Run by the
    tables' owner (`hecha init --app-role ROLE`). The role must not be a superuser and must
    not own the tables: then it cannot disable the triggers, drop them, or set
    session_replication_role."""
    import re

    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,62}", role):
        raise ValueError(f"角色名不合法：{role}")
    name = f'"{role}"'
    return [
        f"GRANT USAGE ON SCHEMA public TO {name}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {name}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {name}",
        f"REVOKE UPDATE, DELETE, TRUNCATE ON audit_auditentry FROM {name}",
        f"GRANT SELECT, INSERT ON audit_auditentry TO {name}",
    ]
