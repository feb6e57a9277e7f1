"""PostgreSQL: Hecha runs as a role that is neither a superuser nor the tables' owner
(`hecha init --app-role ROLE`, README "Running on PostgreSQL"). As that role the audit trail
can be read and appended to, and nothing else: no UPDATE, DELETE or TRUNCATE, no disabling
or dropping the triggers, no session_replication_role. Hecha's own work still runs.

Needs a database role named in HECHA_TEST_APP_ROLE (LOGIN, NOSUPERUSER); `.ci/run` makes it
and runs the whole PostgreSQL suite as another non-superuser role, the tables' owner."""

import os
import subprocess
import sys
from datetime import date

import psycopg
import pytest
from django.db import connection, transaction

ROLE = os.environ.get("HECHA_TEST_APP_ROLE", "")

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not ROLE, reason="HECHA_TEST_APP_ROLE not set (PostgreSQL role tests)"),
]


@pytest.fixture
def app_role(reference_data):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    from hecha.commands.init import _grant

    assert _grant(ROLE) == 0
    with transaction.atomic():
        from hecha.audit.services import log_action

        log_action(action="test.event", data={"n": 1})
    params = connection.get_connection_params()
    params.update(user=ROLE, password=os.environ.get("HECHA_TEST_APP_PASSWORD", ""))
    with psycopg.connect(**{k: v for k, v in params.items() if v != ""}, autocommit=True) as conn:
        yield conn


def test_the_role_is_no_superuser_and_owns_nothing(app_role):
    cur = app_role.cursor()
    assert cur.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone() == (
        False,
    )
    owner = cur.execute(
        "SELECT tableowner FROM pg_tables WHERE tablename = 'audit_auditentry'"
    ).fetchone()
    assert owner != (ROLE,)
    with connection.cursor() as mine:  # the suite's own role is no superuser either
        mine.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        assert mine.fetchone() == (False,)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditentry SET action = 'x'",
        "DELETE FROM audit_auditentry",
        "TRUNCATE audit_auditentry",
        "ALTER TABLE audit_auditentry DISABLE TRIGGER ALL",
        "DROP TRIGGER audit_entry_no_change ON audit_auditentry",
        "SET session_replication_role = replica",
    ],
)
def test_the_app_role_cannot_change_the_trail_or_its_guards(app_role, statement):
    from hecha.audit.models import AuditEntry

    before = list(AuditEntry.objects.values_list("seq", "action", "hash"))
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        app_role.execute(statement)
    assert list(AuditEntry.objects.values_list("seq", "action", "hash")) == before


def test_hecha_runs_as_the_app_role(app_role, tmp_path):
    """Import, compare, create a user and verify the trail through the command line, as
    the app role."""
    from hecha.demo.generator import generate

    generate(tmp_path / "data", enterprises=20, as_of=date(2026, 1, 2))
    params = connection.get_connection_params()
    url = f"postgresql://{ROLE}@{params.get('host') or '127.0.0.1'}:{params.get('port') or 5432}/{params['dbname']}"
    env = {**os.environ, "HECHA_DATABASE_URL": url}

    def hecha(*args):
        return subprocess.run([sys.executable, "-m", "hecha.cli", *args], env=env,
                              capture_output=True, text=True, timeout=300)  # fmt: skip

    for args in (["import", str(tmp_path / "data")], ["check", "--as-of", "2026-01-02", "--out", str(tmp_path / "f.json")],
                 ["user", "add", "app_made", "--password", "Shenyang-2026-x", "--role", "city_lead"],
                 ["audit", "verify"]):  # fmt: skip
        done = hecha(*args)
        assert done.returncode == 0, (args, done.stderr[-500:])
    assert "摘要链校验通过" in done.stdout
