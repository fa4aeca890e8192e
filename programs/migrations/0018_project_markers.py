"""The UN gender equality marker and the human-rights marker of a project (0 to 3, empty until
rated), as UN INFO tags the office's work."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("programs", "0017_results_chain")]

    operations = [
        migrations.AddField(
            model_name="project",
            name="gender_marker",
            field=models.IntegerField(
                blank=True,
                choices=[
                    (0, "0 – not expected to contribute to gender equality"),
                    (1, "1 – limited contribution to gender equality"),
                    (2, "2 – significant contribution to gender equality"),
                    (3, "3 – gender equality is the principal objective"),
                ],
                help_text=(
                    "The UN gender equality marker, 0 to 3: how far the project serves gender "
                    "equality. Leave empty until it is rated."
                ),
                null=True,
                verbose_name="gender marker",
            ),
        ),
        migrations.AddField(
            model_name="project",
            name="human_rights_marker",
            field=models.IntegerField(
                blank=True,
                choices=[
                    (0, "0 – not expected to contribute to human rights"),
                    (1, "1 – limited contribution to human rights"),
                    (2, "2 – significant contribution to human rights"),
                    (3, "3 – human rights are the principal objective"),
                ],
                help_text="The same 0 to 3 scale for human rights. Leave empty until it is rated.",
                null=True,
                verbose_name="human rights marker",
            ),
        ),
    ]
