from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("meetings", "0005_committees")]

    operations = []
