"""The pages the benchmark times: each requested through Django's test client, signed in.

Each page is requested a few times to warm up (the dashboard's figures are then cached, as
they are for every visitor after the first), then timed a number of times, then once more
with its queries captured (bench/runner.py says in which order the pages and scales take
turns). A page that does not answer 200 stops the benchmark.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs.models import Activity
from untop.figures_cache import figures_changed


class BenchError(Exception):
    """The benchmark cannot go on: a page failed, or the data is missing."""


# The pages whose figures are read from the summary rows kept per month (programs/summary.py)
# rather than summed over every activity: their time at the largest scale within this many
# times their time at the smallest.
FLAT_RATIO = 1.5


@dataclass(frozen=True)
class Page:
    name: str
    url: Callable[[], str]
    # Checked against the targets (time and queries independent of the data's size).
    target: bool = True
    before_each: Callable[[], None] | None = None
    # The page's own time ratio target; None: the runner's TIME_RATIO_TARGET.
    time_ratio_target: float | None = None


def _activity_filter() -> str:
    # The centre and area of the latest counted activity: a filter with rows at every scale.
    activity = (
        Activity.objects.counted()
        .order_by("-start", "-id")
        .values("centre_id", "project__area")
        .first()
    )
    if activity is None:
        raise BenchError("There is no counted activity: generate the synthetic data first.")
    return (
        reverse("programs:activity_list")
        + f"?area={activity['project__area']}&centre={activity['centre_id']}"
        + "&status=held&approval=approved"
    )


def _activity_change() -> str:
    # The most recent activity: the first row of the back office's list.
    activity = Activity.objects.order_by("-start", "-id").values_list("pk", flat=True).first()
    if activity is None:
        raise BenchError("There is no activity: generate the synthetic data first.")
    return reverse("admin:programs_activity_change", args=[activity])


def _session_to_enrol() -> str:
    # The latest session of a draft activity: the page a trainer enrols trainees on, with
    # the form to enrol one (its trainees searched as one types past a hundred).
    from training.models import Session

    session = (
        Session.objects.filter(activity__approval=Activity.Approval.DRAFT)
        .order_by("-activity__start", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    if session is None:
        raise BenchError("There is no session of a draft activity: generate the data first.")
    return reverse("training:session_detail", args=[session])


PAGES = [
    Page("Dashboard", lambda: reverse("programs:dashboard")),
    Page(
        "Dashboard, cache emptied before each request",
        lambda: reverse("programs:dashboard"),
        before_each=figures_changed,
        time_ratio_target=FLAT_RATIO,
    ),
    Page(
        "National dialogue, all years",
        lambda: reverse("programs:dialogue") + "?period=all",
        time_ratio_target=FLAT_RATIO,
    ),
    Page(
        "National dialogue, current period",
        lambda: reverse("programs:dialogue"),
        time_ratio_target=FLAT_RATIO,
    ),
    Page("Courses", lambda: reverse("training:course_list")),
    Page("Activity list", lambda: reverse("programs:activity_list")),
    Page("Activity list, filtered", _activity_filter),
    Page("Admin: activities", lambda: reverse("admin:programs_activity_changelist")),
    Page(
        "Admin: activities, filtered",
        lambda: reverse("admin:programs_activity_changelist") + "?approval__exact=submitted",
    ),
    Page("Admin: an activity and its participant rows", _activity_change),
    Page("Admin: trainees", lambda: reverse("admin:training_trainee_changelist")),
    Page("Admin: enrolments", lambda: reverse("admin:training_enrolment_changelist")),
    Page("Admin: sessions", lambda: reverse("admin:training_session_changelist")),
    Page("Recommendations tracker", lambda: reverse("humanrights:tracker")),
    Page("Training cascade", lambda: reverse("training:cascade")),
    Page("A session, with the form to enrol a trainee", _session_to_enrol),
    Page("Add a session", lambda: reverse("training:session_add")),
]


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (share 0.95 gives the 95th)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _get(client: Client, page: Page, url: str):
    if page.before_each:
        page.before_each()
    response = client.get(url)
    if response.status_code != 200:
        raise BenchError(f"{page.name} ({url}) answered {response.status_code}.")
    return response


def time_page(
    client: Client, page: Page, url: str, *, iterations: int, warm_up: int = 2
) -> list[float]:
    """The milliseconds each of `iterations` requests of the page took, after `warm_up`."""
    for _ in range(warm_up):
        _get(client, page, url)
    times = []
    for _ in range(iterations):
        began = time.perf_counter()
        _get(client, page, url)
        times.append((time.perf_counter() - began) * 1000)
    return times


def count_queries(client: Client, page: Page, url: str) -> int:
    """The queries one request of the page runs."""
    with CaptureQueriesContext(connection) as queries:
        _get(client, page, url)
    return len(queries.captured_queries)


def page_figures(url: str, times: list[float], queries: int) -> dict:
    """Median and 95th-percentile time (ms) and query count of one page at one scale."""
    return {
        "url": url,
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "queries": queries,
        "iterations": len(times),
    }
