from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("plans", "0004_indicator_targets")]

    operations = []
