"""Shared fixtures: reference data and the fixed personas of STYLE.md §8."""

import os

import pytest


def pytest_configure(config):
    """Passwords hashed fast in the tests' own process, as Django's testing guide advises: the
    production hasher (PBKDF2, a million rounds, ~0.25 s) would cost minutes over the suite's
    users and logins. Servers the tests start as subprocesses keep the real hasher."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Each test starts with an empty cache (_fresh_cache); the file caches live in the shared
    # HECHA_HOME, so each xdist worker gets folders of its own, or one worker's clearing would
    # empty another's rate-limit counters mid-test.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    for cache in settings.CACHES.values():
        if cache["BACKEND"].endswith("FileBasedCache"):
            cache["LOCATION"] = f"{cache['LOCATION']}-{worker}"


@pytest.fixture(autouse=True)
def _demonstration(settings):
    """Tests run as a demonstration deployment: documents may carry the local verification
    address and the demo contacts of bodies whose contacts are not set (documents tests that
    check the refusals of a real deployment turn this off)."""
    settings.HECHA_DEMO = True


def _load_reference_data() -> None:
    from hecha.reference import load_reference_data

    list(load_reference_data())


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Each worker's test database starts with the reference data (districts, holiday
    schedules, standards, templates), loaded once: a test's transaction rolls back to it, and a
    transactional test's flush loads it again (below). `reference_data` then finds it."""
    with django_db_blocker.unblock():
        _load_reference_data()


@pytest.fixture
def reference_data(db):
    _load_reference_data()


def _user(username, role, district_code=None):
    from hecha.accounts.models import District, User

    district = District.objects.get(code=district_code) if district_code else None
    return User.objects.create_user(
        username=username, password="pw-" + username, role=role, district=district
    )


@pytest.fixture
def heping_officer(reference_data):
    """A 和平区 district officer."""
    return _user("heping_officer", "district_officer", "210102")


@pytest.fixture
def shenhe_officer(reference_data):
    """A 沈河区 district officer."""
    return _user("shenhe_officer", "district_officer", "210103")


@pytest.fixture
def city_reviewer(reference_data):
    return _user("city_reviewer", "city_reviewer")


@pytest.fixture
def admin_user(reference_data):
    user = _user("admin", "admin")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


@pytest.fixture(autouse=True)
def _jobs_inline(settings):
    """Jobs run inside the request in tests (tests/jobs start a real consumer where needed)."""
    settings.HECHA_JOBS_IN_BACKGROUND = False


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The cache is a folder in HECHA_HOME shared by every test: job progress, rate-limit
    counters. Each test starts with it empty."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _own_audit_checkpoints(tmp_path, monkeypatch):
    """Checkpoints remember a chain; each test has its own chain, so its own folder."""
    monkeypatch.setenv("HECHA_AUDIT_CHECKPOINTS", str(tmp_path / "audit-checkpoints"))


@pytest.fixture(scope="session", autouse=True)
def _flush_lifts_the_audit_guards():
    """Django's flush (between transactional tests) empties every table, the append-only
    audit trail included: lift its triggers for the flush alone, and put them back.

    Patched on the class: connections are context-local, and a browser test's event loop
    sees a different connection object than the one this fixture would find."""
    from django.db.backends.base.operations import BaseDatabaseOperations

    from hecha.audit import guards

    original = BaseDatabaseOperations.execute_sql_flush

    def flush(self, sql_list):
        with self.connection.cursor() as cursor:
            guards.remove(cursor, self.connection.vendor)
        try:
            original(self, sql_list)
        finally:
            with self.connection.cursor() as cursor:
                guards.install(cursor, self.connection.vendor)
        _load_reference_data()  # as the database was before the test

    BaseDatabaseOperations.execute_sql_flush = flush
    yield
    BaseDatabaseOperations.execute_sql_flush = original


@pytest.fixture(autouse=True)
def _sessions_in_the_cache(settings):
    """Tests keep sessions in the file cache on every database, as the embedded default does
    (PostgreSQL without Redis keeps them in the database, which the two-server test's own
    processes use): query counts and the full-disk login mean the same on both databases."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"
