"""The tracker's rows: each recommendation's actions counted and its last action's date,
the page's rows counted by the figures' total (no count of their own), and each row and
overdue follow-up as its reader reads it."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from programs.models import SdgTarget

from .factories import ActionFactory, RecommendationFactory, ThemeFactory

pytestmark = pytest.mark.django_db
TRACKER = reverse("humanrights:tracker")


def test_each_row_counts_its_own_actions_and_dates_the_last(manager_client, manager):
    acted, untouched = RecommendationFactory(paragraph="3"), RecommendationFactory(paragraph="4")
    for day in (datetime.date(2005, 11, 8), datetime.date(2006, 2, 1), datetime.date(2005, 1, 9)):
        ActionFactory(recommendation=acted, taken_on=day, recorded_by=manager)
    response = manager_client.get(TRACKER)
    rows = {row.pk: row for row in response.context["page"].object_list}
    assert rows[acted.pk].action_count == 3
    assert rows[acted.pk].last_action == datetime.date(2006, 2, 1)
    assert rows[untouched.pk].action_count == 0
    assert rows[untouched.pk].last_action is None
    assert response.context["page"].paginator.count == 2


def test_the_rows_are_counted_as_the_filter_finds_them(manager_client):
    RecommendationFactory(text="Protect the Lyuli (Roma) community.")
    RecommendationFactory(text="Guarantee the independence of judges.")
    response = manager_client.get(TRACKER, {"q": "roma"})
    assert response.context["page"].paginator.count == 1
    assert response.context["progress"]["overall"]["total"] == 1
    assert len(response.context["page"].object_list) == 1


def test_a_russian_reader_reads_each_row_and_overdue_follow_up_in_russian(manager_client):
    recommendation = RecommendationFactory(
        document__symbol="CCPR/C/TJK/CO/1",
        paragraph="12",
        text="Guarantee the independence of judges.",
        priority="high",
        status="partial",
        follow_up_due=datetime.date(2006, 7, 18),
    )
    recommendation.themes.add(ThemeFactory(name="Judiciary"), ThemeFactory(name="Detention"))
    target = SdgTarget.objects.get(code="16.3")
    target.title_ru = "Содействовать верховенству права"
    target.save()
    recommendation.sdg_targets.add(target)
    manager_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    page = manager_client.get(TRACKER).text
    # The model's Russian name is lower case; as a label and a column's heading it begins
    # with a capital.
    assert '<label for="id_sdg_target">Задача ЦУР</label>' in page
    assert '<th scope="col" class="optional">Задачи ЦУР</th>' in page
    row = page[page.index("<tbody>", page.index("hr-overdue")) :]
    row = row[: row.index("</tr>")]
    assert "CCPR · CCPR/C/TJK/CO/1" in row
    assert "CCPR/C/TJK/CO/1, п. 12" in row  # on a phone
    assert "Detention, Judiciary" in row  # the themes, by name
    assert '<abbr title="16.3 Содействовать верховенству права">16.3</abbr>' in row
    assert "Высокий" in row and row.count("Выполнено частично") == 2  # the phone's and the column's
    assert '18 июля 2006 <span class="hr-overdue-flag">просрочено</span>' in row
    # The overdue follow-up: its reference, when it was due and how long ago, its status.
    overdue = page[page.index('<ul class="hr-overdue">') :]
    overdue = overdue[: overdue.index("</li>")]
    assert "CCPR/C/TJK/CO/1, п. 12</a> — срок 18 июля 2006 (" in overdue
    assert " назад)," in overdue and "Выполнено частично" in overdue
    detail = manager_client.get(reverse("humanrights:recommendation", args=[recommendation.pk]))
    assert "<dt>Задачи ЦУР</dt><dd>16.3 Содействовать верховенству права</dd>" in detail.text
