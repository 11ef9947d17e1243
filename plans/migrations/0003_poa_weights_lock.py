"""Issue 17, "locked means locked": a POA's lock (locked_at, set when one of its reporting
periods closes) and its audited reopenings; the axis and strategic-objective weights kept per
POA, so changing the plan's weights never rewrites a past year. Existing POAs get the plan's
current weights, and those with a closed reporting period are locked."""

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models

import plans.models.plan


def fill_weights_and_lock(apps, schema_editor):
    POA = apps.get_model("plans", "POA")
    Axis = apps.get_model("plans", "Axis")
    StrategicObjective = apps.get_model("plans", "StrategicObjective")
    POAAxisWeight = apps.get_model("plans", "POAAxisWeight")
    POAObjectiveWeight = apps.get_model("plans", "POAObjectiveWeight")
    ReportingPeriod = apps.get_model("monitoring", "ReportingPeriod")
    for poa in POA.objects.all():
        POAAxisWeight.objects.bulk_create(
            [
                POAAxisWeight(poa=poa, axis=axis, weight=axis.weight)
                for axis in Axis.objects.filter(plan_id=poa.plan_id)
            ],
            ignore_conflicts=True,
        )
        POAObjectiveWeight.objects.bulk_create(
            [
                POAObjectiveWeight(poa=poa, objective=objective, weight=objective.weight)
                for objective in StrategicObjective.objects.filter(axis__plan_id=poa.plan_id)
            ],
            ignore_conflicts=True,
        )
        closed = ReportingPeriod.objects.filter(poa=poa, status="closed")
        if closed.exists():
            last = closed.exclude(closed_at=None).order_by("-closed_at").first()
            poa.locked_at = last.closed_at if last else django.utils.timezone.now()
            poa.save(update_fields=["locked_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0002_indicator_records"),
        ("monitoring", "0001_progress_reports"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalpoa",
            name="locked_at",
            field=models.DateTimeField(
                blank=True,
                help_text="Set when a reporting period of this POA is closed: from then on its weights and semester targets change only through an audited reopening.",
                null=True,
                verbose_name="locked since",
            ),
        ),
        migrations.AddField(
            model_name="poa",
            name="locked_at",
            field=models.DateTimeField(
                blank=True,
                help_text="Set when a reporting period of this POA is closed: from then on its weights and semester targets change only through an audited reopening.",
                null=True,
                verbose_name="locked since",
            ),
        ),
        migrations.CreateModel(
            name="HistoricalPOAAxisWeight",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "weight",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        help_text="Empty: equal share among its siblings.",
                        max_digits=5,
                        null=True,
                        validators=[plans.models.plan.validate_weight],
                        verbose_name="weight (%)",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "axis",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="plans.axis",
                        verbose_name="axis",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "poa",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="plans.poa",
                        verbose_name="POA",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical axis weight in a POA",
                "verbose_name_plural": "historical axis weights in a POA",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalPOAObjectiveWeight",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "weight",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        help_text="Empty: equal share among its siblings.",
                        max_digits=5,
                        null=True,
                        validators=[plans.models.plan.validate_weight],
                        verbose_name="weight (%)",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "objective",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="plans.strategicobjective",
                        verbose_name="strategic objective",
                    ),
                ),
                (
                    "poa",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="plans.poa",
                        verbose_name="POA",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical strategic objective weight in a POA",
                "verbose_name_plural": "historical strategic objective weights in a POA",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalPOAReopening",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("reason", models.TextField(verbose_name="reason for reopening")),
                ("opened_at", models.DateTimeField(verbose_name="reopened at")),
                (
                    "closed_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="locked again at"),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "closed_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="locked again by",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "opened_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="reopened by",
                    ),
                ),
                (
                    "poa",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="plans.poa",
                        verbose_name="POA",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical reopening of a POA",
                "verbose_name_plural": "historical reopenings of a POA",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="POAAxisWeight",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "weight",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        help_text="Empty: equal share among its siblings.",
                        max_digits=5,
                        null=True,
                        validators=[plans.models.plan.validate_weight],
                        verbose_name="weight (%)",
                    ),
                ),
                (
                    "axis",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="poa_weights",
                        to="plans.axis",
                        verbose_name="axis",
                    ),
                ),
                (
                    "poa",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="axis_weights",
                        to="plans.poa",
                        verbose_name="POA",
                    ),
                ),
            ],
            options={
                "verbose_name": "axis weight in a POA",
                "verbose_name_plural": "axis weights in a POA",
                "ordering": ["poa", "axis__number"],
                "constraints": [
                    models.UniqueConstraint(fields=("poa", "axis"), name="poa_axis_weight_unique")
                ],
            },
        ),
        migrations.CreateModel(
            name="POAObjectiveWeight",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "weight",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        help_text="Empty: equal share among its siblings.",
                        max_digits=5,
                        null=True,
                        validators=[plans.models.plan.validate_weight],
                        verbose_name="weight (%)",
                    ),
                ),
                (
                    "objective",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="poa_weights",
                        to="plans.strategicobjective",
                        verbose_name="strategic objective",
                    ),
                ),
                (
                    "poa",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="objective_weights",
                        to="plans.poa",
                        verbose_name="POA",
                    ),
                ),
            ],
            options={
                "verbose_name": "strategic objective weight in a POA",
                "verbose_name_plural": "strategic objective weights in a POA",
                "ordering": ["poa", "objective__axis__number", "objective__position"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("poa", "objective"), name="poa_objective_weight_unique"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="POAReopening",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("reason", models.TextField(verbose_name="reason for reopening")),
                ("opened_at", models.DateTimeField(verbose_name="reopened at")),
                (
                    "closed_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="locked again at"),
                ),
                (
                    "closed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="locked again by",
                    ),
                ),
                (
                    "opened_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="reopened by",
                    ),
                ),
                (
                    "poa",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reopenings",
                        to="plans.poa",
                        verbose_name="POA",
                    ),
                ),
            ],
            options={
                "verbose_name": "reopening of a POA",
                "verbose_name_plural": "reopenings of a POA",
                "ordering": ["poa", "-opened_at"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("closed_at__isnull", True)),
                        fields=("poa",),
                        name="poa_one_open_reopening",
                    )
                ],
            },
        ),
        migrations.RunPython(fill_weights_and_lock, migrations.RunPython.noop),
    ]
