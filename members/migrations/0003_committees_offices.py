# Placeholder reserved for one piece of work; its owner fills the operations.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [('members', '0002_legal_framework')]

    operations = []
