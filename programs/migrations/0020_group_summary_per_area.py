# The breakdowns' summary rows keep no project or category: a few dozen rows a month instead
# of one per project and category, which the dashboard had to add up.

from django.db import migrations
from django.db.models import Sum

KEY = ("month", "area", "kind", "sex", "age_band_id", "disability")


def merge_rows(apps, schema_editor):
    """Rows left with the same key once project and category are gone become one: their sum
    (the summary's own rows, added up; no activity is read)."""
    GroupSummary = apps.get_model("programs", "GroupSummary")
    merged = list(GroupSummary.objects.values(*KEY).annotate(total=Sum("number")).order_by())
    GroupSummary.objects.all().delete()
    GroupSummary.objects.bulk_create(
        GroupSummary(**{name: row[name] for name in KEY}, number=row["total"]) for row in merged
    )


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0019_indicator_groups"),
    ]

    operations = [
        migrations.RemoveField(model_name="groupsummary", name="category"),
        migrations.RemoveField(model_name="groupsummary", name="project"),
        migrations.RunPython(merge_rows, migrations.RunPython.noop),
    ]
