# Agreements made public by the Plenary (issue 18): the date and the decision ST recorded.
from django.db import migrations, models

MADE_PUBLIC_ON = dict(blank=True, null=True, verbose_name="made public on")
PUBLIC_REFERENCE = dict(
    blank=True,
    help_text="The meeting or minutes where the Plenary decided to make it public.",
    max_length=300,
    verbose_name="decision to make it public",
)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0006_versions")]

    operations = [
        migrations.AddField(
            model_name="agreement",
            name="made_public_on",
            field=models.DateField(**MADE_PUBLIC_ON),
        ),
        migrations.AddField(
            model_name="agreement",
            name="public_reference",
            field=models.CharField(**PUBLIC_REFERENCE),
        ),
        migrations.AddField(
            model_name="historicalagreement",
            name="made_public_on",
            field=models.DateField(**MADE_PUBLIC_ON),
        ),
        migrations.AddField(
            model_name="historicalagreement",
            name="public_reference",
            field=models.CharField(**PUBLIC_REFERENCE),
        ),
    ]
