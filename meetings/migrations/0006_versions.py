"""Optimistic concurrency (issue 23): a `version` on meeting and agreement (common.versions)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("meetings", "0005_committees")]

    operations = [
        migrations.AddField(
            model_name="agreement",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name="version"),
        ),
        migrations.AddField(
            model_name="historicalagreement",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name="version"),
        ),
        migrations.AddField(
            model_name="historicalmeeting",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name="version"),
        ),
        migrations.AddField(
            model_name="meeting",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name="version"),
        ),
    ]
