from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0002_trainee_list_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="course",
            name="title_ru",
            field=models.CharField(
                blank=True,
                db_default="",
                help_text="The course's title as the Russian reports print it.",
                max_length=300,
                verbose_name="title (Russian)",
            ),
        ),
        migrations.AddField(
            model_name="course",
            name="title_tg",
            field=models.CharField(
                blank=True,
                db_default="",
                help_text="The course's title in Tajik.",
                max_length=300,
                verbose_name="title (Tajik)",
            ),
        ),
    ]
