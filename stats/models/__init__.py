"""The regional statistics' data cube (issue 20; 002 d): aggregates only, never a record of
a person (SPEC "Statistics")."""

from stats.models.cube import Dimension, DimensionValue, Measure
from stats.models.returns import Figure, Population, StatisticsReturn

__all__ = [
    "Dimension",
    "DimensionValue",
    "Figure",
    "Measure",
    "Population",
    "StatisticsReturn",
]
