# Comparative legislation (issue 19); operations written by hand from
# `makemigrations directories --dry-run -v 3` (only this part's models; contacts are in 0001).
import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('directories', '0001_initial'),
        ('members', '0006_regional_agreements'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='LegislationDimension',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.SlugField(max_length=60, unique=True, verbose_name='code')),
                ('name_es', models.CharField(max_length=200, verbose_name='name (Spanish)')),
                ('name_en', models.CharField(max_length=200, verbose_name='name (English)')),
                ('description_es', models.TextField(blank=True, verbose_name='description (Spanish)')),
                ('description_en', models.TextField(blank=True, verbose_name='description (English)')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
                ('source', models.CharField(blank=True, help_text='Where the sources ask for this comparison (e.g. 002 e.A, Palermo Protocol).', max_length=300, verbose_name='source reference')),
            ],
            options={
                'verbose_name': 'legislation dimension',
                'verbose_name_plural': 'legislation dimensions',
                'ordering': ['position', 'code'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalLegislationDimension',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('code', models.SlugField(max_length=60, verbose_name='code')),
                ('name_es', models.CharField(max_length=200, verbose_name='name (Spanish)')),
                ('name_en', models.CharField(max_length=200, verbose_name='name (English)')),
                ('description_es', models.TextField(blank=True, verbose_name='description (Spanish)')),
                ('description_en', models.TextField(blank=True, verbose_name='description (English)')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
                ('source', models.CharField(blank=True, help_text='Where the sources ask for this comparison (e.g. 002 e.A, Palermo Protocol).', max_length=300, verbose_name='source reference')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical legislation dimension',
                'verbose_name_plural': 'historical legislation dimensions',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalReform',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('title', models.CharField(max_length=400, verbose_name='title of the bill')),
                ('bill_number', models.CharField(blank=True, max_length=60, verbose_name='bill number')),
                ('stage', models.CharField(choices=[('drafted', 'Drafted'), ('introduced', 'Introduced'), ('committee', 'In committee'), ('approved', 'Approved'), ('enacted', 'Enacted'), ('withdrawn', 'Withdrawn')], max_length=10, verbose_name='stage')),
                ('introduced_on', models.DateField(blank=True, null=True, verbose_name='introduced on')),
                ('last_change_on', models.DateField(blank=True, null=True, verbose_name='last change on')),
                ('resulting_act', models.CharField(blank=True, help_text='The act it became, e.g. "Decreto 9-2009".', max_length=200, verbose_name='resulting act')),
                ('notes', models.TextField(blank=True, verbose_name='notes')),
                ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('country', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='members.country', verbose_name='country')),
                ('created_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical legislative reform',
                'verbose_name_plural': 'historical legislative reforms',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Reform',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=400, verbose_name='title of the bill')),
                ('bill_number', models.CharField(blank=True, max_length=60, verbose_name='bill number')),
                ('stage', models.CharField(choices=[('drafted', 'Drafted'), ('introduced', 'Introduced'), ('committee', 'In committee'), ('approved', 'Approved'), ('enacted', 'Enacted'), ('withdrawn', 'Withdrawn')], max_length=10, verbose_name='stage')),
                ('introduced_on', models.DateField(blank=True, null=True, verbose_name='introduced on')),
                ('last_change_on', models.DateField(blank=True, null=True, verbose_name='last change on')),
                ('resulting_act', models.CharField(blank=True, help_text='The act it became, e.g. "Decreto 9-2009".', max_length=200, verbose_name='resulting act')),
                ('notes', models.TextField(blank=True, verbose_name='notes')),
                ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                ('country', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reforms', to='members.country', verbose_name='country')),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ('dimensions', models.ManyToManyField(blank=True, related_name='reforms', to='directories.legislationdimension', verbose_name='dimensions it affects')),
            ],
            options={
                'verbose_name': 'legislative reform',
                'verbose_name_plural': 'legislative reforms',
                'ordering': ['country__name_es', '-last_change_on', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalReform_dimensions',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('m2m_history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to='directories.historicalreform')),
                ('legislationdimension', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='directories.legislationdimension')),
                ('reform', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='directories.reform')),
            ],
            options={
                'verbose_name': 'HistoricalReform_dimensions',
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalLegislationCell',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('article', models.CharField(max_length=200, verbose_name='article')),
                ('excerpt', models.TextField(max_length=600, validators=[django.core.validators.MaxLengthValidator(600)], verbose_name='excerpt')),
                ('source', models.CharField(help_text='The law or decree cited, or its URL.', max_length=500, verbose_name='source')),
                ('state', models.CharField(choices=[('proposed', 'Proposed'), ('validated', 'Validated'), ('returned', 'Returned')], default='proposed', max_length=10, verbose_name='state')),
                ('return_note', models.TextField(blank=True, verbose_name='note of the Technical Secretariat')),
                ('proposed_at', models.DateTimeField(verbose_name='proposed at')),
                ('validated_at', models.DateTimeField(blank=True, null=True, verbose_name='validated at')),
                ('public_article', models.CharField(blank=True, max_length=200, verbose_name='validated article')),
                ('public_excerpt', models.TextField(blank=True, max_length=600, verbose_name='validated excerpt')),
                ('public_source', models.CharField(blank=True, max_length=500, verbose_name='validated source')),
                ('needs_review', models.BooleanField(default=False, help_text='An enacted reform affects this cell: the focal point proposes the new text.', verbose_name='to review')),
                ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('country', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='members.country', verbose_name='country')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('proposed_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='proposed by')),
                ('validated_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='validated by')),
                ('dimension', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='directories.legislationdimension', verbose_name='dimension')),
                ('review_reform', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='directories.reform', verbose_name='reform to review')),
            ],
            options={
                'verbose_name': 'historical legislation cell',
                'verbose_name_plural': 'historical legislation cells',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='LegislationCell',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('article', models.CharField(max_length=200, verbose_name='article')),
                ('excerpt', models.TextField(max_length=600, validators=[django.core.validators.MaxLengthValidator(600)], verbose_name='excerpt')),
                ('source', models.CharField(help_text='The law or decree cited, or its URL.', max_length=500, verbose_name='source')),
                ('state', models.CharField(choices=[('proposed', 'Proposed'), ('validated', 'Validated'), ('returned', 'Returned')], default='proposed', max_length=10, verbose_name='state')),
                ('return_note', models.TextField(blank=True, verbose_name='note of the Technical Secretariat')),
                ('proposed_at', models.DateTimeField(verbose_name='proposed at')),
                ('validated_at', models.DateTimeField(blank=True, null=True, verbose_name='validated at')),
                ('public_article', models.CharField(blank=True, max_length=200, verbose_name='validated article')),
                ('public_excerpt', models.TextField(blank=True, max_length=600, verbose_name='validated excerpt')),
                ('public_source', models.CharField(blank=True, max_length=500, verbose_name='validated source')),
                ('needs_review', models.BooleanField(default=False, help_text='An enacted reform affects this cell: the focal point proposes the new text.', verbose_name='to review')),
                ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                ('country', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='legislation_cells', to='members.country', verbose_name='country')),
                ('proposed_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='proposed by')),
                ('validated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='validated by')),
                ('dimension', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='cells', to='directories.legislationdimension', verbose_name='dimension')),
                ('review_reform', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='directories.reform', verbose_name='reform to review')),
            ],
            options={
                'verbose_name': 'legislation cell',
                'verbose_name_plural': 'legislation cells',
                'ordering': ['dimension__position', 'country__name_es'],
                'constraints': [models.UniqueConstraint(fields=('country', 'dimension'), name='one_legislation_cell_per_country')],
            },
        ),
    ]

