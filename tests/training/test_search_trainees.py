"""The trainee list's search: the same trainees on SQLite and on PostgreSQL, read from the
trigram index on PostgreSQL, and only for those who may see trainees."""

import pytest
from django.db import connection
from django.urls import reverse

from training.models import Trainee

from .factories import TraineeFactory

pytestmark = pytest.mark.django_db
LIST = reverse("training:trainee_list")
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigram index is PostgreSQL's"
)


@pytest.fixture
def trainees():
    return {
        "rahimov": TraineeFactory(
            family_name="Rahimov", given_name="Farrukh", personnel_number="MVD-0012"
        ),
        "rahimova": TraineeFactory(family_name="Rahimova", given_name="Zarina", unit="OVD Vahdat"),
        "saidov": TraineeFactory(
            family_name="Saidov", given_name="Rustam", organisation="Border Guard"
        ),
        "nazarova": TraineeFactory(family_name="Назарова", given_name="Дильноза"),
    }


@pytest.mark.parametrize(
    "text,expected",
    [
        ("rahim", ["rahimov", "rahimova"]),  # part of the family name, any case; by name
        ("zarina", ["rahimova"]),  # the given name
        ("mvd-0012", ["rahimov"]),  # the personnel number
        ("border", ["saidov"]),  # the organisation
        ("vahdat", ["rahimova"]),  # the unit
        ("Назар", ["nazarova"]),  # Cyrillic, as written
        ("Captain", []),  # the position is not searched
        ("Rahimov Farrukh", []),
    ],
)
def test_the_search_finds_the_same_trainees_on_every_database(
    manager_client, trainees, text, expected
):
    response = manager_client.get(LIST, {"q": text})
    names = {trainee.pk: name for name, trainee in trainees.items()}
    assert [names[t.pk] for t in response.context["page"].object_list] == expected
    assert response.context["page"].paginator.count == len(expected)


@pytest.mark.parametrize("who", ["hr_client", "admin_client_"])
def test_who_may_not_see_trainees_cannot_search_them(request, trainees, hr_officer, who):
    if who == "hr_client":
        client = request.getfixturevalue("client")
        client.force_login(hr_officer)
    else:
        client = request.getfixturevalue(who)
    for query in (
        {"q": "rahim"},
        {"q": "rahim", "export": "csv"},
        {"after": trainees["saidov"].pk},
    ):
        response = client.get(LIST, query)
        assert response.status_code == 403
        assert b"Rahimov" not in response.content


def test_the_searched_pages_carry_an_id_never_a_name(manager_client, monkeypatch, trainees):
    monkeypatch.setattr("training.views.TRAINEES_PER_PAGE", 1)
    first = manager_client.get(LIST, {"q": "rahim"})
    assert [t.family_name for t in first.context["page"].object_list] == ["Rahimov"]
    assert f'href="?q=rahim&amp;after={trainees["rahimov"].pk}"' in first.text
    assert "after=Rahimov" not in first.text and "Farrukh" not in first.text.split("pagination")[-1]
    second = manager_client.get(LIST, {"q": "rahim", "after": trainees["rahimov"].pk})
    assert [t.family_name for t in second.context["page"].object_list] == ["Rahimova"]
    assert not second.context["page"].has_next


@on_postgresql
@pytest.mark.parametrize("text", ["rahim", "MVD-0012", "vahdat"])
def test_postgresql_reads_the_search_from_the_trigram_index(trainees, text):
    sql, params = Trainee.objects.search(text).order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        # A few rows: only a bitmap of an index may read them, the trigram index or none.
        for kind in ("seqscan", "indexscan", "indexonlyscan"):
            cursor.execute(f"SET LOCAL enable_{kind} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(line for (line,) in cursor.fetchall())
    assert "trainee_search_text_trgm" in plan
    assert "Seq Scan" not in plan


def test_a_search_finding_more_than_the_limit_says_so(manager_client, trainees, monkeypatch):
    monkeypatch.setattr("training.views.SEARCH_COUNTED_UP_TO", 1)
    response = manager_client.get(LIST, {"q": "rahim"})
    assert response.context["page"].paginator.more_than == 1
    assert "More than 1 trainees match the search" in response.text
    # Both are still listed, in the list's order.
    assert [t.family_name for t in response.context["page"].object_list] == [
        "Rahimov",
        "Rahimova",
    ]


def test_a_search_finding_up_to_the_limit_is_counted(manager_client, trainees, monkeypatch):
    monkeypatch.setattr("training.views.SEARCH_COUNTED_UP_TO", 2)
    response = manager_client.get(LIST, {"q": "rahim"})
    assert response.context["page"].paginator.more_than is None
    assert "2 trainees" in response.text
    # Without a search the whole list is counted, however long.
    response = manager_client.get(LIST)
    assert response.context["page"].paginator.more_than is None
    assert "4 trainees" in response.text
