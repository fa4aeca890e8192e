"""The results chain in three languages: the demo words its outcomes and outputs in Russian
and Tajik, the project's results page prints them in the reader's language, and a donor
report in Russian lists each outcome statement it would print in English."""

from __future__ import annotations

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from programs.models import Outcome, Output, SdgTarget
from programs.reports import DONOR_REPORT, donor_report_missing_texts
from programs.selectors import donor_report_figures
from tests.factories import DonorFactory, PledgeFactory, ProjectFactory
from untop.reports.services import report_render_html

pytestmark = pytest.mark.django_db

START, END = datetime.date(2005, 6, 1), datetime.date(2006, 5, 31)
TAJIK_LETTERS = re.compile("[ӣӯҳҷқғ]")
MISSING = (
    "No Russian statement for outcome %(code)s of project %(project)s (%(name)s): add it "
    "in the back office."
)


def _said(**values: str) -> str:
    """The missing-statement message as the portal says it to its reader (in the reader's
    language, English here, whatever the report's)."""
    return gettext(MISSING) % values


# The demo ----------------------------------------------------------------------------------


def test_every_demo_statement_has_a_russian_and_a_tajik_wording():
    from demo.programs.indicators import CHAIN, STATEMENTS

    written = {
        text
        for outcomes in CHAIN.values()
        for _code, statement, _targets, outputs in outcomes
        for text in [statement, *(output[1] for output in outputs)]
    }
    assert set(STATEMENTS) == written
    for english, (russian, tajik) in STATEMENTS.items():
        assert re.search("[а-яё]", russian) and not TAJIK_LETTERS.search(russian), english
        assert re.search("[а-яӣӯҳҷқғ]", tajik) and tajik != russian, english


def test_the_demo_loads_outcomes_and_outputs_in_russian_and_tajik(demo):
    for model in (Outcome, Output):
        assert model.objects.exists()
        assert not model.objects.filter(statement_ru="").exists(), model
        assert not model.objects.filter(statement_tg="").exists(), model
    outcome = Outcome.objects.get(project__code="HR-EDU", code="1")
    assert outcome.statement == "Secondary schools teach human rights"
    assert outcome.statement_ru == "В средних школах преподают права человека"
    assert outcome.statement_tg == "Дар мактабҳои миёна ҳуқуқи инсон таълим дода мешавад"
    output = Output.objects.get(outcome__project__code="HR-JUD", code="1.1")
    assert output.statement_ru == "Рекомендации Специального докладчика обсуждены с властями"
    assert output.statement_tg == "Тавсияҳои Маърӯзачии махсус бо мақомот муҳокима шуданд"


# The project's results page ----------------------------------------------------------------


@pytest.fixture
def chain():
    project = ProjectFactory(code="HR-EDU", title="Human rights education")
    outcome = Outcome.objects.create(
        project=project,
        code="1",
        statement="Secondary schools teach human rights",
        statement_ru="В средних школах преподают права человека",
        statement_tg="Дар мактабҳои миёна ҳуқуқи инсон таълим дода мешавад",
    )
    Output.objects.create(
        outcome=outcome,
        code="1.1",
        statement="A human rights curriculum",
        statement_ru="Учебная программа по правам человека",
        statement_tg="Барномаи таълимӣ оид ба ҳуқуқи инсон",
    )
    Output.objects.create(outcome=outcome, code="1.2", statement="Teachers trained")
    return project


@pytest.mark.parametrize(
    ("language", "outcome", "output"),
    [
        ("en", "Secondary schools teach human rights", "A human rights curriculum"),
        (
            "ru",
            "В средних школах преподают права человека",
            "Учебная программа по правам человека",
        ),
        (
            "tg",
            "Дар мактабҳои миёна ҳуқуқи инсон таълим дода мешавад",
            "Барномаи таълимӣ оид ба ҳуқуқи инсон",
        ),
    ],
)
def test_the_results_page_prints_the_statements_in_the_readers_language(
    staff_client, chain, period, language, outcome, output
):
    response = staff_client.get(
        reverse("programs:project_results", args=[chain.pk]), HTTP_ACCEPT_LANGUAGE=language
    )

    assert response.status_code == 200
    page = unescape(response.content.decode())
    assert f": {outcome}</h2>" in page
    assert f": {output}</h3>" in page
    # An output without a translation is printed in English meanwhile.
    assert ": Teachers trained</h3>" in page
    if language != "en":
        assert "Secondary schools teach human rights" not in page


# The donor report --------------------------------------------------------------------------


def _outcome(project, code: str, statement: str, targets=("16.7",), **texts) -> Outcome:
    outcome = Outcome.objects.create(project=project, code=code, statement=statement, **texts)
    outcome.sdg_targets.set(SdgTarget.objects.filter(code__in=targets))
    return outcome


@pytest.fixture
def donor(period):
    donor = DonorFactory(code="NOR", name="Norway (illustrative)", name_ru="Норвегия")
    project = ProjectFactory(code="DLG-05", title_ru="Диалог")
    PledgeFactory(donor=donor, project=project)
    # It serves two targets; the report prints it twice, the list names it once.
    _outcome(project, "1", "Parties settle disputes by dialogue", targets=("16.7", "5.5"))
    _outcome(
        project,
        "2",
        "Political pluralism is accepted",
        statement_ru="Политический плюрализм признан",
        statement_tg="Плюрализми сиёсӣ эътироф шудааст",
    )
    # Serving no SDG target, it is not printed, so not asked for.
    _outcome(project, "3", "Not tagged", targets=())
    # Another donor's project: not in this report.
    _outcome(ProjectFactory(code="EL-05"), "1", "Elsewhere")
    return donor


def _statements_missing(donor, language: str, django_assert_num_queries) -> list[str]:
    figures = donor_report_figures(donor=donor, start=START, end=END)
    with django_assert_num_queries(0):
        missing = donor_report_missing_texts(figures, language)
    return [message for message in missing if "outcome" in message or "результат" in message]


def test_a_russian_report_lists_each_outcome_it_prints_without_a_russian_statement(
    donor, django_assert_num_queries
):
    missing = _statements_missing(donor, "ru", django_assert_num_queries)

    assert missing == [
        _said(code="1", project="DLG-05", name="Parties settle disputes by dialogue")
    ]
    assert _statements_missing(donor, "en", django_assert_num_queries) == []
    # The report prints the English statement meanwhile, and the Russian one it has.
    parameters = {"donor": "NOR", "start": START.isoformat(), "end": END.isoformat()}
    html = unescape(
        report_render_html(kind=DONOR_REPORT, parameters=parameters | {"language": "ru"})
    )
    assert "Parties settle disputes by dialogue" in html
    assert "Политический плюрализм признан" in html
    assert "Political pluralism is accepted" not in html


def test_the_list_reads_no_query_however_many_outcomes(donor, django_assert_num_queries):
    project = donor.pledges.get().project
    for number in range(4, 9):
        _outcome(project, str(number), f"Outcome number {number}")

    missing = _statements_missing(donor, "ru", django_assert_num_queries)

    assert missing == [
        _said(code="1", project="DLG-05", name="Parties settle disputes by dialogue"),
        *(
            _said(code=str(number), project="DLG-05", name=f"Outcome number {number}")
            for number in range(4, 9)
        ),
    ]
