"""In the web preview of the mandate-renewal letter, every figure of its sentences leads to the
records it sums — the activity list, the cascade, the press briefings, the back office's
pledges and implementation actions — and the page it leads to shows that many. Figures no list
counts (regions, centres, State bodies, recommendations) stay plain; no other number of the
prose is left without its link but the dates."""

import re
from decimal import Decimal
from urllib.parse import urlsplit

import lxml.html
import pytest
from django.urls import reverse

from programs.models import MandatePeriod, User
from untop.reports.models import Report

pytestmark = pytest.mark.django_db

WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
WORDS |= {"six": 6, "seven": 7, "eight": 8, "nine": 9}
# Dates as the letter writes them: "1 June 2005", "November 2006", "in 2000".
DATES = re.compile(
    r"\b(?:\d{1,2} )?(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December) \d{4}\b|\bin (?:19|20)\d\d\b"
)
# What no list counts, printed plain in the demo's 2005–06 letter.
UNTRACED = (
    "across five regions",  # regions of the dialogue meetings
    "through eight of its centres",  # centres of the seminars
    "by eight State bodies",  # ministries that held briefings
    "on six recommendations",  # recommendations the follow-up steps implement
)


@pytest.fixture
def manager_client(demo, client):
    from tests.conftest import sign_in_as

    sign_in_as(client, User.objects.get(username="manager"))
    return client


def _letter_preview(client, prose: str = "exact", language: str = "en") -> lxml.html.HtmlElement:
    period = MandatePeriod.objects.get(start="2005-06-01")
    report = Report.objects.create(
        kind="mandate",
        parameters={
            "period": period.pk,
            "start": "2005-06-01",
            "end": "2006-05-31",
            "version": "draft",
            "symbol": "S/2006/355",
            "dated": "2006-05-26",
            "distributed": "2006-05-31",
            "original": "fr",
            "prose": prose,
            "language": language,
        },
        title="Preview",
        requested_by=User.objects.get(username="manager"),
    )
    page = client.get(reverse("reports:preview", args=[report.pk]))
    assert page.status_code == 200
    return lxml.html.fromstring(page.content.decode())


def _prose(tree: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The letter's paragraphs after its title and before its annex (the signature aside)."""
    paragraphs = []
    started = False
    for element in tree.body.iter("p", "h1", "section"):
        if element.tag == "h1" and "un-title" in element.classes:
            started = True
        elif element.tag == "section" and "annex" in element.classes:
            break
        elif started and element.tag == "p" and "signature" not in element.classes:
            paragraphs.append(element)
    return paragraphs


def _words(element) -> str:
    return " ".join(" ".join(element.itertext()).split())


def _number(text: str) -> int:
    """546, 1,045, US$ 2,222,660, six: the figure as a number."""
    text = text.strip()
    if text in WORDS:
        return WORDS[text]
    digits = re.sub(r"[^\d]", "", text)
    assert digits, f"not a figure: {text!r}"
    return int(digits)


def _page(client, href: str) -> str:
    page = client.get(href)
    assert page.status_code == 200, href
    return " ".join(page.content.decode().split())


def _cells(html: str, selector_class: str) -> list[str]:
    return [_words(cell) for cell in lxml.html.fromstring(html).find_class(selector_class)]


def _shown(client, href: str) -> set[int]:
    """What the page a figure leads to counts: each figure it shows as the list's count."""
    html = _page(client, href)
    path = urlsplit(href).path
    if path == reverse("programs:activity_list"):
        line = re.search(
            r"([\d,]+) activit(?:y|ies) · ([\d,]+) [^(<]*\(([\d,]+) women, ([\d,]+) men\)", html
        )
        assert line, href
        return {_number(line.group(1)), _number(line.group(2))}
    if path == reverse("training:cascade"):
        tiles = lxml.html.fromstring(html).find_class("tile")
        return {_number(tile.find("dd").text_content()) for tile in tiles}
    if path == reverse("elections:briefing_list"):
        # The regularity table's total of briefings held (held and approved).
        tree = lxml.html.fromstring(html)
        total = tree.xpath("//table//tfoot/tr")[0]
        return {_number(total.xpath("td")[1].text_content())}
    if path == reverse("admin:programs_pledge_changelist"):
        # The sum of the pledges' US$ equivalents, every pledge on the one page.
        amounts = _cells(html, "field-money_usd")
        count = re.search(r"(\d+) pledges?", html)
        assert count and int(count.group(1)) == len(amounts), href
        total = sum(Decimal(re.sub(r"[^\d.]", "", amount)) for amount in amounts)
        assert total == total.to_integral_value()
        return {int(total)}
    if path == reverse("admin:humanrights_implementationaction_changelist"):
        count = re.search(r"(\d+) implementation actions?", html)
        assert count, href
        return {int(count.group(1))}
    raise AssertionError(f"a figure leads to an unexpected page: {href}")


def test_every_figure_of_the_letters_prose_leads_to_a_list_that_shows_it(manager_client):
    paragraphs = _prose(_letter_preview(manager_client))
    links = [link for p in paragraphs for link in p.find_class("trace")]
    figures = {}
    for link in links:
        figure, href = _number(link.text_content()), link.get("href")
        assert figure in _shown(manager_client, href), (link.text_content(), href)
        figures[link.text_content()] = urlsplit(href).path
    # The letter's figures of S/2006/355, and where each leads.
    activity_list = reverse("programs:activity_list")
    for figure, path in (
        ("546", activity_list),
        ("924", activity_list),
        ("40", reverse("training:cascade")),
        ("1,045", reverse("training:cascade")),
        ("30", activity_list),
        ("80", activity_list),
        ("122", activity_list),
        ("US$ 2,222,660", reverse("admin:programs_pledge_changelist")),
    ):
        assert figures.get(figure) == path, figure
    text = " ".join(_words(p) for p in paragraphs)
    for plain in UNTRACED:
        assert plain in text, plain
    # Dialogue 2, elections 3, training 6, human rights 7, funding 2.
    assert len(links) == 20


def test_no_number_of_the_prose_is_left_without_its_link_but_dates(manager_client):
    for prose in ("exact", "rounded"):
        paragraphs = _prose(_letter_preview(manager_client, prose=prose))
        assert len(paragraphs) > 8
        for paragraph in paragraphs:
            for link in paragraph.find_class("trace"):
                link.drop_tree()
            left = DATES.sub("", _words(paragraph))
            assert not re.search(r"\d", left), (prose, left)


def test_the_rounded_and_the_russian_letters_link_the_same_figures(manager_client):
    def hrefs(tree) -> list[str]:
        return [link.get("href") for p in _prose(tree) for link in p.find_class("trace")]

    exact = hrefs(_letter_preview(manager_client))
    # Russian spells "одна конференция" where English says "a conference": a link more each.
    assert set(hrefs(_letter_preview(manager_client, language="ru"))) == set(exact)
    # Rounded, "over US$ 2 million" says the governments' and all donors' pledges alike: the
    # letter names it once.
    rounded = _prose(_letter_preview(manager_client, prose="rounded"))
    links = [link for p in rounded for link in p.find_class("trace")]
    all_donors = exact[-1]
    assert "donor__id__in" not in all_donors
    assert [link.get("href") for link in links] == exact[:-1]
    assert {"over 500", "over 900", "over 1,000", "over US$ 2 million"} <= {
        link.text_content() for link in links
    }


def test_a_figure_no_list_shows_exactly_is_printed_plain(manager_client):
    from programs.models import Activity, Project

    # One of the period's seminars booked to the treaty-body project: the seminars the letter
    # sums now share only their type, and the list of the period's seminars holds that
    # project's other seminars too.
    seminar = Activity.objects.filter(
        project__code="CP-2005", start__range=("2005-06-01", "2006-05-31")
    ).first()
    Activity.objects.filter(pk=seminar.pk).update(project=Project.objects.get(code="HR-TB"))
    paragraphs = _prose(_letter_preview(manager_client))
    seminars = next(p for p in paragraphs if "training seminars on human rights" in _words(p))
    assert "924" in _words(seminars)
    assert not seminars.find_class("trace")
    # The figures every list shows still lead to it.
    police = next(p for p in paragraphs if "certified" in _words(p))
    assert len(police.find_class("trace")) == 3
