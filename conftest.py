"""Suite-wide rules: under CI=true the run must be on PostgreSQL and must drive a real browser."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("FAZHI_CHROMIUM", "/usr/bin/chromium")


def _is_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def pytest_sessionstart(session):
    if not _is_ci():
        return
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    if os.environ.get("FAZHI_CI_SQLITE_PASS") != "1" and engine != "django.db.backends.postgresql":
        pytest.exit(f"CI=true requires PostgreSQL (DATABASE_URL); got {engine}", returncode=3)
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        pytest.exit(f"CI=true requires Chromium at {CHROMIUM}; browser tests may not be skipped", returncode=3)


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    on_postgres = connection.vendor == "postgresql"
    have_browser = os.path.exists(CHROMIUM)
    for item in items:
        if "postgres_only" in item.keywords and not on_postgres:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL row locks; runs in the PostgreSQL pass of CI"))
        if "browser" in item.keywords and not have_browser:
            if _is_ci():
                raise pytest.UsageError(f"browser test {item.nodeid} cannot run: no Chromium at {CHROMIUM}")
            item.add_marker(pytest.mark.skip(reason=f"no Chromium at {CHROMIUM} (install Debian's chromium)"))


@pytest.fixture
def org(db):
    from fazhi.core.tests.factories import build_org

    return build_org()


@pytest.fixture
def people(org):
    from fazhi.core.tests.factories import build_people

    return build_people(org)


@pytest.fixture(autouse=True)
def _fresh_local_caches():
    """Each test starts with empty per-worker caches (core.localcache): a filter dropdown or a navigation kept from
    an earlier test's rows, rolled back since, would otherwise show in this one."""
    from fazhi.core.localcache import clear_all

    clear_all()
    yield


@pytest.fixture
def instances_only(monkeypatch):
    """Switch the API lists back to model instances through their FilterSet (what DRF and django-filter give):
    the tests that compare the lists' shortcuts (core/api/value_rows.py, filtering.py) with the plain path."""
    from fazhi.core.api import base, filtering

    def switch():
        monkeypatch.setattr(base, "values_reader", lambda *args, **kwargs: None)
        monkeypatch.setattr(filtering, "names_no_filter", lambda request, view: False)

    return switch
