from __future__ import annotations

import pytest

from monitoring.models import ReportingPeriod
from monitoring.tests.factories import open_period, small_poa
from plans.models import POA


@pytest.fixture
def poa(db) -> POA:
    return small_poa()


@pytest.fixture
def period(poa, coalition, st_user) -> ReportingPeriod:
    """Semester I of the small POA, opened by ST for the 9 member countries."""
    return open_period(st_user, poa)
