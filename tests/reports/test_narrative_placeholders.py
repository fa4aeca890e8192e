"""Managers name the letter's figures in its narrative ({dialogue_participants}); the report
prints them from the data. A name a section does not know is refused, naming it; a section
nobody has written starts from the Secretariat's usual wording; the demo's 2005–06 letter
says what S/2006/355 says."""

import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from programs.letter_defaults import LETTER_DEFAULTS
from programs.mandate_report import MANDATE_REPORT
from programs.models import MandatePeriod, User
from tests.conftest import sign_in_as
from untop.reports.models import Narrative, NarrativeRevision, Report
from untop.reports.narratives import narrative_save
from untop.reports.services import report_render_html

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(demo):
    return User.objects.get(username="manager")


def _parameters(start: str = "2005-06-01", **overrides) -> dict:
    period = MandatePeriod.objects.get(start=start)
    form = MANDATE_REPORT.form_class(
        {
            "period": period.pk,
            "version": "final",
            "dated": "2006-05-26",
            "distributed": "2006-05-31",
            "original": "fr",
            **overrides,
        }
    )
    assert form.is_valid(), form.errors
    return form.to_parameters()


def _letter(manager, **overrides) -> Report:
    parameters = _parameters(**overrides)
    return Report.objects.create(
        kind="mandate", parameters=parameters, title="Letter", requested_by=manager
    )


def _text(markup: str) -> str:
    """The letter's words as a reader sees them: tags out, spaces (and Russian thin or
    non-breaking spaces in figures) as one space."""
    words = html.unescape(re.sub(r"<[^>]+>", " ", markup))
    return " ".join(words.replace("\xa0", " ").replace("\u202f", " ").split())


def _body(parameters: dict, *, preview: bool = False) -> str:
    """The letter's body, without the annex (which states the exact figures anyway)."""
    markup = report_render_html(kind=MANDATE_REPORT, parameters=parameters, preview=preview)
    return markup.split('<section class="annex">')[0]


def _publish(manager, parameters, section, text, language="en"):
    return narrative_save(
        kind=MANDATE_REPORT,
        scope=MANDATE_REPORT.narrative_scope(parameters),
        section=section,
        language=language,
        text=text,
        publish=True,
        acting_user=manager,
    )


# -- refused with its name ---------------------------------------------------------------------


def test_an_unknown_figure_is_refused_with_its_name_and_nothing_is_saved(manager):
    parameters = _parameters()
    before = NarrativeRevision.objects.count()
    with pytest.raises(ValidationError) as refused:
        _publish(manager, parameters, "context", "It brought {dialog_participants} together.")
    message = " ".join(refused.value.message_dict["text"])
    assert "{dialog_participants} is not a figure this section knows; it knows:" in message
    assert "{dialogue_participants}" in message and "{extension_until}" in message
    # An area section knows its own figures only, not the letter's.
    with pytest.raises(ValidationError) as refused:
        _publish(manager, parameters, "training", "{dialogue_participants} in {seminar_centres}")
    message = " ".join(refused.value.message_dict["text"])
    assert "{dialogue_participants} is not a figure this section knows" in message
    assert "{police_staff_trained}" in message and "{seminar_centres} is not" not in message
    assert NarrativeRevision.objects.count() == before


def test_an_unmatched_brace_is_refused_and_nothing_is_saved(manager):
    parameters = _parameters()
    before = NarrativeRevision.objects.count()
    with pytest.raises(ValidationError) as refused:
        _publish(manager, parameters, "national_dialogue", "over {dialogue_participants people")
    assert "An unmatched “{”" in " ".join(refused.value.message_dict["text"])
    with pytest.raises(ValidationError, match="unmatched “}”"):
        _publish(manager, parameters, "national_dialogue", "a stray } brace")
    assert NarrativeRevision.objects.count() == before


def test_the_page_shows_the_refusal_on_that_sections_form(client, manager):
    report = _letter(manager, start="2004-06-01", version="draft", dated="2005-05-26")
    sign_in_as(client, manager)
    url = reverse("reports:narrative", args=[report.pk])
    response = client.post(
        url, {"section": "training", "text": "Trained {police_staff}.", "opened_revision": "0"}
    )
    assert response.status_code == 200
    page = response.text
    training = page[
        page.index('id="narrative-training"') : page.index('id="narrative-humanrights"')
    ]
    assert "{police_staff} is not a figure this section knows; it knows:" in html.unescape(training)
    # The manager's words stay in the box, and nothing was saved.
    assert "Trained {police_staff}." in html.unescape(training)
    assert not Narrative.objects.filter(scope=MANDATE_REPORT.narrative_scope(report.parameters))


# -- the figures printed -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "language,prose,expected",
    [
        (
            "en",
            "rounded",
            [
                "over 500 people in six meetings",
                "until 1 June 2007",
                "pledged over US$ 2 million",
                "trained over 1,000 staff, three bulletin issues",
            ],
        ),
        (
            "en",
            "exact",
            [
                "546 people in six meetings",
                "pledged US$ 2,222,660",
                "trained 1,045 staff, three bulletin issues",
            ],
        ),
        (
            "ru",
            "rounded",
            [
                "более 500 человек на шести",  # the text's own words after the figure
                "до 1 июня 2007 года",
                "более 2 млн долларов США",
                "обучено более 1 000, выпусков: три",
            ],
        ),
        ("ru", "exact", ["546 человек на шести", "2 222 660 долларов США", "обучено 1 045,"]),
    ],
)
def test_a_figure_prints_as_the_report_states_figures(manager, language, prose, expected):
    parameters = _parameters(language=language, prose=prose)
    if language == "en":
        letter_text = (
            "Our count: {dialogue_participants} people in {dialogue_meetings} meetings, "
            "until {extension_until}; governments pledged {pledged_by_governments}."
        )
        training_text = (
            "Cascade: trained {police_staff_trained} staff, {bulletin_issues} bulletin issues."
        )
    else:
        letter_text = (
            "Итог: {dialogue_participants} человек на шести встречах, "
            "до {extension_until}; правительства объявили {pledged_by_governments}."
        )
        training_text = "Каскад: обучено {police_staff_trained}, выпусков: {bulletin_issues}."
    _publish(manager, parameters, "context", letter_text, language)
    _publish(manager, parameters, "training", training_text, language)
    text = _text(_body(parameters))
    for words in expected:
        assert words in text
    assert "{" not in text  # every name was replaced by its figure


def test_doubled_braces_print_one_brace(manager):
    parameters = _parameters()
    _publish(
        manager,
        parameters,
        "context",
        "Write {{dialogue_participants}} for the figure, which is {dialogue_participants}.",
    )
    text = _text(_body(parameters))
    assert "Write {dialogue_participants} for the figure, which is over 500." in text


def test_the_preview_links_a_traced_figure_to_its_records(manager):
    parameters = _parameters(prose="exact")
    _publish(manager, parameters, "context", "Meetings brought {dialogue_participants} people.")
    body = _body(parameters, preview=True)
    link = re.search(r'Meetings brought <a class="trace" href="([^"]+)"[^>]*>546</a>', body)
    assert link and "kind=meeting" in link.group(1) and "area=dialogue" in link.group(1)
    assert "Meetings brought 546 people." in _text(_body(parameters))  # no link in the PDF


# -- the usual wording -------------------------------------------------------------------------


def _section(page: str, code: str) -> str:
    start = page.index(f'id="narrative-{code}"')
    end = page.find('<section class="card narrative-section"', start)
    return html.unescape(page[start : end if end > 0 else len(page)])


def test_an_empty_section_offers_the_usual_wording_and_its_figures(client, manager):
    # 2004–05: nothing written for that letter.
    report = _letter(manager, start="2004-06-01", version="draft", dated="2005-05-26")
    sign_in_as(client, manager)
    url = reverse("reports:narrative", args=[report.pk])
    page = client.get(url).text
    extension = _section(page, "extension")
    assert "The Secretariat's usual wording, to adapt; nothing is saved" in extension
    assert "in response to the request of the Government of Tajikistan" in extension
    assert "until {extension_until}." in extension
    # The figures it may name, what each is and what it prints for this letter.
    row = re.search(r"\{extension_until\}</code></td><td>([^<]+)</td><td[^>]*>([^<]+)<", extension)
    assert row.group(1) == "The day the proposed extension runs until"
    assert row.group(2) == "1 June 2006"
    training = _section(page, "training")
    assert "The UNTOP civilian police adviser" in training
    assert "{police_staff_trained}" in training and "{dialogue_participants}" not in training
    assert not NarrativeRevision.objects.filter(
        narrative__scope=MANDATE_REPORT.narrative_scope(report.parameters)
    ).exists()

    # Once a draft is saved, the section shows it, not the usual wording.
    client.post(url, {"section": "extension", "text": "Our own words.", "opened_revision": "0"})
    extension = _section(client.get(url).text, "extension")
    assert "Our own words." in extension
    assert "usual wording" not in extension
    assert "request of the Government" not in extension


def test_the_russian_letter_offers_the_russian_wording(client, manager):
    report = _letter(
        manager, start="2004-06-01", version="draft", dated="2005-05-26", language="ru"
    )
    sign_in_as(client, manager)
    page = client.get(reverse("reports:narrative", args=[report.pk])).text
    extension = _section(page, "extension")
    assert "в ответ на просьбу правительства Таджикистана" in extension
    assert "1 июня 2006 года" in extension  # {extension_until} as the Russian letter prints it


def test_the_usual_wording_names_every_figure_and_types_none():
    """A figure typed in the usual wording would be wrong for every other period."""
    from elections.reports import MANDATE_DEFAULTS as elections
    from humanrights.reports import MANDATE_DEFAULTS as humanrights
    from training.reports import MANDATE_DEFAULTS as training

    texts = [text for slots in LETTER_DEFAULTS.values() for text in slots.values()]
    texts += [text for area in (elections, humanrights, training) for text in area.values()]
    assert len(texts) == 12
    for text in texts:
        assert not re.search(r"\d", text), text


def test_the_narrative_page_runs_a_fixed_number_of_queries(
    client, manager, django_assert_num_queries, django_assert_max_num_queries
):
    report = _letter(manager)
    sign_in_as(client, manager)
    url = reverse("reports:narrative", args=[report.pk])
    client.get(url)  # sessions and caches warmed
    # The page reads the letter's figures once, for the table of each section's figures.
    with django_assert_max_num_queries(80) as first:
        assert client.get(url).status_code == 200
    # More versions of more sections, in both languages: the same queries.
    for section in ("context", "training", "humanrights", "extension"):
        for language in ("en", "ru"):
            _publish(manager, report.parameters, section, f"New {section}.", language)
    with django_assert_num_queries(len(first.captured_queries)):
        assert client.get(url).status_code == 200


# -- the demo's letter -------------------------------------------------------------------------


def test_the_demo_2005_06_letter_says_what_s_2006_355_says(demo):
    english = _text(_body(_parameters()))
    for statement in (
        "ensuring the irreversibility of the peace process",
        "during the past six years of peacebuilding",
        "brought together over 500 government officials",
        "a unique forum for building mutual trust and consensus",
        "With guidance from a United Nations electoral needs assessment mission",
        "presidential elections of November 2006",
        "to be executed in close cooperation with the national electoral authorities",
        "regular press briefings by State ministries",
        "for over 900 community leaders",
        "through eight of its centres",
        "certified 40 instructors, who in turn trained over 1,000 Ministry of the Interior staff",
        "The UNTOP civilian police adviser enacted the process of training",
        "training abroad of 30 Ministry of the Interior personnel",
        "a national unit for possible participation in United Nations operations",
        "improves the transparency of the Ministry of the Interior",
        "through a conference with 80 participants",
        "in close cooperation with the Office of the United Nations High Commissioner for Human "
        "Rights",
        "four seminars with over 100 participants",
        "closely monitored human rights developments in the country and advised the authorities "
        "on politically sensitive issues",
        "pledged over US$ 2 million",
        "in response to the request of the Government of Tajikistan, it is my intention to "
        "continue the activities of UNTOP for a further period of one year, until 1 June 2007.",
    ):
        assert statement in english
    # The default closing paragraph gave way to the Secretariat's: the extension is said once.
    assert english.count("it is my intention to continue") == 1
    russian = _text(_body(_parameters(language="ru")))
    for statement in (
        "необратимости мирного процесса",
        "с 2000 года",
        "более 500 человек",
        "уникальным форумом для укрепления взаимного доверия",
        "президентских выборов в ноябре 2006 года",
        "в тесном сотрудничестве с национальными избирательными органами",
        "советником ЮНТОП по вопросам гражданской полиции",
        "национального подразделения для возможного участия в операциях",
        "Управлением Верховного комиссара Организации Объединённых Наций по правам человека",
        "консультировало власти по политически деликатным вопросам",
        "в ответ на просьбу правительства Таджикистана я намерен продлить деятельность ЮНТОП "
        "ещё на один год, до 1 июня 2007 года.",
    ):
        assert statement in russian
    assert russian.count("я намерен продлить") == 1
