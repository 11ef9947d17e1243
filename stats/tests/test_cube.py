"""The cube's dimensions, values and measures load from stats/data/cube.yaml, once."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from members.models import Country
from stats.loaders import load_cube
from stats.models import Dimension, DimensionValue, Measure, StatisticsReturn

pytestmark = pytest.mark.django_db


def test_the_cube_loads_once_with_its_sources(coalition):
    load_cube()
    assert load_cube() == {"dimensions": 0, "dimension values": 0, "measures": 0}
    assert list(Dimension.objects.values_list("code", flat=True)) == [
        "sex",
        "age",
        "exploitation",
        "citizenship",
        "crime",
    ]
    assert all(d.source for d in Dimension.objects.all())
    children = DimensionValue.objects.get(dimension__code="age", code="0-17")
    assert list(children.children.values_list("code", flat=True)) == ["0-11", "12-17"]
    # Every breakdown that a total is balanced against has its "unknown" category.
    for code in ("sex", "age", "exploitation", "citizenship"):
        assert DimensionValue.objects.filter(dimension__code=code, is_unknown=True).exists()
    victims = Measure.objects.get(code="victims_identified")
    assert victims.sdg_16_2_2 and ["age", "sex"] in victims.breakdowns


def test_one_return_per_country_and_period(coalition):
    gt = Country.objects.get(iso_code="GT")
    StatisticsReturn.objects.create(country=gt, year=2025)
    StatisticsReturn.objects.create(country=gt, year=2025, semester=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        StatisticsReturn.objects.create(country=gt, year=2025)
    with pytest.raises(IntegrityError), transaction.atomic():
        StatisticsReturn.objects.create(country=gt, year=2025, semester=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        StatisticsReturn.objects.create(country=gt, year=2025, semester=3)


def test_the_demo_statistics_are_published_once(coalition, st_user, focal_point_hn):
    """load_demo_stats: invented figures, entered and published through the services (so
    they pass every check), demo population marked as such; a second run adds nothing."""
    from django.core.management import call_command

    from stats.models import Population

    call_command("load_demo_stats")
    published = StatisticsReturn.objects.filter(state=StatisticsReturn.State.PUBLISHED)
    assert sorted(published.values_list("country__iso_code", "year")) == [
        ("HN", 2024),
        ("HN", 2025),
    ]
    assert Population.objects.exists() and not Population.objects.filter(is_demo=False).exists()
    call_command("load_demo_stats")
    assert StatisticsReturn.objects.count() == 2
