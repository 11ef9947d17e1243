from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from plans import models


class StatementInline(admin.TabularInline):
    model = models.PlanStatement
    extra = 0


class AxisInline(admin.TabularInline):
    model = models.Axis
    extra = 0
    fields = ["number", "name", "weight"]


@admin.register(models.StrategicPlan)
class StrategicPlanAdmin(SimpleHistoryAdmin):
    list_display = ["name", "start_year", "end_year"]
    inlines = [StatementInline, AxisInline]


class ObjectiveInline(admin.TabularInline):
    model = models.StrategicObjective
    extra = 0
    fields = ["code", "position", "text", "weight"]


@admin.register(models.Axis)
class AxisAdmin(SimpleHistoryAdmin):
    list_display = ["number", "name", "plan", "weight"]
    list_filter = ["plan"]
    inlines = [ObjectiveInline]


class ResultInline(admin.StackedInline):
    model = models.ExpectedResult
    extra = 0


@admin.register(models.StrategicObjective)
class StrategicObjectiveAdmin(SimpleHistoryAdmin):
    list_display = ["code", "axis", "short_text", "weight"]
    list_filter = ["axis"]
    list_select_related = ["axis"]
    search_fields = ["code", "text"]
    inlines = [ResultInline]

    @admin.display(description=models.StrategicObjective._meta.get_field("text").verbose_name)
    def short_text(self, obj):
        return obj.text[:100]


class IndicatorInline(admin.StackedInline):
    model = models.Indicator
    extra = 0


@admin.register(models.ExpectedResult)
class ExpectedResultAdmin(SimpleHistoryAdmin):
    list_display = ["code", "objective", "position"]
    list_select_related = ["objective"]
    search_fields = ["code", "text"]
    inlines = [IndicatorInline]


class MeasurementInline(admin.TabularInline):
    model = models.IndicatorMeasurement
    extra = 0


@admin.register(models.Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "result", "kind", "unit", "measure"]
    list_filter = ["kind", "measure"]
    list_select_related = ["result"]
    search_fields = ["text"]
    inlines = [MeasurementInline]


@admin.register(models.IndicatorMeasurement)
class IndicatorMeasurementAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "year", "country", "value", "source"]
    list_filter = ["year", "country"]
    list_select_related = ["indicator", "country"]


class OperationalObjectiveInline(admin.TabularInline):
    model = models.OperationalObjective
    extra = 0
    fields = ["code", "strategic_objective", "position", "text", "source_code", "weight"]


@admin.register(models.POA)
class POAAdmin(SimpleHistoryAdmin):
    list_display = ["year", "plan", "status", "approved_on", "approving_agreement"]
    list_filter = ["status"]
    inlines = [OperationalObjectiveInline]


class ActivityInline(admin.StackedInline):
    model = models.Activity
    extra = 0
    fk_name = "operational_objective"
    raw_id_fields = ["continues"]


@admin.register(models.OperationalObjective)
class OperationalObjectiveAdmin(SimpleHistoryAdmin):
    list_display = ["code", "poa", "strategic_objective", "source_code", "weight"]
    list_filter = ["poa", "strategic_objective__axis"]
    list_select_related = ["poa", "strategic_objective"]
    search_fields = ["code", "text"]
    inlines = [ActivityInline]


class ResponsibleInline(admin.TabularInline):
    model = models.ActivityResponsible
    extra = 0


@admin.register(models.Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ["code", "operational_objective", "semester_1", "semester_2", "weight"]
    list_filter = ["operational_objective__poa", "responsibles__kind"]
    list_select_related = ["operational_objective__poa"]
    search_fields = ["code", "description", "goal", "indicator"]
    raw_id_fields = ["continues"]
    inlines = [ResponsibleInline]


@admin.register(models.PlanStatement)
class PlanStatementAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "position", "plan"]
    list_filter = ["kind"]


# --- Plan evidence records (issue #6). The admin is for corrections; registration and
# validation go through the record pages (plans.services), which enforce the rules.


class InstrumentStageInline(admin.TabularInline):
    model = models.InstrumentStage
    extra = 0
    fields = ["stage", "date", "approved_by", "approving_act", "validated_at", "validated_by"]
    raw_id_fields = ["validated_by"]


@admin.register(models.PlanInstrument)
class PlanInstrumentAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "country", "indicator", "validated_at"]
    list_filter = ["kind", "country", "validated_at"]
    list_select_related = ["country", "indicator"]
    search_fields = ["title"]
    raw_id_fields = ["registered_by", "validated_by"]
    inlines = [InstrumentStageInline]


class ReplicationInline(admin.TabularInline):
    model = models.Replication
    extra = 0
    fields = ["country", "institution", "date", "validated_at"]


@admin.register(models.GoodPractice)
class GoodPracticeAdmin(SimpleHistoryAdmin):
    list_display = ["title", "country", "institution", "axis", "validated_at"]
    list_filter = ["country", "axis", "validated_at"]
    list_select_related = ["country", "axis"]
    search_fields = ["title", "institution"]
    raw_id_fields = ["registered_by", "validated_by"]
    inlines = [ReplicationInline]


@admin.register(models.Actor)
class ActorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "acronym", "kind", "level", "country", "priority"]
    list_filter = ["kind", "level", "priority"]
    list_select_related = ["country"]
    search_fields = ["name", "acronym"]
    raw_id_fields = ["registered_by", "parent"]


@admin.register(models.Alliance)
class AllianceAdmin(SimpleHistoryAdmin):
    list_display = ["actor", "type", "level", "start_date", "end_date", "status", "validated_at"]
    list_filter = ["type", "level", "status", "actor__kind"]
    list_select_related = ["actor"]
    raw_id_fields = ["registered_by", "validated_by"]


@admin.register(models.JointAction)
class JointActionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "date", "country", "validated_at"]
    list_filter = ["country", "actors__kind"]
    list_select_related = ["country"]
    search_fields = ["title"]
    filter_horizontal = ["actors"]
    raw_id_fields = ["registered_by", "validated_by"]
