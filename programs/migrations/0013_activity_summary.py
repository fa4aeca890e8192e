"""The summary rows the figures read (programs/models/summary.py), filled from the data.

The fill is the same sum as programs/summary.py's `rebuild`, written here with the models as
they are at this migration (held and approved activities only).
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Count, F, Max, Min, Sum
from django.db.models.functions import Coalesce, TruncMonth


def _insert_from(model, columns, rows, schema_editor):
    quote = schema_editor.connection.ops.quote_name
    sql, params = rows.query.sql_with_params()
    targets = ", ".join(quote(model._meta.get_field(name).column) for name in columns)
    sources = ", ".join(quote(alias) for alias in columns.values())
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(model._meta.db_table)} ({targets}) "  # noqa: S608
            f"SELECT {sources} FROM ({sql}) AS summed",
            params,
        )


def fill_summaries(apps, schema_editor):
    Activity = apps.get_model("programs", "Activity")
    ParticipantCount = apps.get_model("programs", "ParticipantCount")
    counted = {"status": "held", "approval": "approved"}
    activities = (
        Activity.objects.filter(**counted)
        .annotate(
            s_month=TruncMonth("start"),
            s_centre=F("centre_id"),
            s_region=Coalesce("district__region", "centre__region"),
            s_area=F("project__area"),
            s_kind=F("kind"),
        )
        .values("s_month", "s_centre", "s_region", "s_area", "s_kind")
        .annotate(
            s_activities=Count("id", distinct=True),
            s_women=Coalesce(Sum("participants__women"), 0),
            s_men=Coalesce(Sum("participants__men"), 0),
            s_first=Min("start"),
            s_last=Max("start"),
        )
        .order_by()
    )
    _insert_from(
        apps.get_model("programs", "ActivitySummary"),
        {
            "month": "s_month",
            "centre_id": "s_centre",
            "region_id": "s_region",
            "area": "s_area",
            "kind": "s_kind",
            "activities": "s_activities",
            "women": "s_women",
            "men": "s_men",
            "first_start": "s_first",
            "last_start": "s_last",
        },
        activities,
        schema_editor,
    )
    participants = (
        ParticipantCount.objects.filter(**{f"activity__{k}": v for k, v in counted.items()})
        .annotate(
            s_month=TruncMonth("activity__start"),
            s_area=F("activity__project__area"),
            s_kind=F("activity__kind"),
            s_category=F("category_id"),
        )
        .values("s_month", "s_area", "s_kind", "s_category")
        .annotate(s_women=Sum("women"), s_men=Sum("men"))
        .order_by()
    )
    _insert_from(
        apps.get_model("programs", "ParticipantSummary"),
        {
            "month": "s_month",
            "area": "s_area",
            "kind": "s_kind",
            "category_id": "s_category",
            "women": "s_women",
            "men": "s_men",
        },
        participants,
        schema_editor,
    )
    projects = (
        Activity.objects.filter(**counted)
        .annotate(
            s_month=TruncMonth("start"),
            s_project=F("project_id"),
            s_area=F("project__area"),
            s_kind=F("kind"),
        )
        .values("s_month", "s_project", "s_area", "s_kind")
        .annotate(
            s_activities=Count("id", distinct=True),
            s_women=Coalesce(Sum("participants__women"), 0),
            s_men=Coalesce(Sum("participants__men"), 0),
        )
        .order_by()
    )
    _insert_from(
        apps.get_model("programs", "ProjectSummary"),
        {
            "month": "s_month",
            "project_id": "s_project",
            "area": "s_area",
            "kind": "s_kind",
            "activities": "s_activities",
            "women": "s_women",
            "men": "s_men",
        },
        projects,
        schema_editor,
    )
    project_people = (
        ParticipantCount.objects.filter(**{f"activity__{k}": v for k, v in counted.items()})
        .annotate(
            s_month=TruncMonth("activity__start"),
            s_project=F("activity__project_id"),
            s_area=F("activity__project__area"),
            s_category=F("category_id"),
        )
        .values("s_month", "s_project", "s_area", "s_category")
        .annotate(s_women=Sum("women"), s_men=Sum("men"))
        .order_by()
    )
    _insert_from(
        apps.get_model("programs", "ProjectParticipantSummary"),
        {
            "month": "s_month",
            "project_id": "s_project",
            "area": "s_area",
            "category_id": "s_category",
            "women": "s_women",
            "men": "s_men",
        },
        project_people,
        schema_editor,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0012_centre_location"),
    ]

    operations = [
        migrations.CreateModel(
            name="ActivitySummary",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("month", models.DateField(help_text="Its first day.", verbose_name="month")),
                (
                    "area",
                    models.CharField(
                        choices=[
                            ("dialogue", "National dialogue"),
                            ("elections", "Elections assistance"),
                            ("conflict", "Conflict prevention training"),
                            ("police", "Police reform"),
                            ("human_rights", "Human rights"),
                        ],
                        max_length=20,
                        verbose_name="mandate area",
                    ),
                ),
                ("kind", models.CharField(max_length=20, verbose_name="type")),
                ("activities", models.PositiveIntegerField(verbose_name="activities")),
                ("women", models.PositiveIntegerField(verbose_name="women")),
                ("men", models.PositiveIntegerField(verbose_name="men")),
                ("first_start", models.DateField(verbose_name="first start")),
                ("last_start", models.DateField(verbose_name="last start")),
                (
                    "centre",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="summaries",
                        to="programs.centre",
                        verbose_name="centre",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="summaries",
                        to="programs.region",
                        verbose_name="region",
                    ),
                ),
            ],
            options={
                "verbose_name": "activity summary",
                "verbose_name_plural": "activity summaries",
                "indexes": [
                    models.Index(fields=["area", "kind", "month"], name="activity_summary_area")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("month", "area", "kind", "centre", "region"),
                        name="one_activity_summary_per_key",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ParticipantSummary",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("month", models.DateField(help_text="Its first day.", verbose_name="month")),
                (
                    "area",
                    models.CharField(
                        choices=[
                            ("dialogue", "National dialogue"),
                            ("elections", "Elections assistance"),
                            ("conflict", "Conflict prevention training"),
                            ("police", "Police reform"),
                            ("human_rights", "Human rights"),
                        ],
                        max_length=20,
                        verbose_name="mandate area",
                    ),
                ),
                ("kind", models.CharField(max_length=20, verbose_name="type")),
                ("women", models.PositiveIntegerField(verbose_name="women")),
                ("men", models.PositiveIntegerField(verbose_name="men")),
                (
                    "category",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="summaries",
                        to="programs.participantcategory",
                        verbose_name="category",
                    ),
                ),
            ],
            options={
                "verbose_name": "participant summary",
                "verbose_name_plural": "participant summaries",
                "indexes": [
                    models.Index(fields=["area", "kind", "month"], name="participant_summary_area")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("month", "area", "kind", "category"),
                        name="one_participant_summary_per_key",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ProjectParticipantSummary",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("month", models.DateField(help_text="Its first day.", verbose_name="month")),
                (
                    "area",
                    models.CharField(
                        choices=[
                            ("dialogue", "National dialogue"),
                            ("elections", "Elections assistance"),
                            ("conflict", "Conflict prevention training"),
                            ("police", "Police reform"),
                            ("human_rights", "Human rights"),
                        ],
                        max_length=20,
                        verbose_name="mandate area",
                    ),
                ),
                ("women", models.PositiveIntegerField(verbose_name="women")),
                ("men", models.PositiveIntegerField(verbose_name="men")),
                (
                    "category",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="project_summaries",
                        to="programs.participantcategory",
                        verbose_name="category",
                    ),
                ),
                (
                    "project",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="participant_summaries",
                        to="programs.project",
                        verbose_name="project",
                    ),
                ),
            ],
            options={
                "verbose_name": "project participant summary",
                "verbose_name_plural": "project participant summaries",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("month", "area", "project", "category"),
                        name="one_project_participant_summary_per_key",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ProjectSummary",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("month", models.DateField(help_text="Its first day.", verbose_name="month")),
                (
                    "area",
                    models.CharField(
                        choices=[
                            ("dialogue", "National dialogue"),
                            ("elections", "Elections assistance"),
                            ("conflict", "Conflict prevention training"),
                            ("police", "Police reform"),
                            ("human_rights", "Human rights"),
                        ],
                        max_length=20,
                        verbose_name="mandate area",
                    ),
                ),
                ("kind", models.CharField(max_length=20, verbose_name="type")),
                ("activities", models.PositiveIntegerField(verbose_name="activities")),
                ("women", models.PositiveIntegerField(verbose_name="women")),
                ("men", models.PositiveIntegerField(verbose_name="men")),
                (
                    "project",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="summaries",
                        to="programs.project",
                        verbose_name="project",
                    ),
                ),
            ],
            options={
                "verbose_name": "project summary",
                "verbose_name_plural": "project summaries",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("month", "area", "kind", "project"),
                        name="one_project_summary_per_key",
                    )
                ],
            },
        ),
        migrations.RunPython(fill_summaries, migrations.RunPython.noop),
    ]
