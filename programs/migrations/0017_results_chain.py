# Placeholder: the results chain (filled in with its operations).
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("programs", "0016_sdg_targets")]

    operations = []
