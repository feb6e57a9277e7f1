import pytest

from tests.checks.factories import Population


@pytest.fixture
def population(reference_data):
    return Population()
