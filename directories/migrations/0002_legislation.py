# Comparative legislation (issue 19); filled by hand with its operations.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("directories", "0001_initial")]

    operations: list = []
