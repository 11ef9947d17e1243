from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("plans", "0002_indicator_records")]

    operations = []
