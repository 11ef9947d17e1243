# Placeholder for the regional agreements of 003 §IV.C (issue 18); filled by hand with its operations.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("members", "0005_data_protection")]

    operations: list = []
