# The results chain: each project's outcomes (tagged with SDG targets) and outputs (with the
# activities that deliver them), and indicators measuring an output, of a kind (count,
# percentage, qualitative score), cumulative or per period, read upwards or downwards.
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("programs", "0016_sdg_targets")]

    operations = [
        migrations.AddField(
            model_name="indicator",
            name="aggregation",
            field=models.CharField(
                choices=[
                    ("period", "Per period"),
                    ("cumulative", "Cumulative (every period up to this one)"),
                ],
                db_default="period",
                default="period",
                help_text="Cumulative: a period's actual adds up every period up to it.",
                max_length=20,
                verbose_name="aggregation",
            ),
        ),
        migrations.AddField(
            model_name="indicator",
            name="baseline_year",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="The year the baseline was measured.",
                null=True,
                verbose_name="baseline year",
            ),
        ),
        migrations.AddField(
            model_name="indicator",
            name="direction",
            field=models.CharField(
                choices=[("ascending", "Higher is better"), ("descending", "Lower is better")],
                db_default="ascending",
                default="ascending",
                help_text="Lower is better for, e.g., complaints or cases of violence.",
                max_length=20,
                verbose_name="direction",
            ),
        ),
        migrations.AddField(
            model_name="indicator",
            name="kind",
            field=models.CharField(
                choices=[
                    ("count", "Count"),
                    ("percentage", "Percentage"),
                    ("qualitative", "Qualitative (score and narrative)"),
                ],
                db_default="count",
                default="count",
                max_length=20,
                verbose_name="kind of measure",
            ),
        ),
        migrations.AddField(
            model_name="indicator",
            name="scale_max",
            field=models.SmallIntegerField(
                blank=True,
                help_text="Qualitative indicators: e.g. 5.",
                null=True,
                verbose_name="highest score",
            ),
        ),
        migrations.AddField(
            model_name="indicator",
            name="scale_min",
            field=models.SmallIntegerField(
                blank=True,
                help_text="Qualitative indicators: e.g. 1.",
                null=True,
                verbose_name="lowest score",
            ),
        ),
        migrations.AddField(
            model_name="indicatorvalue",
            name="denominator",
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name="denominator"),
        ),
        migrations.AddField(
            model_name="indicatorvalue",
            name="narrative",
            field=models.TextField(
                blank=True,
                db_default="",
                help_text="Qualitative indicators: what the score rests on.",
                verbose_name="narrative",
            ),
        ),
        migrations.AddField(
            model_name="indicatorvalue",
            name="numerator",
            field=models.PositiveIntegerField(
                blank=True,
                help_text="Percentages: left empty when the indicator counts it from activities.",
                null=True,
                verbose_name="numerator",
            ),
        ),
        migrations.AlterField(
            model_name="indicatorvalue",
            name="value",
            field=models.DecimalField(
                blank=True, decimal_places=2, max_digits=12, null=True, verbose_name="value"
            ),
        ),
        migrations.CreateModel(
            name="Outcome",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.CharField(help_text="e.g. 1", max_length=10, verbose_name="code")),
                ("statement", models.CharField(max_length=500, verbose_name="statement (English)")),
                (
                    "statement_ru",
                    models.CharField(
                        blank=True,
                        db_default="",
                        max_length=500,
                        verbose_name="statement (Russian)",
                    ),
                ),
                (
                    "statement_tg",
                    models.CharField(
                        blank=True, db_default="", max_length=500, verbose_name="statement (Tajik)"
                    ),
                ),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
                (
                    "project",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="outcomes",
                        to="programs.project",
                        verbose_name="project",
                    ),
                ),
                (
                    "sdg_targets",
                    models.ManyToManyField(
                        blank=True,
                        related_name="outcomes",
                        to="programs.sdgtarget",
                        verbose_name="SDG targets",
                    ),
                ),
            ],
            options={
                "verbose_name": "outcome",
                "verbose_name_plural": "outcomes",
                "ordering": ["project__code", "order", "code"],
            },
        ),
        migrations.CreateModel(
            name="Output",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "code",
                    models.CharField(help_text="e.g. 1.2", max_length=10, verbose_name="code"),
                ),
                ("statement", models.CharField(max_length=500, verbose_name="statement (English)")),
                (
                    "statement_ru",
                    models.CharField(
                        blank=True,
                        db_default="",
                        max_length=500,
                        verbose_name="statement (Russian)",
                    ),
                ),
                (
                    "statement_tg",
                    models.CharField(
                        blank=True, db_default="", max_length=500, verbose_name="statement (Tajik)"
                    ),
                ),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
                (
                    "activities",
                    models.ManyToManyField(
                        blank=True,
                        help_text="The project's activities that deliver this output.",
                        related_name="outputs",
                        to="programs.activity",
                        verbose_name="activities",
                    ),
                ),
                (
                    "outcome",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="outputs",
                        to="programs.outcome",
                        verbose_name="outcome",
                    ),
                ),
            ],
            options={
                "verbose_name": "output",
                "verbose_name_plural": "outputs",
                "ordering": [
                    "outcome__project__code",
                    "outcome__order",
                    "outcome__code",
                    "order",
                    "code",
                ],
            },
        ),
        migrations.AddField(
            model_name="indicator",
            name="output",
            field=models.ForeignKey(
                blank=True,
                help_text="The output of the project's results chain it measures; none: the project.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="indicators",
                to="programs.output",
                verbose_name="output",
            ),
        ),
        migrations.AddConstraint(
            model_name="outcome",
            constraint=models.UniqueConstraint(
                fields=("project", "code"), name="one_outcome_per_code"
            ),
        ),
        migrations.AddConstraint(
            model_name="output",
            constraint=models.UniqueConstraint(
                fields=("outcome", "code"), name="one_output_per_code"
            ),
        ),
    ]
