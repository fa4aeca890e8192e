"""Synthetic human-rights data for the benchmark: mechanisms, documents, recommendations.

At scale 1: 100 documents with 5,000 recommendations, 5,000 implementation actions linked to
the synthetic human-rights activities, and their status changes. No monitoring note is made:
they are confidential and the benchmark does not read them.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from demo.synthetic.run import SyntheticRun
from humanrights.models import (
    Document,
    ImplementationAction,
    Mechanism,
    Recommendation,
    StatusChange,
    Theme,
)
from programs.models import Activity

STATUSES = ["not_started", "in_progress", "partial", "implemented"]
THEMES = [
    "Synthetic: domestic violence",
    "Synthetic: judiciary",
    "Synthetic: detention",
    "Synthetic: minorities",
    "Synthetic: freedom of expression",
    "Synthetic: trafficking",
    "Synthetic: education",
    "Synthetic: elections",
]


def generate_humanrights(run: SyntheticRun) -> None:
    rng = run.rng("humanrights")
    recorder = run.shared["users"]["synthetic.hr"]
    now = timezone.now()
    mechanisms = [
        Mechanism.objects.get_or_create(
            code=f"SYN-{n + 1}",
            defaults={"name": f"Synthetic mechanism {n + 1}", "kind": kind},
        )[0].pk
        for n, kind in enumerate(["treaty_body"] * 4 + ["special_procedure"] * 2)
    ]
    themes = [Theme.objects.get_or_create(name=name)[0].pk for name in THEMES]

    first_document = run.next_id(Document)
    documents = []
    for n in range(run.count(100)):
        issued = datetime.date(2000, 6, 1) + datetime.timedelta(days=rng.randrange(2_400))
        documents.append(
            (first_document + n, f"SYN/CO/{n + 1}", rng.choice(mechanisms), "", issued)
        )
    run.insert(Document, ("id", "symbol", "mechanism_id", "title", "issued_on"), documents)

    first_recommendation = run.next_id(Recommendation)
    recommendations = []
    for n in range(run.count(5_000)):
        document = documents[n % len(documents)]
        due = document[4] + datetime.timedelta(days=rng.randrange(180, 1_500))
        recommendations.append(
            (
                first_recommendation + n,
                document[0],
                str(n // len(documents) + 1),
                "The State party should ensure that "
                + rng.choice(THEMES).split(": ")[1]
                + " is addressed.",
                rng.choice(["high", "medium", "low"]),
                rng.choice(STATUSES),
                due if rng.random() < 0.6 else None,
            )
        )
    fields = ("id", "document_id", "paragraph", "text", "priority", "status", "follow_up_due")
    run.insert(Recommendation, fields, recommendations)
    run.insert(
        Recommendation.themes.through,
        ("recommendation_id", "theme_id"),
        ((row[0], theme) for row in recommendations for theme in rng.sample(themes, 2)),
    )

    activities = list(
        Activity.objects.filter(project__code__startswith="SYN-", project__area="human_rights")
        .order_by("pk")
        .values_list("pk", flat=True)[: run.count(20_000)]
    )
    first_action = run.next_id(ImplementationAction)
    actions, changes, links = [], [], []
    for n, recommendation in enumerate(recommendations):
        if recommendation[5] == "not_started":
            continue
        pk = first_action + len(actions)
        taken_on = recommendation[6] or datetime.date(2006, 1, 1)
        actions.append(
            (
                pk,
                recommendation[0],
                taken_on,
                "Synthetic implementation action.",
                "Ministry of Justice",
                "",
                recommendation[5],
                recorder,
                now,
            )
        )
        changes.append(
            (recommendation[0], pk, "not_started", recommendation[5], taken_on, recorder, now)
        )
        if activities:
            links.append((pk, activities[n % len(activities)]))
    fields = (
        "id",
        "recommendation_id",
        "taken_on",
        "description",
        "taken_by",
        "evidence",
        "new_status",
        "recorded_by_id",
        "recorded_at",
    )
    run.insert(ImplementationAction, fields, actions)
    run.insert(
        ImplementationAction.activities.through, ("implementationaction_id", "activity_id"), links
    )
    fields = (
        "recommendation_id",
        "action_id",
        "from_status",
        "to_status",
        "changed_on",
        "changed_by_id",
        "changed_at",
    )
    run.insert(StatusChange, fields, changes)
    run.write(
        f"  human rights: {len(documents):,} documents, {len(recommendations):,} "
        f"recommendations, {len(actions):,} actions"
    )
