"""The Sustainable Development Goal targets a recommendation serves: ticked in the back office,
shown on its page and in the tracker, which filters by them in a fixed number of queries, and
carried by the recommendations' export and import by their codes."""

import csv
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from demo.humanrights import SDG_TARGETS
from humanrights.models import Recommendation
from programs.models import SdgTarget
from tests.admin_checks import browser_post_data
from tests.conftest import sign_in_as
from untop.imports.engine import ImportInvalid, get_importer, run_import
from untop.imports.reading import Table

from .factories import DocumentFactory, RecommendationFactory, ThemeFactory, make_officer_superuser

pytestmark = pytest.mark.django_db


def _targets(*codes: str) -> list[SdgTarget]:
    """Targets the migration adds (programs 0016), by code."""
    found = {target.code: target for target in SdgTarget.objects.filter(code__in=codes)}
    return [found[code] for code in codes]


def _codes(recommendation: Recommendation) -> list[str]:
    return sorted(target.code for target in recommendation.sdg_targets.all())


# -- where recommendations are edited -------------------------------------------------------


@pytest.fixture
def officer_client(centre):
    client = Client()
    sign_in_as(client, make_officer_superuser(username="hr-admin", home_centre=centre))
    return client


def test_an_officer_ticks_the_targets_in_the_back_office(officer_client):
    recommendation = RecommendationFactory()
    url = reverse("admin:humanrights_recommendation_change", args=[recommendation.pk])
    page = officer_client.get(url)
    target = _targets("16.3")[0]
    # Every target is offered, by its code and title.
    assert str(target) in page.text
    data = browser_post_data(page.text)
    assert "sdg_targets" not in data  # none ticked yet

    data["sdg_targets"] = [str(t.pk) for t in _targets("16.3", "16.10")]
    assert officer_client.post(url, data).status_code == 302
    recommendation.refresh_from_db()
    assert _codes(recommendation) == ["16.10", "16.3"]

    # Opened again, the ticked targets stay ticked, and one is taken off.
    data = browser_post_data(officer_client.get(url).text)
    assert sorted(data["sdg_targets"]) == sorted(str(t.pk) for t in _targets("16.3", "16.10"))
    data["sdg_targets"] = [str(_targets("16.10")[0].pk)]
    assert officer_client.post(url, data).status_code == 302
    assert _codes(recommendation) == ["16.10"]


def test_the_recommendations_page_lists_its_targets(client, hr_officer):
    recommendation = RecommendationFactory()
    recommendation.sdg_targets.set(_targets("5.5", "16.7"))
    client.force_login(hr_officer)
    page = client.get(reverse("humanrights:recommendation", args=[recommendation.pk])).text
    assert "SDG targets" in page
    for target in _targets("5.5", "16.7"):
        assert f"{target.code} {target.title}".replace("'", "&#x27;") in page
    assert "16.10" not in page


# -- the tracker ----------------------------------------------------------------------------


def _paragraphs(response) -> list[str]:
    return [r.paragraph for r in response.context["page"].object_list]


def test_a_target_narrows_the_tracker_each_recommendation_once(manager_client):
    RecommendationFactory(paragraph="6").sdg_targets.set(_targets("16.3", "16.6"))
    RecommendationFactory(paragraph="7").sdg_targets.set(_targets("16.3"))
    RecommendationFactory(paragraph="8").sdg_targets.set(_targets("5.5"))
    RecommendationFactory(paragraph="9")
    url = reverse("humanrights:tracker")
    [target] = _targets("16.3")
    response = manager_client.get(url, {"sdg_target": target.pk})
    assert _paragraphs(response) == ["6", "7"]
    assert response.context["progress"]["overall"]["total"] == 2
    # The rows show their targets' codes.
    assert "16.6" in response.text
    # The export writes what is filtered, each recommendation's targets in the UN's order.
    export = manager_client.get(url, {"sdg_target": target.pk, "export": "csv"})
    rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert [(row["paragraph"], row["SDG targets"]) for row in rows] == [
        ("6", "16.3; 16.6"),
        ("7", "16.3"),
    ]


def test_an_unknown_target_shows_its_error_and_no_rows(manager_client):
    RecommendationFactory()
    response = manager_client.get(reverse("humanrights:tracker"), {"sdg_target": 99999})
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert _paragraphs(response) == []


def test_the_tracker_by_target_runs_a_fixed_number_of_queries(
    manager_client, django_assert_num_queries
):
    targets = _targets("16.3", "16.10", "16.a")
    theme = ThemeFactory(name="Judiciary")

    def add(n: int) -> None:
        for _ in range(n):
            recommendation = RecommendationFactory()
            recommendation.sdg_targets.set(targets)
            recommendation.themes.add(theme)

    add(2)
    url = reverse("humanrights:tracker")
    query = {"sdg_target": targets[0].pk}
    manager_client.get(reverse("home"))  # the permissions, read once and kept in the cache
    with CaptureQueriesContext(connection) as few:
        assert len(_paragraphs(manager_client.get(url, query))) == 2
    add(10)
    with django_assert_num_queries(len(few.captured_queries)):
        response = manager_client.get(url, query)
    assert len(_paragraphs(response)) == 12


# -- export and import ----------------------------------------------------------------------

HEADERS = ["document", "paragraph", "text", "priority", "follow_up_due", "themes", "sdg_targets"]


def _run(rows, user, headers=HEADERS):
    importer = get_importer("recommendations")(acting_user=user)
    return run_import(importer, Table(headers=headers, rows=rows), acting_user=user)


def _export(client) -> list[dict]:
    response = client.post(
        reverse("admin:humanrights_recommendation_export"),
        {"format": "0", **{f"recommendationresource_{name}": "on" for name in HEADERS}},
    )
    assert response.status_code == 200
    text = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.DictReader(io.StringIO(text.decode("utf-8-sig"))))


def test_the_export_and_import_carry_the_targets_codes(officer_client, hr_officer):
    DocumentFactory(symbol="CCPR/CO/84/TJK")
    _run(
        [
            [
                "CCPR/CO/84/TJK",
                "18",
                "Guarantee the independence of judges.",
                "high",
                "",
                "",
                "16.10; 16.3",
            ],
            [
                "CCPR/CO/84/TJK",
                "7",
                "Increase women's participation.",
                "medium",
                "",
                "",
                "5.5;16.7",
            ],
            ["CCPR/CO/84/TJK", "16", "Prevent trafficking.", "medium", "", "", ""],
        ],
        hr_officer,
    )
    saved = {r.paragraph: _codes(r) for r in Recommendation.objects.all()}
    assert saved == {"18": ["16.10", "16.3"], "7": ["16.7", "5.5"], "16": []}

    exported = _export(officer_client)
    # Written in the UN's order: 16.3 before 16.10.
    assert {row["paragraph"]: row["sdg_targets"] for row in exported} == {
        "18": "16.3; 16.10",
        "7": "5.5; 16.7",
        "16": "",
    }

    # Read back after the targets were lost, the exported rows give them back.
    for recommendation in Recommendation.objects.all():
        recommendation.sdg_targets.clear()
    _run([[row[name] for name in HEADERS] for row in exported], hr_officer)
    assert {r.paragraph: _codes(r) for r in Recommendation.objects.all()} == saved


def test_a_file_naming_other_targets_replaces_them_and_one_without_the_column_keeps_them(
    hr_officer,
):
    recommendation = RecommendationFactory(document__symbol="CERD/C/65/CO/8", paragraph="15")
    recommendation.sdg_targets.set(_targets("16.3"))
    row = ["CERD/C/65/CO/8", "15", "Establish a national human rights institution.", "high"]
    _run([[*row, "", "", "16.a"]], hr_officer)
    assert _codes(recommendation) == ["16.a"]
    _run([row], hr_officer, headers=HEADERS[:4])
    assert _codes(recommendation) == ["16.a"]
    _run([[*row, "", "", ""]], hr_officer)
    assert _codes(recommendation) == []


def test_an_unknown_target_code_is_refused_naming_its_row_and_column(hr_officer):
    DocumentFactory(symbol="CCPR/CO/84/TJK")
    with pytest.raises(ImportInvalid) as invalid:
        _run(
            [
                [
                    "CCPR/CO/84/TJK",
                    "6",
                    "Adopt a law on domestic violence.",
                    "high",
                    "",
                    "",
                    "16.1",
                ],
                [
                    "CCPR/CO/84/TJK",
                    "7",
                    "Increase women's participation.",
                    "medium",
                    "",
                    "",
                    "5.5; 16.99",
                ],
            ],
            hr_officer,
        )
    [error] = invalid.value.errors
    assert (error.row, error.column) == (3, "sdg_targets")
    assert error.message == "No SDG target has the code “16.99”."
    assert not Recommendation.objects.exists()  # every row or none


# -- the demo -------------------------------------------------------------------------------


def test_the_demo_recommendations_carry_their_targets(demo):
    loaded = {
        (r.document.symbol, r.paragraph): _codes(r)
        for r in Recommendation.objects.select_related("document")
        if r.sdg_targets.exists()
    }
    assert loaded == {key: sorted(codes) for key, codes in SDG_TARGETS.items()}
