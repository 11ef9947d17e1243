"""Data protection (issue 23): when a person's data was erased on request."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("members", "0004_versions")]

    operations = [
        migrations.AddField(
            model_name="historicalperson",
            name="anonymised_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="anonymised at"
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="anonymised_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="anonymised at"
            ),
        ),
    ]
