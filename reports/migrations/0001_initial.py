# The report jobs moved from monitoring to their own app (issue 15). The table stays where
# it is in this step (state only); reports.0002 renames it.

import django.db.models.deletion
import reports.models
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('monitoring', '0002_report_jobs'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='ReportJob',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('accountability', 'Accountability report'), ('minutes', 'Minutes of a meeting'), ('progress_report', 'Progress report of a national body')], max_length=20, verbose_name='kind')),
                        ('title', models.CharField(max_length=250, verbose_name='title')),
                        ('params', models.JSONField(default=dict, verbose_name='parameters')),
                        ('params_key', models.CharField(help_text='The parameters that make two requests the same report.', max_length=200, verbose_name='parameters key')),
                        ('language', models.CharField(choices=[('es', 'Spanish'), ('en', 'English')], max_length=5, verbose_name='language')),
                        ('state', models.CharField(choices=[('queued', 'Queued'), ('building', 'Building'), ('ready', 'Ready'), ('failed', 'Failed')], default='queued', max_length=10, verbose_name='state')),
                        ('error', models.TextField(blank=True, verbose_name='error')),
                        ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='attempts')),
                        ('task_id', models.CharField(blank=True, max_length=50, verbose_name='task id')),
                        ('queued_at', models.DateTimeField(auto_now_add=True, verbose_name='queued at')),
                        ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='started at')),
                        ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished at')),
                        ('snapshot', models.JSONField(blank=True, editable=False, null=True, verbose_name='data snapshot')),
                        ('snapshot_at', models.DateTimeField(blank=True, null=True, verbose_name='figures taken at')),
                        ('key', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('file', models.FileField(blank=True, max_length=300, storage=reports.models.report_storage, upload_to=reports.models.report_upload_to, verbose_name='file')),
                        ('pages', models.PositiveIntegerField(blank=True, null=True, verbose_name='pages')),
                        ('file_size', models.PositiveIntegerField(blank=True, null=True, verbose_name='size in bytes')),
                        ('timings', models.JSONField(blank=True, default=dict, help_text='Seconds spent gathering the data, rendering the HTML and laying out the PDF.', verbose_name='timings')),
                        ('requested_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='requested by')),
                    ],
                    options={
                        'db_table': 'monitoring_reportjob',
                        'verbose_name': 'report job',
                        'verbose_name_plural': 'report jobs',
                        'ordering': ['-queued_at', '-pk'],
                        'indexes': [models.Index(fields=['kind', 'state'], name='reportjob_kind_state')],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('state__in', ['queued', 'building'])), fields=('params_key',), name='reportjob_one_active_per_params', violation_error_code='report_already_requested')],
                    },
                ),
            ],
        ),
    ]
