"""The portal's tests reuse the normative-document fixtures: the people, the real calendar, the walker."""

from fazhi.documents.tests.conftest import calendar, dp, walker  # noqa: F401
