from __future__ import annotations

import pytest

from monitoring import services
from monitoring.models import ReportingPeriod
from monitoring.tests.factories import DUE, OPENS, small_poa
from plans.models import POA


@pytest.fixture
def poa(db) -> POA:
    return small_poa()


@pytest.fixture
def period(poa, coalition, st_user) -> ReportingPeriod:
    """Semester I of the small POA, opened by ST for the 9 member countries."""
    return services.reporting_period_open(
        user=st_user, poa=poa, semester=1, opens_on=OPENS, due_on=DUE
    )
