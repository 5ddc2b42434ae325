"""Fixtures of the disputes tests: the small org tree, a reconsideration clerk, the 2026 calendar."""

import pytest

from fazhi.core.tests.conftest import calendar  # noqa: F401


@pytest.fixture
def clerk(org, calendar):  # noqa: F811
    from fazhi.core.choices import Role, Scope
    from fazhi.core.tests.factories import make_user

    return make_user("zsfj_fy", org.zhou_sfj, (Role.LEGAL_STAFF, Scope.AGENCY))
