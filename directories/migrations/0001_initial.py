# Institutions and contact points (issue 19); filled by hand with its operations.
from django.db import migrations


class Migration(migrations.Migration):
    initial = True
    dependencies = [("members", "0006_regional_agreements")]

    operations: list = []
