# Issue 16, agenda / votes / minutes / agreements (helper AGENDA): restricted agenda items
# and documents, agenda item and minutes versions (optimistic concurrency), withdrawn
# motions and consensus as the default method (003 §VI), and "overdue" no longer stored —
# it is derived when read (meetings.selectors.agreements) — so agreements the old daily
# job had marked overdue go back to the status they had before it.

from django.db import migrations, models

STORED = ("pending", "in_progress", "fulfilled", "cancelled")


def unstore_overdue(apps, schema_editor):
    Agreement = apps.get_model("meetings", "Agreement")
    HistoricalAgreement = apps.get_model("meetings", "HistoricalAgreement")
    for agreement in Agreement.objects.filter(status="overdue"):
        before = (
            HistoricalAgreement.objects.filter(id=agreement.pk, status__in=STORED)
            .order_by("-history_date", "-history_id")
            .values_list("status", flat=True)
            .first()
        )
        Agreement.objects.filter(pk=agreement.pk).update(status=before or "pending")


class Migration(migrations.Migration):
    dependencies = [('meetings', '0003_calendar')]

    operations = [
        migrations.RunPython(unstore_overdue, migrations.RunPython.noop),
        migrations.AddField(
            model_name='agendaitem',
            name='restricted',
            field=models.BooleanField(default=False, help_text='Observers and partner agencies do not see this item nor its decisions.', verbose_name='restricted (members only)'),
        ),
        migrations.AddField(
            model_name='agendaitem',
            name='version',
            field=models.PositiveIntegerField(default=1, verbose_name='version'),
        ),
        migrations.AddField(
            model_name='historicalagendaitem',
            name='restricted',
            field=models.BooleanField(default=False, help_text='Observers and partner agencies do not see this item nor its decisions.', verbose_name='restricted (members only)'),
        ),
        migrations.AddField(
            model_name='historicalagendaitem',
            name='version',
            field=models.PositiveIntegerField(default=1, verbose_name='version'),
        ),
        migrations.AddField(
            model_name='historicalmeetingdocument',
            name='restricted',
            field=models.BooleanField(default=False, help_text='Observers and partner agencies do not see this document.', verbose_name='restricted (members only)'),
        ),
        migrations.AddField(
            model_name='historicalminutes',
            name='version',
            field=models.PositiveIntegerField(default=1, verbose_name='version'),
        ),
        migrations.AddField(
            model_name='historicalmotion',
            name='withdrawal_reason',
            field=models.CharField(blank=True, max_length=300, verbose_name='reason for withdrawal'),
        ),
        migrations.AddField(
            model_name='historicalmotion',
            name='withdrawn_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='withdrawn at'),
        ),
        migrations.AddField(
            model_name='meetingdocument',
            name='restricted',
            field=models.BooleanField(default=False, help_text='Observers and partner agencies do not see this document.', verbose_name='restricted (members only)'),
        ),
        migrations.AddField(
            model_name='minutes',
            name='version',
            field=models.PositiveIntegerField(default=1, verbose_name='version'),
        ),
        migrations.AddField(
            model_name='motion',
            name='withdrawal_reason',
            field=models.CharField(blank=True, max_length=300, verbose_name='reason for withdrawal'),
        ),
        migrations.AddField(
            model_name='motion',
            name='withdrawn_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='withdrawn at'),
        ),
        migrations.AlterField(
            model_name='agreement',
            name='status',
            field=models.CharField(choices=[('pending', 'Pending'), ('in_progress', 'In progress'), ('fulfilled', 'Fulfilled'), ('cancelled', 'Cancelled')], default='pending', max_length=12, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='agreementfollowup',
            name='new_status',
            field=models.CharField(blank=True, choices=[('pending', 'Pending'), ('in_progress', 'In progress'), ('fulfilled', 'Fulfilled'), ('cancelled', 'Cancelled')], max_length=12, verbose_name='new status'),
        ),
        migrations.AlterField(
            model_name='historicalagreement',
            name='status',
            field=models.CharField(choices=[('pending', 'Pending'), ('in_progress', 'In progress'), ('fulfilled', 'Fulfilled'), ('cancelled', 'Cancelled')], default='pending', max_length=12, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='historicalagreementfollowup',
            name='new_status',
            field=models.CharField(blank=True, choices=[('pending', 'Pending'), ('in_progress', 'In progress'), ('fulfilled', 'Fulfilled'), ('cancelled', 'Cancelled')], max_length=12, verbose_name='new status'),
        ),
        migrations.AlterField(
            model_name='historicalmotion',
            name='decision_method',
            field=models.CharField(choices=[('consensus', 'Consensus'), ('vote', 'Vote')], default='consensus', max_length=10, verbose_name='decision method'),
        ),
        migrations.AlterField(
            model_name='historicalmotion',
            name='state',
            field=models.CharField(choices=[('draft', 'Draft'), ('open', 'Open'), ('closed', 'Closed'), ('published', 'Published'), ('withdrawn', 'Withdrawn')], default='draft', max_length=10, verbose_name='state'),
        ),
        migrations.AlterField(
            model_name='motion',
            name='decision_method',
            field=models.CharField(choices=[('consensus', 'Consensus'), ('vote', 'Vote')], default='consensus', max_length=10, verbose_name='decision method'),
        ),
        migrations.AlterField(
            model_name='motion',
            name='state',
            field=models.CharField(choices=[('draft', 'Draft'), ('open', 'Open'), ('closed', 'Closed'), ('published', 'Published'), ('withdrawn', 'Withdrawn')], default='draft', max_length=10, verbose_name='state'),
        ),
    ]
