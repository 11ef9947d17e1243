# Placeholder for agreements made public (issue 18); filled by hand with its operations.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("meetings", "0006_versions")]

    operations: list = []
