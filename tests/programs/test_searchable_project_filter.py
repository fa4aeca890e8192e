"""The lists' project filter stays short however many projects the office has
(untop.widgets.SearchableSelect): every project up to the limit, past it only the chosen one,
the rest searched as the user types (programs:project_options)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs.models import Project
from tests.factories import ActivityFactory, ProjectFactory
from untop.widgets import SEARCHABLE_SELECT_LIMIT

LIST = reverse("programs:activity_list")
OPTIONS = reverse("programs:project_options")


def _project_select(html: str) -> str:
    return re.search(r'<select name="project".*?</select>', html, re.S).group(0)


def _options(select: str) -> list[str]:
    return re.findall(r"<option value=\"([^\"]*)\"", select)


@pytest.fixture
def many_projects(db):
    return ProjectFactory.create_batch(SEARCHABLE_SELECT_LIMIT + 1)


def test_a_small_office_gets_every_project_in_a_plain_select(staff_client, db):
    projects = ProjectFactory.create_batch(3)

    select = _project_select(staff_client.get(LIST).text)

    assert _options(select) == ["", *(str(p.pk) for p in sorted(projects, key=str))]
    assert "data-options-url" not in select and "data-search" not in select


def test_past_the_limit_the_page_holds_only_the_chosen_project(staff_client, many_projects):
    chosen = many_projects[57]
    ActivityFactory(project=chosen, title="Seminar of the chosen project")
    ActivityFactory(project=many_projects[3], title="Seminar of another project")

    response = staff_client.get(LIST, {"project": chosen.pk})
    select = _project_select(response.text)

    assert _options(select) == ["", str(chosen.pk)]
    assert f'<option value="{chosen.pk}" selected>{chosen}</option>' in select
    assert f'data-options-url="{OPTIONS}"' in select and "data-search" in select
    assert "Seminar of the chosen project" in response.text
    assert "Seminar of another project" not in response.text


def test_past_the_limit_nothing_chosen_is_only_the_empty_choice(staff_client, many_projects):
    for value in ({}, {"project": "not-a-number"}, {"project": "999999"}):
        select = _project_select(staff_client.get(LIST, value).text)
        assert _options(select) == [""], value


def test_the_list_reads_the_same_number_of_queries_with_few_and_many_projects(staff_client, db):
    ProjectFactory.create_batch(2)
    staff_client.get(LIST)  # the permissions and the list's count, cached
    with CaptureQueriesContext(connection) as few:
        staff_client.get(LIST)
    ProjectFactory.create_batch(SEARCHABLE_SELECT_LIMIT * 2)
    staff_client.get(LIST)
    with CaptureQueriesContext(connection) as many:
        staff_client.get(LIST)

    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_options_are_the_projects_whose_code_or_title_holds_the_text(staff_client, db):
    ProjectFactory(code="ND-SEM", title="Seminars at the centres")
    ProjectFactory(code="HR-TRK", title="Tracking seminar recommendations")
    ProjectFactory(code="EL-001", title="Elections")
    ProjectFactory.create_batch(25, title="Police training")

    found = staff_client.get(OPTIONS, {"q": "SEMINAR"}).json()["results"]
    by_code = staff_client.get(OPTIONS, {"q": "el-0"}).json()["results"]
    many = staff_client.get(OPTIONS, {"q": "police"}).json()["results"]

    assert [row["text"] for row in found] == [
        "HR-TRK Tracking seminar recommendations",
        "ND-SEM Seminars at the centres",
    ]
    assert by_code == [
        {"value": str(Project.objects.get(code="EL-001").pk), "text": "EL-001 Elections"}
    ]
    assert len(many) == 20
