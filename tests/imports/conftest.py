"""Records the corpus files in tests/data/imports/ refer to: project DLG-2006, the Khujand
centre (the shared ``centre`` fixture, named in Russian too), two participant categories."""

from pathlib import Path

import pytest

from programs.models import Activity, ParticipantCount
from tests.factories import CategoryFactory, ProjectFactory
from untop.audit.models import AuditEntry

CORPUS = Path(__file__).resolve().parent.parent / "data" / "imports"


def corpus(name: str) -> bytes:
    return (CORPUS / name).read_bytes()


@pytest.fixture
def sheet_records(centre):
    centre.name_ru = "Худжанд"
    centre.save()
    return {
        "project": ProjectFactory(code="DLG-2006"),
        "educators": CategoryFactory(code="educators", name="Educators", name_ru="Учителя"),
        "officials": CategoryFactory(
            code="officials", name="Government officials", name_ru="Госслужащие"
        ),
    }


def database_counts() -> tuple[int, int, int]:
    """What an import could change: activities, participant counts, audit entries."""
    return Activity.objects.count(), ParticipantCount.objects.count(), AuditEntry.objects.count()
