"""Read-only admin of the regional statistics (docs/architecture.md): returns and figures
change only through stats.services (who, which state, checks, history); the cube is loaded
from stats/data/cube.yaml."""

from django.contrib import admin

from common.admin import ReadOnlyAdmin, ReadOnlyInline
from stats.models import (
    Dimension,
    DimensionValue,
    Figure,
    Measure,
    Population,
    StatisticsReturn,
)


class DimensionValueInline(ReadOnlyInline, admin.TabularInline):
    model = DimensionValue
    fields = ["code", "name_es", "name_en", "parent", "is_unknown", "position"]
    fk_name = "dimension"


@admin.register(Dimension)
class DimensionAdmin(ReadOnlyAdmin):
    list_display = ["code", "name_es", "name_en", "kind", "position"]
    inlines = [DimensionValueInline]


@admin.register(DimensionValue)
class DimensionValueAdmin(ReadOnlyAdmin):
    list_display = ["dimension", "code", "name_es", "name_en", "parent", "is_unknown"]
    list_filter = ["dimension", "is_unknown"]


@admin.register(Measure)
class MeasureAdmin(ReadOnlyAdmin):
    list_display = ["code", "name_es", "name_en", "breakdowns", "sdg_16_2_2"]


class FigureInline(ReadOnlyInline, admin.TabularInline):
    model = Figure
    fields = ["measure", "breakdown", "cell", "value"]


@admin.register(StatisticsReturn)
class StatisticsReturnAdmin(ReadOnlyAdmin):
    list_display = ["country", "year", "semester", "state", "submitted_at", "published_at"]
    list_filter = ["state", "country", "year"]
    inlines = [FigureInline]


@admin.register(Figure)
class FigureAdmin(ReadOnlyAdmin):
    list_display = ["statistics_return", "measure", "cell", "value"]
    list_filter = ["measure", "statistics_return__country", "statistics_return__year"]
    list_select_related = ["statistics_return__country", "measure"]


@admin.register(Population)
class PopulationAdmin(ReadOnlyAdmin):
    list_display = ["country", "year", "sex", "age", "value", "is_demo"]
    list_filter = ["country", "year", "is_demo"]
