# Placeholder for the archive: search (issue 18); filled by hand with its operations.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("communications", "0002_communiques")]

    operations: list = []
