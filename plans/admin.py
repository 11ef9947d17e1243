"""Read-only admin of the plan, the POAs and the plan's evidence records, for audit (history
included). Every one of these models carries rules that live in plans.services: the weight
rule (plans.selectors.weights_check: siblings' weights all empty or adding up to 100), the
wording the ST may change and the numbering it may not, semester targets, the POA's copy and
approval, measurements only for indicators the platform cannot compute, and the records'
registration and validation (issue #6). An admin form would save behind the services' back
(before this, weights were editable inline here), so the admin shows and never changes: no
add, change or delete, on the models or their inlines. Changes go through the pages or the
API, which call the services."""

from __future__ import annotations

from django.contrib import admin

from common.admin import ReadOnlyAdmin, ReadOnlyInline
from plans import models


class StatementInline(ReadOnlyInline, admin.TabularInline):
    model = models.PlanStatement
    fields = ["kind", "position", "name"]


class AxisInline(ReadOnlyInline, admin.TabularInline):
    model = models.Axis
    fields = ["number", "name", "weight"]


@admin.register(models.StrategicPlan)
class StrategicPlanAdmin(ReadOnlyAdmin):
    list_display = ["name", "start_year", "end_year"]
    inlines = [StatementInline, AxisInline]


class ObjectiveInline(ReadOnlyInline, admin.TabularInline):
    model = models.StrategicObjective
    fields = ["code", "position", "text", "weight"]


@admin.register(models.Axis)
class AxisAdmin(ReadOnlyAdmin):
    list_display = ["number", "name", "plan", "weight"]
    list_filter = ["plan"]
    inlines = [ObjectiveInline]


class ResultInline(ReadOnlyInline, admin.StackedInline):
    model = models.ExpectedResult


@admin.register(models.StrategicObjective)
class StrategicObjectiveAdmin(ReadOnlyAdmin):
    list_display = ["code", "axis", "short_text", "weight"]
    list_filter = ["axis"]
    list_select_related = ["axis"]
    search_fields = ["code", "text"]
    inlines = [ResultInline]

    @admin.display(description=models.StrategicObjective._meta.get_field("text").verbose_name)
    def short_text(self, obj):
        return obj.text[:100]


class IndicatorInline(ReadOnlyInline, admin.StackedInline):
    model = models.Indicator


@admin.register(models.ExpectedResult)
class ExpectedResultAdmin(ReadOnlyAdmin):
    list_display = ["code", "objective", "position"]
    list_select_related = ["objective"]
    search_fields = ["code", "text"]
    inlines = [IndicatorInline]


class MeasurementInline(ReadOnlyInline, admin.TabularInline):
    model = models.IndicatorMeasurement
    fields = ["year", "country", "value", "source"]


@admin.register(models.Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "result", "kind", "unit", "measure"]
    list_filter = ["kind", "measure"]
    list_select_related = ["result"]
    search_fields = ["text"]
    inlines = [MeasurementInline]


@admin.register(models.IndicatorMeasurement)
class IndicatorMeasurementAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "year", "country", "value", "source"]
    list_filter = ["year", "country"]
    list_select_related = ["indicator", "country"]


class OperationalObjectiveInline(ReadOnlyInline, admin.TabularInline):
    model = models.OperationalObjective
    fields = ["code", "strategic_objective", "position", "text", "source_code", "weight"]


class POAAxisWeightInline(ReadOnlyInline, admin.TabularInline):
    model = models.POAAxisWeight
    fields = ["axis", "weight"]


class POAObjectiveWeightInline(ReadOnlyInline, admin.TabularInline):
    model = models.POAObjectiveWeight
    fields = ["objective", "weight"]


class POAReopeningInline(ReadOnlyInline, admin.TabularInline):
    model = models.POAReopening
    fields = ["opened_at", "opened_by", "reason", "closed_at", "closed_by"]


@admin.register(models.POA)
class POAAdmin(ReadOnlyAdmin):
    """The lock (locked_at) and the reopenings are the services' (plans.services.locks):
    shown here, never changed; so are the POA's own axis and objective weights."""

    list_display = ["year", "plan", "status", "approved_on", "approving_agreement", "locked_at"]
    list_filter = ["status"]
    inlines = [
        POAAxisWeightInline,
        POAObjectiveWeightInline,
        POAReopeningInline,
        OperationalObjectiveInline,
    ]


@admin.register(models.POAReopening)
class POAReopeningAdmin(ReadOnlyAdmin):
    list_display = ["poa", "opened_at", "opened_by", "closed_at", "closed_by"]
    list_filter = ["poa"]
    list_select_related = ["poa", "opened_by", "closed_by"]


class ActivityInline(ReadOnlyInline, admin.StackedInline):
    model = models.Activity
    fk_name = "operational_objective"
    fields = ["code", "description", "goal", "semester_1", "semester_2", "weight"]


@admin.register(models.OperationalObjective)
class OperationalObjectiveAdmin(ReadOnlyAdmin):
    list_display = ["code", "poa", "strategic_objective", "source_code", "weight"]
    list_filter = ["poa", "strategic_objective__axis"]
    list_select_related = ["poa", "strategic_objective"]
    search_fields = ["code", "text"]
    inlines = [ActivityInline]


class ResponsibleInline(ReadOnlyInline, admin.TabularInline):
    model = models.ActivityResponsible
    fields = ["kind", "committee", "national_body"]


@admin.register(models.Activity)
class ActivityAdmin(ReadOnlyAdmin):
    list_display = ["code", "operational_objective", "semester_1", "semester_2", "weight"]
    list_filter = ["operational_objective__poa", "responsibles__kind"]
    list_select_related = ["operational_objective__poa"]
    search_fields = ["code", "description", "goal", "indicator"]
    inlines = [ResponsibleInline]


@admin.register(models.PlanStatement)
class PlanStatementAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "position", "plan"]
    list_filter = ["kind"]


# --- Plan evidence records (issue #6): registration and validation go through the record
# pages (plans.services), which enforce the rules.


class InstrumentStageInline(ReadOnlyInline, admin.TabularInline):
    model = models.InstrumentStage
    fields = ["stage", "date", "approved_by", "approving_act", "validated_at", "validated_by"]


@admin.register(models.PlanInstrument)
class PlanInstrumentAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "country", "indicator", "validated_at"]
    list_filter = ["kind", "country", "validated_at"]
    list_select_related = ["country", "indicator"]
    search_fields = ["title"]
    inlines = [InstrumentStageInline]


class ReplicationInline(ReadOnlyInline, admin.TabularInline):
    model = models.Replication
    fields = ["country", "institution", "date", "validated_at"]


@admin.register(models.GoodPractice)
class GoodPracticeAdmin(ReadOnlyAdmin):
    list_display = ["title", "country", "institution", "axis", "validated_at"]
    list_filter = ["country", "axis", "validated_at"]
    list_select_related = ["country", "axis"]
    search_fields = ["title", "institution"]
    inlines = [ReplicationInline]


@admin.register(models.Actor)
class ActorAdmin(ReadOnlyAdmin):
    list_display = ["name", "acronym", "kind", "level", "country", "priority"]
    list_filter = ["kind", "level", "priority"]
    list_select_related = ["country"]
    search_fields = ["name", "acronym"]


@admin.register(models.Alliance)
class AllianceAdmin(ReadOnlyAdmin):
    list_display = ["actor", "type", "level", "start_date", "end_date", "status", "validated_at"]
    list_filter = ["type", "level", "status", "actor__kind"]
    list_select_related = ["actor"]


@admin.register(models.JointAction)
class JointActionAdmin(ReadOnlyAdmin):
    list_display = ["title", "date", "country", "validated_at"]
    list_filter = ["country", "actors__kind"]
    list_select_related = ["country"]
    search_fields = ["title"]
