from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("plans", "0003_poa_weights_lock")]

    operations = []
