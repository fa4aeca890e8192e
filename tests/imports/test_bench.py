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
        assert figures["copy_all_seconds"] > 0 and figures["portal_vs_copy_all"] > 0
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
