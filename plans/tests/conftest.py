from __future__ import annotations

import pytest

from plans.loaders import load_plan
from plans.models import POA


@pytest.fixture
def plan_loaded(coalition) -> POA:
    """The coalition, the Strategic Plan 2018–2027 and POA 2018 loaded from the data file."""
    load_plan()
    return POA.objects.select_related("plan").get(year=2018)
