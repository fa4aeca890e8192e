from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0008_report_texts_donor_indicator"),
    ]

    operations = [
        migrations.AddField(
            model_name="project",
            name="title_ru",
            field=models.CharField(
                blank=True,
                db_default="",
                help_text="The project's title as the Russian reports print it.",
                max_length=300,
                verbose_name="title (Russian)",
            ),
        ),
        migrations.AddField(
            model_name="project",
            name="title_tg",
            field=models.CharField(
                blank=True,
                db_default="",
                help_text="The project's title in Tajik.",
                max_length=300,
                verbose_name="title (Tajik)",
            ),
        ),
    ]
