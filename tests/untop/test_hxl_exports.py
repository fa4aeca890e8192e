"""HXL hashtags on the lists' files (untop/exports.py): with ``&hxl=1`` the activity list's and
the recommendations tracker's CSV and Excel files carry a row of tags under their headers, each
declared on its column; without it the files are as they were."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from humanrights.models import MonitoringNote
from programs.models import Activity, Project
from tests.factories import ActivityFactory, ParticipantCountFactory, ProjectFactory
from tests.humanrights.factories import ActionFactory, NoteFactory, RecommendationFactory
from untop.exports import Column, ConfidentialColumn, ListExport

pytestmark = pytest.mark.django_db

#: The tags a humanitarian data tool finds under the activity list's headers.
ACTIVITY_TAGS = {
    "Start": "#date+start",
    "End": "#date+end",
    "Title": "#activity+name",
    "Type": "#activity+type",
    "Project": "#activity+project+code",
    "Mandate area": "#sector+code",
    "Centre": "#loc+name",
    "Region": "#adm1+code",
    "District": "#adm2+name",
    "Status": "#status+code",
    "Approval": "",
    "Women": "#reached+f",
    "Men": "#reached+m",
    "Total": "#reached",
    # The office's age bands and disability: no HXL attribute of the standard fits them.
    "Age Under 18": "",
    "Age 18–24": "",
    "Age 25–59": "",
    "Age 60 and over": "",
    "Age not recorded": "",
    "With a disability": "",
    "Without a disability": "",
    "Disability not recorded": "",
}

RECOMMENDATION_TAGS = {
    "mechanism": "#org+code",
    "document": "#meta+source",
    "paragraph": "",
    "recommendation": "#description",
    "themes": "",
    "SDG targets": "",
    "priority": "",
    "status": "#status+name",
    "follow-up due": "",
    "actions": "",
    "last action": "#date+reported",
}


@pytest.fixture
def activities(centre):
    meeting = ActivityFactory(
        project=ProjectFactory(code="ND-05", area=Project.Area.NATIONAL_DIALOGUE),
        centre=centre,
        title="Dialogue meeting in Khujand",
        start=datetime.date(2005, 9, 5),
        end=datetime.date(2005, 9, 6),
    )
    ParticipantCountFactory(activity=meeting, women=12, men=30)
    ActivityFactory(
        project=ProjectFactory(code="PR-05", area=Project.Area.POLICE_REFORM),
        title='=HYPERLINK("http://x")',
        centre=centre,
    )
    return meeting


def _csv_rows(response) -> list[list[str]]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def _xlsx_rows(response) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


def _activity_list(client, **params):
    return client.get(reverse("programs:activity_list"), params)


def test_the_activity_csv_with_hxl_has_the_tags_second_under_their_headers(
    staff_client, activities
):
    rows = _csv_rows(_activity_list(staff_client, export="csv", hxl="1"))
    headers, tags = rows[0], rows[1]
    assert dict(zip(headers, tags, strict=True)) == ACTIVITY_TAGS
    # The records follow the tags, formulas still defused.
    assert [dict(zip(headers, row, strict=True))["Title"] for row in rows[2:]] == [
        "Dialogue meeting in Khujand",
        '\'=HYPERLINK("http://x")',
    ]
    meeting = dict(zip(headers, rows[2], strict=True))
    assert (meeting["Women"], meeting["Men"], meeting["Total"]) == ("12", "30", "42")
    assert meeting["Region"] == "TJ-SU"


def test_the_activity_xlsx_with_hxl_has_the_tags_second_and_untagged_cells_empty(
    staff_client, activities
):
    rows = _xlsx_rows(_activity_list(staff_client, export="xlsx", hxl="1", area="dialogue"))
    headers, tags = rows[0], rows[1]
    assert dict(zip(headers, tags, strict=True)) == {
        header: tag or None for header, tag in ACTIVITY_TAGS.items()
    }
    assert len(rows) == 3
    meeting = dict(zip(headers, rows[2], strict=True))
    assert (meeting["Title"], meeting["Total"]) == ("Dialogue meeting in Khujand", 42)
    assert meeting["Start"].date() == datetime.date(2005, 9, 5)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize("asked", [{}, {"hxl": "0"}, {"hxl": "yes"}])
def test_without_hxl_1_the_files_are_as_before(staff_client, activities, kind, asked):
    read = _csv_rows if kind == "csv" else _xlsx_rows
    plain = read(_activity_list(staff_client, export=kind, **asked))
    tagged = read(_activity_list(staff_client, export=kind, hxl="1"))
    assert len(plain) == 3
    assert plain == [tagged[0], *tagged[2:]]
    assert not any(str(cell).startswith("#") for row in plain for cell in row if cell)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_recommendations_export_has_its_tags(manager_client, kind):
    ActionFactory(
        recommendation=RecommendationFactory(paragraph="6", text="Ratify the Optional Protocol"),
        taken_on=datetime.date(2005, 11, 8),
    )
    response = manager_client.get(reverse("humanrights:tracker"), {"export": kind, "hxl": "1"})
    rows = _csv_rows(response) if kind == "csv" else _xlsx_rows(response)
    headers, tags = rows[0], rows[1]
    empty = "" if kind == "csv" else None
    assert dict(zip(headers, tags, strict=True)) == {
        header: tag or empty for header, tag in RECOMMENDATION_TAGS.items()
    }
    row = dict(zip(headers, rows[2], strict=True))
    assert (row["mechanism"], row["paragraph"]) == ("CCPR", "6")
    assert row["recommendation"] == "Ratify the Optional Protocol"
    assert row["last action"] == "2005-11-08"
    assert len(rows) == 3


def _query_counts(clients) -> dict[tuple[str, str, bool], int]:
    """The queries each list's file costs, by list, kind of file and with or without tags."""
    counts = {}
    for client, url in clients:
        for kind, read in (("csv", _csv_rows), ("xlsx", _xlsx_rows)):
            for tagged in (False, True):
                params = {"export": kind, **({"hxl": "1"} if tagged else {})}
                with CaptureQueriesContext(connection) as queries:
                    read(client.get(url, params))
                counts[url, kind, tagged] = len(queries.captured_queries)
    return counts


def test_the_tag_row_costs_no_query_at_two_sizes(staff_client, manager_client, activities):
    ActionFactory()
    clients = [
        (staff_client, reverse("programs:activity_list")),
        (manager_client, reverse("humanrights:tracker")),
    ]
    for client, _url in clients:
        client.get(reverse("home"))  # the permissions, read once and kept in the cache
    few = _query_counts(clients)
    for (url, kind, _), count in few.items():
        assert count == few[url, kind, False], (url, kind)
    for _ in range(12):
        ParticipantCountFactory(activity=ActivityFactory(centre=activities.centre))
        ActionFactory()
    assert _query_counts(clients) == few


def test_the_query_count_of_the_tagged_export_does_not_grow_with_the_list(
    staff_client, activities, django_assert_num_queries
):
    url = reverse("programs:activity_list")
    staff_client.get(reverse("home"))  # the permissions, read once and kept in the cache
    with django_assert_num_queries(5) as few:
        _csv_rows(staff_client.get(url, {"export": "csv", "hxl": "1"}))
    for _ in range(15):
        ParticipantCountFactory(activity=ActivityFactory(centre=activities.centre))
    with django_assert_num_queries(len(few.captured_queries)):
        _csv_rows(staff_client.get(url, {"export": "csv", "hxl": "1"}))


def test_the_list_pages_offer_the_tagged_files_and_keep_the_filters(manager_client, activities):
    page = manager_client.get(reverse("programs:activity_list"), {"area": "dialogue"})
    assert "CSV with HXL tags" in page.text
    assert "?area=dialogue&amp;export=csv&amp;hxl=1" in page.text
    assert "?area=dialogue&amp;export=xlsx&amp;hxl=1" in page.text
    assert '?area=dialogue&amp;export=csv"' in page.text
    tracker = manager_client.get(reverse("humanrights:tracker"))
    assert "?export=xlsx&amp;hxl=1" in tracker.text
    assert "Excel with HXL tags" in tracker.text
    # A list whose export declares no tags offers none.
    sessions = manager_client.get(reverse("training:session_list"))
    assert "export=csv" in sessions.text
    assert "HXL" not in sessions.text


def test_a_tagged_page_address_does_not_leak_into_its_links(manager_client, activities):
    page = manager_client.get(reverse("programs:activity_list"), {"area": "dialogue", "hxl": "1"})
    assert page["Content-Type"].startswith("text/html")
    assert '?area=dialogue&amp;export=csv"' in page.text
    # The export links do not carry the page's hxl=1 on to the plain files.
    assert "hxl=1&amp;export" not in page.text
    assert page.text.count("export=csv&amp;hxl=1") == 1


def test_a_tag_does_not_open_a_confidential_column(manager, hr_officer):
    NoteFactory(author=hr_officer, topic="Secret visit to a detention centre")
    export = ListExport(
        stem="notes", title="Notes", columns=[Column("topic", "topic", hxl="#description")]
    )
    refused = pytest.raises(ConfidentialColumn, match="humanrights.MonitoringNote.topic")
    with CaptureQueriesContext(connection) as queries, refused:
        export.response("csv", MonitoringNote.objects.all(), user=hr_officer, hxl=True)
    assert queries.captured_queries == []


@pytest.mark.parametrize(
    "tag,message",
    [
        ("date+start", "write a hashtag and its attributes in lower case"),
        ("=1+1", "write a hashtag and its attributes in lower case"),
        ("#Date+Start", "write a hashtag and its attributes in lower case"),
        ("#participants+f", "#participants is not a hashtag of the HXL 1.1 core dictionary"),
    ],
)
def test_a_tag_outside_the_standard_is_a_mistake_of_the_declaration(tag, message):
    with pytest.raises(ImproperlyConfigured, match=f"“Women” declares the HXL tag .*{message}"):
        Column("Women", "women_total", hxl=tag)


def test_an_export_without_tags_writes_no_tag_row(manager):
    ActivityFactory(title="Dialogue meeting in Khujand")
    export = ListExport(stem="plain", title="Plain", columns=[Column("Title", "title")])
    rows = _csv_rows(export.response("csv", Activity.objects.all(), user=manager, hxl=True))
    assert rows == [["Title"], ["Dialogue meeting in Khujand"]]
