# The regional agreements of 003 §IV.C (issue 18): a third scope of LegalInstrument and the
# exact date some of them carry. Written by hand in the lead's placeholder.
from django.db import migrations, models

SCOPE = models.CharField(
    choices=[
        ("international", "International"),
        ("regional", "Regional"),
        ("agreement", "Regional agreement"),
    ],
    max_length=15,
    verbose_name="scope",
)


def date_field():
    return models.DateField(
        blank=True,
        help_text="When the source gives the exact day.",
        null=True,
        verbose_name="date",
    )


class Migration(migrations.Migration):
    dependencies = [("members", "0005_data_protection")]

    operations = [
        migrations.AddField(
            model_name="historicallegalinstrument", name="date", field=date_field()
        ),
        migrations.AddField(model_name="legalinstrument", name="date", field=date_field()),
        migrations.AlterField(
            model_name="historicallegalinstrument", name="scope", field=SCOPE.clone()
        ),
        migrations.AlterField(model_name="legalinstrument", name="scope", field=SCOPE.clone()),
    ]
