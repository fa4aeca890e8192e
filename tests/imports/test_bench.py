"""bench/imports.py measures on the configured database and leaves it as it found it."""

from bench.imports import measure
from programs.models import Centre, ParticipantCategory, Project, User
from untop.audit.models import AuditEntry

from .conftest import database_counts


def test_the_benchmark_reports_its_ratios_and_leaves_no_trace(centre):
    before = (
        database_counts(),
        Centre.objects.count(),
        Project.objects.count(),
        ParticipantCategory.objects.count(),
        User.objects.count(),
        AuditEntry.objects.count(),
    )
    figures = measure(rows=60, stock_rows=20)
    assert figures["rows"] == 60 and figures["stock_rows"] == 20
    assert figures["portal_rows_per_s"] > 0 and figures["stock_rows_per_s"] > 0
    assert figures["tuned_rows_per_s"] > 0 and figures["portal_vs_tuned"] > 0
    assert figures["portal_vs_stock"] > 0
    assert "peak_memory_mb" in figures
    if figures["database"] == "postgresql":
        assert figures["copy_vs_portal"] > 0
        # Sixty rows copy in less than the hundredth of a second the figure is rounded to.
        assert figures["copy_all_seconds"] >= 0 and figures["portal_vs_copy_all"] > 0
    else:
        assert figures["copy_rows_per_s"] is None
        assert figures["copy_all_seconds"] is None
    after = (
        database_counts(),
        Centre.objects.count(),
        Project.objects.count(),
        ParticipantCategory.objects.count(),
        User.objects.count(),
        AuditEntry.objects.count(),
    )
    assert after == before


def test_the_audit_entries_copy_all_writes_are_those_the_import_writes(centre):
    """bench.imports' COPY of every row: its audit entries name the same records with the
    same labels as the import's own (untop.audit.bulk)."""
    from django.contrib.contenttypes.models import ContentType

    from bench.imports import _audit_entries, _portal, _Scratch
    from programs.models import Activity, ParticipantCount

    scratch = _Scratch()
    try:
        _portal(scratch, scratch.csv(4))
        activities = Activity.objects.filter(centre=scratch.centre)
        ids = list(activities.values_list("pk", flat=True))
        counts = ParticipantCount.objects.filter(activity__in=ids).values("pk")
        imported = {
            label
            for model, pks in ((Activity, ids), (ParticipantCount, counts))
            for label in AuditEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(model), object_id__in=pks
            ).values_list("object_repr", flat=True)
        }
        assert len(imported) == 8
        (activity_copy, activity_text), (count_copy, count_text) = _audit_entries(scratch, ids)
        assert activity_copy.startswith("COPY auditlog_logentry (")
        assert count_copy == activity_copy
        assert len(activity_text.splitlines()) == len(count_text.splitlines()) == 4
        for label in imported:  # "Seminar 0 on tolerance", "Bench … 0: 0 women, 0 men", …
            assert f'"{label}"' in activity_text + count_text
    finally:
        scratch.delete()
