import pytest

from fixloop.parts.tests.stock import build_stock


@pytest.fixture
def stock(world):
    return build_stock(world)
