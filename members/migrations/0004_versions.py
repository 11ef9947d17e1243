"""Optimistic concurrency (issue 23): a `version` on person and designation (common.versions)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("members", "0003_committees_offices")]

    operations = [
        migrations.AddField(
            model_name="designation",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name="version"),
        ),
        migrations.AddField(
            model_name="historicaldesignation",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name="version"),
        ),
        migrations.AddField(
            model_name="historicalperson",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name="version"),
        ),
        migrations.AddField(
            model_name="person",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name="version"),
        ),
    ]
