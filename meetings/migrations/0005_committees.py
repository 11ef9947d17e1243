# Issue 16, committee sessions and decisions (helper COMM): a committee session belongs to
# its committee (and only a committee session has one), whose member countries make its
# quorum and vote; its adopted decisions are CommitteeDecision rows numbered per committee
# (PC-2026-01), apart from the Coalition's agreements, linked to the POA activities whose
# indicator counts them (003 §X: "Número de Acuerdos tomados por el Comité").
#
# A database holding a committee session without its committee (or a committee on another
# kind of meeting) stops here with the meetings to fix: which committee met is not for a
# migration to guess.

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


def refuse_sessions_without_their_committee(apps, schema_editor):
    Meeting = apps.get_model("meetings", "Meeting")
    wrong = list(
        Meeting.objects.filter(
            models.Q(kind="committee", committee__isnull=True)
            | (~models.Q(kind="committee") & models.Q(committee__isnull=False))
        ).values_list("pk", "title")
    )
    if wrong:
        rows = "; ".join(f"#{pk} {title}" for pk, title in wrong)
        raise RuntimeError(
            "A committee session needs its committee and only a committee session has one "
            f"(issue 16). Fix these meetings' kind or committee, then migrate again: {rows}."
        )


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0004_agenda_minutes'),
        ('members', '0003_committees_offices'),
        ('plans', '0002_indicator_records'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='CommitteeDecision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.CharField(max_length=30, unique=True, verbose_name='number')),
                ('year', models.PositiveIntegerField(verbose_name='year')),
                ('sequence', models.PositiveIntegerField(verbose_name='sequence')),
                ('decided_on', models.DateField(verbose_name='decided on')),
                ('text', models.TextField(verbose_name='text')),
                ('version', models.PositiveIntegerField(default=1, verbose_name='version')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'verbose_name': 'committee decision',
                'verbose_name_plural': 'committee decisions',
                'ordering': ['committee', '-year', '-sequence'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalCommitteeDecision',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('number', models.CharField(db_index=True, max_length=30, verbose_name='number')),
                ('year', models.PositiveIntegerField(verbose_name='year')),
                ('sequence', models.PositiveIntegerField(verbose_name='sequence')),
                ('decided_on', models.DateField(verbose_name='decided on')),
                ('text', models.TextField(verbose_name='text')),
                ('version', models.PositiveIntegerField(default=1, verbose_name='version')),
                ('created_at', models.DateTimeField(blank=True, editable=False)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ],
            options={
                'verbose_name': 'historical committee decision',
                'verbose_name_plural': 'historical committee decisions',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(refuse_sessions_without_their_committee, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='meeting',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'committee'), ('committee__isnull', False)), models.Q(models.Q(('kind', 'committee'), _negated=True), ('committee__isnull', True)), _connector='OR'), name='committee_session_iff_committee', violation_error_code='committee_session_needs_committee', violation_error_message='A committee session needs its committee, and only a committee session has one.'),
        ),
        migrations.AddField(
            model_name='committeedecision',
            name='activities',
            field=models.ManyToManyField(blank=True, help_text='POA activities this decision advances.', related_name='committee_decisions', to='plans.activity', verbose_name='POA activities'),
        ),
        migrations.AddField(
            model_name='committeedecision',
            name='committee',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='decisions', to='members.committee', verbose_name='committee'),
        ),
        migrations.AddField(
            model_name='committeedecision',
            name='meeting',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='committee_decisions', to='meetings.meeting', verbose_name='session'),
        ),
        migrations.AddField(
            model_name='committeedecision',
            name='motion',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='committee_decision', to='meetings.motion', verbose_name='motion'),
        ),
        migrations.AddField(
            model_name='historicalcommitteedecision',
            name='committee',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='members.committee', verbose_name='committee'),
        ),
        migrations.AddField(
            model_name='historicalcommitteedecision',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalcommitteedecision',
            name='meeting',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='meetings.meeting', verbose_name='session'),
        ),
        migrations.AddField(
            model_name='historicalcommitteedecision',
            name='motion',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='meetings.motion', verbose_name='motion'),
        ),
        migrations.AddConstraint(
            model_name='committeedecision',
            constraint=models.UniqueConstraint(fields=('committee', 'year', 'sequence'), name='committee_decision_number_unique'),
        ),
    ]
