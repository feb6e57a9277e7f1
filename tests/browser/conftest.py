"""Browser tests: pytest-playwright driving Debian's Chromium (never `playwright install`).

They run wherever /usr/bin/chromium exists; without it they skip with the reason, except
under CI (HECHA_BROWSER_TESTS=1), where a missing browser is a failure.
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("HECHA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# Playwright's sync API runs an event loop in the test thread; the test's own ORM calls are
# still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM):
        return
    if os.environ.get("HECHA_BROWSER_TESTS") == "1":
        raise pytest.UsageError(f"HECHA_BROWSER_TESTS=1 but no Chromium at {CHROMIUM}")
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


@pytest.fixture
def inline_imports(settings, tmp_path):
    settings.HECHA_JOBS_IN_BACKGROUND = False
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def no_policy_violations(request):
    """Every page a browser test opens keeps to the Content-Security-Policy: no inline
    script or style, nothing from another origin (a violation is a console error)."""
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    yield
    assert not violations, violations


@pytest.fixture
def log_in(live_server, page):
    def as_user(username, password=None):
        page.goto(live_server.url + "/accounts/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(password or "pw-" + username)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(live_server.url + "/")
        return page

    return as_user
