"""Fixtures of the core tests that other modules' tests may use too."""

import pytest

CALENDAR_YEARS = (2025, 2026)


@pytest.fixture
def calendar(db):
    """The real 2025 and 2026 法定节假日 and 调休 days, seeded from the chinese-calendar package.

    Other years stay unknown, so a date in 2027 gives a provisional result with a warning.
    """
    from fazhi.core.calendar_admin import seed_from_package

    seed_from_package(CALENDAR_YEARS)
    return CALENDAR_YEARS


@pytest.fixture(autouse=True)
def _audit_checkpoint_file(settings, tmp_path):
    """Each test its own verified-checkpoint file (audit_verify keeps it outside the database)."""
    settings.FAZHI_AUDIT_CHECKPOINT_FILE = str(tmp_path / "audit-checkpoint.json")
