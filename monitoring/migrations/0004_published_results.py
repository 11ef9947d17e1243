"""Published results (issue 17): ST publishes a closed period's official figures
(ReportingPeriod.published_at / published_by, kept in the period's history); the database
refuses a published period that is not closed."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0003_reportjob_moved_to_reports"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalreportingperiod",
            name="published_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="results published at"),
        ),
        migrations.AddField(
            model_name="historicalreportingperiod",
            name="published_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="results published by",
            ),
        ),
        migrations.AddField(
            model_name="reportingperiod",
            name="published_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="results published at"),
        ),
        migrations.AddField(
            model_name="reportingperiod",
            name="published_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="results published by",
            ),
        ),
        migrations.AddConstraint(
            model_name="reportingperiod",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("published_at__isnull", True), ("status", "closed"), _connector="OR"
                ),
                name="period_published_only_closed",
                violation_error_code="period_not_closed",
            ),
        ),
    ]
