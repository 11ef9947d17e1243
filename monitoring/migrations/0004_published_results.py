from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0003_reportjob_moved_to_reports")]

    operations = []
