from datetime import date

import pytest


@pytest.fixture
def demo_registry(reference_data, tmp_path):
    """A generated registry of 200 enterprises, imported, and a city-wide comparison run."""
    from hecha.checks.services.runs import start_check_run
    from hecha.demo.generator import generate
    from hecha.registry.services.importing import import_directory

    generate(tmp_path / "data", enterprises=200, as_of=date(2026, 11, 24))
    import_directory(directory=tmp_path / "data", user=None)
    return start_check_run(user=None, as_of=date(2026, 11, 24))


def first_enterprise(district: str):
    from hecha.registry.models import Enterprise

    return Enterprise.objects.filter(is_current=True, district_id=district).order_by("uscc").first()


from tests.cases.conftest import campaign, city_lead  # noqa: E402, F401


@pytest.fixture
def login(client):

    def as_user(user):
        client.force_login(user)
        return client

    return as_user
