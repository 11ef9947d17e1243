from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_rename_table")]

    operations = []
