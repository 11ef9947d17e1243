# The archive's order: newest first by year, then day, undated last (issue 18).
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("communications", "0003_archive")]

    operations = [
        migrations.AlterModelOptions(
            name="document",
            options={
                "ordering": [
                    models.OrderBy(models.F("year"), descending=True, nulls_last=True),
                    models.OrderBy(models.F("date"), descending=True, nulls_last=True),
                    "-pk",
                ],
                "verbose_name": "archive document",
                "verbose_name_plural": "archive documents",
            },
        ),
    ]
