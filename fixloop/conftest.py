"""Fixtures shared by every app's tests."""

import pytest
from django.core.cache import cache

from fixloop.testing.world import build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Real hashing costs ~0.3 s per user; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Rate-limit counters live in the cache; no test may inherit another's.
    cache.clear()


@pytest.fixture(autouse=True)
def _no_login_lockout(settings):
    # django-axes needs the request in authenticate(); unit tests call it bare. Its own tests turn it on.
    settings.AXES_ENABLED = False
