# Placeholder: the gender and human-rights markers (filled in with its operations).
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("programs", "0017_results_chain")]

    operations = []
