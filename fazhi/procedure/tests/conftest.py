"""Fixtures of the procedure kernel tests."""

from fazhi.core.tests.conftest import calendar  # noqa: F401
