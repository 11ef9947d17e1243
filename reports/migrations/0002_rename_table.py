from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0001_initial'),
        ('monitoring', '0003_reportjob_moved_to_reports'),
    ]

    operations = [
        migrations.AlterModelTable(name='reportjob', table=None),
    ]
