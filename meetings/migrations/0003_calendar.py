# Issue 16 (calendar cycle): each meeting's IANA time zone and calendar revision
# (iCalendar SEQUENCE), the cancelled status with its reason, and what each invitation last
# received (calendar revision, reminder).

from django.db import migrations, models

import meetings.timezones

STATUS_CHOICES = [
    ('draft', 'Draft'),
    ('convened', 'Convened'),
    ('in_session', 'In session'),
    ('closed', 'Closed'),
    ('cancelled', 'Cancelled'),
]

# meetings.timezones.CAPITAL_TIME_ZONES as it stood when this migration was written.
CAPITAL_TIME_ZONES = {
    'BZ': 'America/Belize',
    'CR': 'America/Costa_Rica',
    'DO': 'America/Santo_Domingo',
    'GT': 'America/Guatemala',
    'HN': 'America/Tegucigalpa',
    'MX': 'America/Mexico_City',
    'NI': 'America/Managua',
    'PA': 'America/Panama',
    'SV': 'America/El_Salvador',
}


def zones_from_host_countries(apps, schema_editor):
    """Meetings already recorded live in their host country's capital's zone (else the
    coalition's, the column default); invitations already notified hold revision 0."""
    Meeting = apps.get_model('meetings', 'Meeting')
    Invitation = apps.get_model('meetings', 'Invitation')
    for iso, zone in CAPITAL_TIME_ZONES.items():
        Meeting.objects.filter(host_country__iso_code=iso).update(time_zone=zone)
    Invitation.objects.filter(notified_at__isnull=False).update(sequence_sent=0)


class Migration(migrations.Migration):
    dependencies = [('meetings', '0002_date_defaults_local')]

    operations = [
        migrations.AddField(
            model_name='historicalinvitation',
            name='reminded_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='last reminded at'),
        ),
        migrations.AddField(
            model_name='historicalinvitation',
            name='sequence_sent',
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name='calendar revision sent'),
        ),
        migrations.AddField(
            model_name='historicalmeeting',
            name='sequence',
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name='calendar revision'),
        ),
        migrations.AddField(
            model_name='historicalmeeting',
            name='time_zone',
            field=models.CharField(default=meetings.timezones.coalition_time_zone, help_text="The IANA zone of the venue; by default the host country's capital's.", max_length=64, validators=[meetings.timezones.validate_time_zone], verbose_name='time zone'),
        ),
        migrations.AddField(
            model_name='invitation',
            name='reminded_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='last reminded at'),
        ),
        migrations.AddField(
            model_name='invitation',
            name='sequence_sent',
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name='calendar revision sent'),
        ),
        migrations.AddField(
            model_name='meeting',
            name='sequence',
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name='calendar revision'),
        ),
        migrations.AddField(
            model_name='meeting',
            name='time_zone',
            field=models.CharField(default=meetings.timezones.coalition_time_zone, help_text="The IANA zone of the venue; by default the host country's capital's.", max_length=64, validators=[meetings.timezones.validate_time_zone], verbose_name='time zone'),
        ),
        migrations.AddField(
            model_name='meetingstatuschange',
            name='reason',
            field=models.CharField(blank=True, max_length=300, verbose_name='reason'),
        ),
        migrations.AlterField(
            model_name='historicalmeeting',
            name='status',
            field=models.CharField(choices=STATUS_CHOICES, default='draft', max_length=12, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='meeting',
            name='status',
            field=models.CharField(choices=STATUS_CHOICES, default='draft', max_length=12, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='meetingstatuschange',
            name='from_status',
            field=models.CharField(choices=STATUS_CHOICES, max_length=12, verbose_name='from'),
        ),
        migrations.AlterField(
            model_name='meetingstatuschange',
            name='to_status',
            field=models.CharField(choices=STATUS_CHOICES, max_length=12, verbose_name='to'),
        ),
        migrations.RunPython(zones_from_host_countries, migrations.RunPython.noop),
    ]
