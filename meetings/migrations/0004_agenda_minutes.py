# Placeholder reserved for one piece of work; its owner fills the operations.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [('meetings', '0003_calendar')]

    operations = []
