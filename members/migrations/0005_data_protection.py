from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("members", "0004_versions")]

    operations = []
