"""The Sustainable Development Goal targets a recommendation serves."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("humanrights", "0004_recommendation_search_index"),
        ("programs", "0016_sdg_targets"),
    ]

    operations = [
        migrations.AddField(
            model_name="recommendation",
            name="sdg_targets",
            field=models.ManyToManyField(
                blank=True,
                help_text="The Sustainable Development Goal targets the recommendation serves.",
                related_name="hr_recommendations",
                to="programs.sdgtarget",
                verbose_name="SDG targets",
            ),
        ),
    ]
