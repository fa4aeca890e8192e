"""Text search and far pages of the long lists, on the synthetic data set.

Targets (at scale 1): a text search of the activity list, the trainee list or the
recommendations tracker answers in a median of 50 ms at most; page 2,000 of the activity
list takes at most 1.5 times as long as page 1, in the same number of queries.

A search is timed as a user meets it: each request searches for a text not searched before
(another word, another activity's number, another trainee's name), so the list's count and
totals for it are not in the figures cache yet, while the rest of the page's cached figures
are. The pages are requested through Django's test client, signed in as the synthetic
manager, like the pages of bench/pages.py. Far pages: page 1 and page 2,000 (the rows after
the 49,975th activity, as the list's "Next" link gives them) are each requested repeatedly.

Each search's row also gives the median of the same list without a search
(``page_without_search_ms``): the page's own part of the time.

`make bench` times the searches in the rounds of the pages (`SearchRounds`, called by
bench/runner.py between them). `measure_search(client)` times them in one go, and
`measure_far_page(client)` the far page; `measure()` signs in and returns both, with
`targets_met` (the shape bench/runner.py reads of a measure).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.http import urlencode

from .pages import BenchError, percentile

SEARCH_TARGET_MS = 50.0
FAR_PAGE_RATIO_TARGET = 1.5
FAR_PAGE = 2000
ITERATIONS = 15
WARM_UP = 2


@dataclass(frozen=True)
class Search:
    """A list's search, with the texts to search for: one per request."""

    name: str
    route: str
    texts: Callable[[int], list[str]]


def _activity_numbers(n: int) -> list[str]:
    # "no. 51234": the number the synthetic titles end with, of activities spread over the list.
    from programs.models import Activity

    titles = Activity.objects.order_by("pk").values_list("title", flat=True)
    step = max(1, titles.count() // (n + 1))
    return [title[title.rfind("no. ") :] for title in titles[step::step][:n] if "no. " in title]


def _words(n: int) -> list[str]:
    # Words of the synthetic titles and narratives: each in about a third of the activities.
    from demo.synthetic.programs import WORDS

    return [WORDS[i % len(WORDS)] for i in range(n)]


def _project_codes(n: int) -> list[str]:
    from programs.models import Project

    return list(
        Project.objects.filter(code__startswith="SYN-")
        .order_by("code")
        .values_list("code", flat=True)[:n]
    )


def _trainee_names(n: int) -> list[str]:
    # Family and given names in turn, as someone looking for one person types them.
    from demo.synthetic.training import FAMILY_NAMES, GIVEN_NAMES

    names = [name for pair in zip(FAMILY_NAMES, GIVEN_NAMES, strict=False) for name in pair]
    return [names[i % len(names)] for i in range(n)]


def _personnel_numbers(n: int) -> list[str]:
    from training.models import Trainee

    numbers = Trainee.objects.exclude(personnel_number="").order_by("pk")
    step = max(1, numbers.count() // (n + 1))
    return list(numbers.values_list("personnel_number", flat=True)[step::step][:n])


def _recommendation_words(n: int) -> list[str]:
    # The words of the synthetic themes, whole and begun ("judic", "traffic").
    from demo.synthetic.humanrights import THEMES

    words = sorted({word for theme in THEMES for word in theme.split(": ")[1].split()})
    words = [word for word in words if len(word) > 3]
    texts = words + [word[: max(4, len(word) - 3)] for word in words]
    return [texts[i % len(texts)] for i in range(n)]


def _document_symbols(n: int) -> list[str]:
    from humanrights.models import Document

    symbols = Document.objects.filter(symbol__startswith="SYN/").order_by("pk")
    return list(symbols.values_list("symbol", flat=True)[:n])


SEARCHES = [
    Search("Search activities: an activity's number", "programs:activity_list", _activity_numbers),
    Search("Search activities: a common word", "programs:activity_list", _words),
    Search("Search activities: a project code", "programs:activity_list", _project_codes),
    Search("Search trainees: a name", "training:trainee_list", _trainee_names),
    Search("Search trainees: a personnel number", "training:trainee_list", _personnel_numbers),
    Search("Search recommendations: a word", "humanrights:tracker", _recommendation_words),
    Search("Search recommendations: a document", "humanrights:tracker", _document_symbols),
]


def _get(client: Client, url: str):
    response = client.get(url)
    if response.status_code != 200:
        raise BenchError(f"{url} answered {response.status_code}.")
    return response


def _timed(client: Client, url: str) -> float:
    began = time.perf_counter()
    _get(client, url)
    return (time.perf_counter() - began) * 1000


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        _get(client, url)
    return len(queries.captured_queries)


class SearchRounds:
    """The searches timed in rounds, as the pages are (bench/runner.py): each round times its
    share of each search's texts, and of its list's page without a search, so that the
    `iterations` requests of a search come from moments minutes apart and a slow spell of the
    machine falls on them as on the pages. Texts are taken in turn over the rounds: each
    request still searches for a text not searched before.

    Made on the data set the searches are timed on (it reads the texts from it); `time_round`
    is called on that data set, then `rows` gives the figures."""

    def __init__(self, client: Client, *, iterations: int = ITERATIONS):
        self.client = client
        self.iterations = iterations
        self.urls: dict[str, list[str]] = {}
        for search in SEARCHES:
            texts = search.texts(WARM_UP + iterations + 1)
            if len(texts) < WARM_UP + iterations + 1:
                raise BenchError(f"{search.name}: too few texts to search for; generate the data.")
            base = reverse(search.route)
            self.urls[search.name] = [f"{base}?{urlencode({'q': text})}" for text in texts]
        self.times: dict[str, list[float]] = {search.name: [] for search in SEARCHES}
        # What each list's page costs without a search (its figures cached): the part of a
        # search's time that is the page's own.
        self.without: dict[str, list[float]] = {route: [] for route in self._routes()}
        self.warmed = False

    @staticmethod
    def _routes() -> list[str]:
        return list(dict.fromkeys(search.route for search in SEARCHES))

    def time_round(self, share: int) -> None:
        """Time the next `share` texts of each search (at most `iterations` in all), and
        `share` requests of each list without a search."""
        # Each list first, untimed, in every round as each page is: the pages timed since the
        # last round may have emptied the figures cache (the dashboard's "cache emptied" row
        # does), and a search keeps the rest of its page's figures cached.
        for route in self._routes():
            for _ in range(WARM_UP):
                _get(self.client, reverse(route))
        if not self.warmed:  # each search's path once (its texts are not to be searched twice)
            for urls in self.urls.values():
                for url in urls[:WARM_UP]:
                    _get(self.client, url)
            self.warmed = True
        for route in self._routes():
            url = reverse(route)
            self.without[route] += [_timed(self.client, url) for _ in range(share)]
        for name, urls in self.urls.items():
            done = len(self.times[name])
            share_left = max(0, min(share, self.iterations - done))
            for url in urls[WARM_UP + done : WARM_UP + done + share_left]:
                self.times[name].append(_timed(self.client, url))

    def rows(self) -> list[dict]:
        """Each search: median and 95th-percentile time (ms) of its requests, and the query
        count of one more, for a text not searched before."""
        rows = []
        for search in SEARCHES:
            times = self.times[search.name]
            if not times:
                raise BenchError(f"{search.name}: not timed (no round ran).")
            urls = self.urls[search.name]
            median = round(statistics.median(times), 1)
            rows.append(
                {
                    "name": search.name,
                    "url": urls[WARM_UP],
                    "requests": len(times),
                    "median_ms": median,
                    "p95_ms": round(percentile(times, 0.95), 1),
                    "queries": _queries(self.client, urls[-1]),
                    "page_without_search_ms": round(
                        statistics.median(self.without[search.route]), 1
                    ),
                    "target": f"median ≤ {SEARCH_TARGET_MS:g} ms",
                    "met": median <= SEARCH_TARGET_MS,
                }
            )
        return rows


def measure_search(client: Client, *, iterations: int = ITERATIONS) -> list[dict]:
    """Each search: median and 95th-percentile time (ms) of `iterations` requests, each for
    a new text, and the query count of one more: in one round."""
    rounds = SearchRounds(client, iterations=iterations)
    rounds.time_round(iterations)
    return rounds.rows()


def far_page_url(page: int = FAR_PAGE) -> str:
    """The activity list's page `page`, as its "Next" links reach it: the rows after the
    last row of page `page - 1`."""
    from programs.models import Activity
    from programs.views.activities import ACTIVITIES_PER_PAGE, ACTIVITY_ORDER

    position = (page - 1) * ACTIVITIES_PER_PAGE - 1
    ids = Activity.objects.order_by(*ACTIVITY_ORDER).values_list("pk", flat=True)
    try:
        last_before = ids[position]
    except IndexError:
        raise BenchError(f"The activity list has no page {page}: generate scale 1.") from None
    return reverse("programs:activity_list") + f"?after={last_before}"


def measure_far_page(client: Client, *, iterations: int = ITERATIONS) -> dict:
    """Page 1 and page 2,000 of the activity list: medians, their ratio and query counts."""
    figures = {}
    for label, url in (("page_1", reverse("programs:activity_list")), ("far", far_page_url())):
        for _ in range(WARM_UP):
            _get(client, url)
        times = [_timed(client, url) for _ in range(iterations)]
        figures[label] = {
            "url": url,
            "median_ms": round(statistics.median(times), 1),
            "p95_ms": round(percentile(times, 0.95), 1),
            "queries": _queries(client, url),
        }
    ratio = round(figures["far"]["median_ms"] / max(figures["page_1"]["median_ms"], 0.1), 2)
    same_queries = figures["far"]["queries"] == figures["page_1"]["queries"]
    return {
        "name": f"Activity list: page {FAR_PAGE:,} ÷ page 1",
        "page_1": figures["page_1"],
        f"page_{FAR_PAGE}": figures["far"],
        "median_ms": figures["far"]["median_ms"],
        "ratio": ratio,
        "same_queries": same_queries,
        "target": f"≤ {FAR_PAGE_RATIO_TARGET:g}×, same queries",
        "met": ratio <= FAR_PAGE_RATIO_TARGET and same_queries,
    }


def measure(client: Client | None = None, *, iterations: int = ITERATIONS) -> dict:
    """Both measures, signed in as the synthetic manager unless given a client."""
    if client is None:
        from programs.models import User

        from .runner import MANAGER, signed_in_client

        client = signed_in_client(User.objects.get(username=MANAGER))
    search = measure_search(client, iterations=iterations)
    far = measure_far_page(client, iterations=iterations)
    return {
        "search": search,
        "far_page": far,
        "targets_met": all(row["met"] for row in search) and far["met"],
    }
