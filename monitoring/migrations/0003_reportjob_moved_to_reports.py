# The report jobs moved to the reports app (issue 15): monitoring forgets the model, the
# table stays (reports.0001 takes it over, reports.0002 renames it).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('monitoring', '0002_report_jobs'),
        ('reports', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name='ReportJob')],
        ),
    ]
