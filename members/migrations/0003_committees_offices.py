# Issue 16, committees and offices (helper COMM): committees' member countries (003 §I:
# the Petit Comité is "integrado por representantes de Costa Rica, Guatemala y Honduras"),
# a code that prefixes each committee's decision numbers, its work agenda and source, and a
# version for the edit form's check; offices' electing agreement, note, "ended by this date
# at the latest" and version; and the database's share of three rules: one open-ended term
# per office, one open seat per committee and country, one open designation per person and
# body (a titular and an alternate designation of the same person at once is refused).
#
# A database that already holds two open designations of one person for one body stops
# here with the rows to look at: which one is right is for the Technical Secretariat to
# say (revoke the wrong one on the body's page, or in the shell), not for a migration.

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


def refuse_duplicate_open_designations(apps, schema_editor):
    Designation = apps.get_model("members", "Designation")
    duplicates = (
        Designation.objects.filter(end_date__isnull=True, revoked_on__isnull=True)
        .values("national_body__acronym", "person_id")
        .annotate(n=models.Count("pk"))
        .filter(n__gt=1)
        .order_by()
    )
    if duplicates:
        rows = "; ".join(
            f"body {d['national_body__acronym']}, person #{d['person_id']} ({d['n']} designations)"
            for d in duplicates
        )
        raise RuntimeError(
            "One person holds at most one designation of a body at a time (issue 16). These "
            f"people hold more than one open designation of the same body: {rows}. Revoke the "
            "wrong one(s) (members.services.designation_revoke), then migrate again."
        )


class Migration(migrations.Migration):

    dependencies = [('members', '0002_legal_framework')]

    operations = [
        migrations.CreateModel(
            name='CommitteeCountry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('start_date', models.DateField(blank=True, null=True, verbose_name='from')),
                ('end_date', models.DateField(blank=True, null=True, verbose_name='until')),
                ('source', models.CharField(blank=True, max_length=200, verbose_name='source')),
            ],
            options={
                'verbose_name': 'committee member country',
                'verbose_name_plural': 'committee member countries',
                'ordering': ['committee', 'country__name_es'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalCommitteeCountry',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('start_date', models.DateField(blank=True, null=True, verbose_name='from')),
                ('end_date', models.DateField(blank=True, null=True, verbose_name='until')),
                ('source', models.CharField(blank=True, max_length=200, verbose_name='source')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ],
            options={
                'verbose_name': 'historical committee member country',
                'verbose_name_plural': 'historical committee member countries',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name='committee',
            name='code',
            field=models.CharField(blank=True, help_text="Prefix of the committee's decision numbers, e.g. PC for PC-2026-01.", max_length=10, validators=[django.core.validators.RegexValidator('^[A-Z][A-Z0-9]{0,9}$', 'Use capital letters and digits only, starting with a letter (e.g. PC).', code='bad_committee_code')], verbose_name='code'),
        ),
        migrations.AddField(
            model_name='committee',
            name='source',
            field=models.CharField(blank=True, max_length=200, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='committee',
            name='version',
            field=models.PositiveIntegerField(default=1, verbose_name='version'),
        ),
        migrations.AddField(
            model_name='committee',
            name='work_agenda',
            field=models.TextField(blank=True, help_text="The committee's work agenda (003 §X: «Agenda de Trabajo elaborada por el Comité»).", verbose_name='work agenda'),
        ),
        migrations.AddField(
            model_name='historicalcommittee',
            name='code',
            field=models.CharField(blank=True, help_text="Prefix of the committee's decision numbers, e.g. PC for PC-2026-01.", max_length=10, validators=[django.core.validators.RegexValidator('^[A-Z][A-Z0-9]{0,9}$', 'Use capital letters and digits only, starting with a letter (e.g. PC).', code='bad_committee_code')], verbose_name='code'),
        ),
        migrations.AddField(
            model_name='historicalcommittee',
            name='source',
            field=models.CharField(blank=True, max_length=200, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='historicalcommittee',
            name='version',
            field=models.PositiveIntegerField(default=1, verbose_name='version'),
        ),
        migrations.AddField(
            model_name='historicalcommittee',
            name='work_agenda',
            field=models.TextField(blank=True, help_text="The committee's work agenda (003 §X: «Agenda de Trabajo elaborada por el Comité»).", verbose_name='work agenda'),
        ),
        migrations.AddField(
            model_name='historicaloffice',
            name='electing_agreement',
            field=models.CharField(blank=True, help_text='The agreement (number or reference) by which the Plenary elected the holder.', max_length=250, verbose_name='electing agreement'),
        ),
        migrations.AddField(
            model_name='historicaloffice',
            name='end_is_latest',
            field=models.BooleanField(default=False, help_text='The sources give no exact end, only the latest day the term can have run.', verbose_name='ended by this date at the latest'),
        ),
        migrations.AddField(
            model_name='historicaloffice',
            name='note',
            field=models.TextField(blank=True, verbose_name='note'),
        ),
        migrations.AddField(
            model_name='historicaloffice',
            name='version',
            field=models.PositiveIntegerField(default=1, verbose_name='version'),
        ),
        migrations.AddField(
            model_name='office',
            name='electing_agreement',
            field=models.CharField(blank=True, help_text='The agreement (number or reference) by which the Plenary elected the holder.', max_length=250, verbose_name='electing agreement'),
        ),
        migrations.AddField(
            model_name='office',
            name='end_is_latest',
            field=models.BooleanField(default=False, help_text='The sources give no exact end, only the latest day the term can have run.', verbose_name='ended by this date at the latest'),
        ),
        migrations.AddField(
            model_name='office',
            name='note',
            field=models.TextField(blank=True, verbose_name='note'),
        ),
        migrations.AddField(
            model_name='office',
            name='version',
            field=models.PositiveIntegerField(default=1, verbose_name='version'),
        ),
        migrations.AddConstraint(
            model_name='committee',
            constraint=models.UniqueConstraint(condition=models.Q(('code', ''), _negated=True), fields=('code',), name='committee_code_unique', violation_error_code='committee_code_taken'),
        ),
        migrations.AddConstraint(
            model_name='committee',
            constraint=models.CheckConstraint(condition=models.Q(('dissolved_on__isnull', True), ('created_on__isnull', True), ('dissolved_on__gte', models.F('created_on')), _connector='OR'), name='committee_dissolved_after_created', violation_error_code='dissolved_before_created'),
        ),
        migrations.AddConstraint(
            model_name='committeemember',
            constraint=models.CheckConstraint(condition=models.Q(('end_date__isnull', True), ('end_date__gte', models.F('start_date')), _connector='OR'), name='committee_member_end_after_start', violation_error_code='end_before_start'),
        ),
        migrations.RunPython(refuse_duplicate_open_designations, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='designation',
            constraint=models.UniqueConstraint(condition=models.Q(('end_date__isnull', True), ('revoked_on__isnull', True)), fields=('national_body', 'person'), name='one_open_designation_per_person_and_body', violation_error_code='person_already_designated'),
        ),
        migrations.AddConstraint(
            model_name='office',
            constraint=models.CheckConstraint(condition=models.Q(('end_date__isnull', True), ('end_date__gte', models.F('start_date')), _connector='OR'), name='office_end_after_start', violation_error_code='end_before_start'),
        ),
        migrations.AddConstraint(
            model_name='office',
            constraint=models.UniqueConstraint(condition=models.Q(('end_date__isnull', True)), fields=('kind',), name='one_open_term_per_office', violation_error_code='office_term_overlaps'),
        ),
        migrations.AddField(
            model_name='committeecountry',
            name='committee',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='countries', to='members.committee', verbose_name='committee'),
        ),
        migrations.AddField(
            model_name='committeecountry',
            name='country',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='committee_seats', to='members.country', verbose_name='country'),
        ),
        migrations.AddField(
            model_name='historicalcommitteecountry',
            name='committee',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='members.committee', verbose_name='committee'),
        ),
        migrations.AddField(
            model_name='historicalcommitteecountry',
            name='country',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='members.country', verbose_name='country'),
        ),
        migrations.AddField(
            model_name='historicalcommitteecountry',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddConstraint(
            model_name='committeecountry',
            constraint=models.CheckConstraint(condition=models.Q(('end_date__isnull', True), ('start_date__isnull', True), ('end_date__gte', models.F('start_date')), _connector='OR'), name='committee_country_end_after_start', violation_error_code='end_before_start'),
        ),
        migrations.AddConstraint(
            model_name='committeecountry',
            constraint=models.UniqueConstraint(condition=models.Q(('end_date__isnull', True)), fields=('committee', 'country'), name='one_open_seat_per_committee_country', violation_error_code='already_a_member'),
        ),
    ]
