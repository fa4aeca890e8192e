"""The benchmark end to end at a tiny scale, so that CI keeps it working (no timing asserted)."""

import json
import sys
import types

import pytest
from django.core.cache import cache
from django.db import connection

from bench import runner
from bench.__main__ import scale_database_url
from bench.pages import PAGES, percentile
from programs.models import Activity

pytestmark = pytest.mark.django_db(transaction=True)  # gunicorn reads the data: committed


def test_the_benchmark_runs_end_to_end_and_writes_its_table(tmp_path):
    output = tmp_path / "latest.json"
    lines = []

    results = runner.run(
        scales=[0.001],
        iterations=2,
        load_clients=2,
        load_seconds=1,
        optional=False,
        output=output,
        write=lines.append,
    )

    table = "\n".join(lines)
    for page in PAGES:
        assert f"| {page.name} |" in table
        figures = next(row for row in results["pages"] if row["name"] == page.name)
        measured = figures["by_scale"]["0.001"]
        assert measured["queries"] > 0 and measured["median_ms"] > 0
        assert measured["p95_ms"] >= measured["median_ms"]
    load = results["load"]
    assert load["requests"] > 0 and load["failures"] == 0
    assert "requests/s" in table
    assert "| Measure | Value | Target | Met |" in table
    measures = [row["measure"] for row in results["targets"]]
    assert "Dashboard under load: p95 ms" in measures
    assert "Targets not judged" in table and "(not judged)" in table
    written = json.loads(output.read_text())
    assert written["scales"] == ["0.001"]
    # Two iterations: two rounds of one each, each round starting with the processor check
    # that runs are compared by.
    checks = written["processor_check_ms"]
    assert len(checks) == 2 and all(ms > 0 for ms in checks)
    assert f"best of five): {checks[0]:g}, {checks[1]:g} ms." in table
    assert "Pages timed one scale after another, on one database." in table
    assert written["scales_in_turn"] is False
    assert [row["name"] for row in written["pages"]] == [page.name for page in PAGES]
    assert all(row["by_scale"]["0.001"]["iterations"] == 2 for row in written["pages"])
    # One scale: nothing to compare, so no target is claimed met or missed.
    assert written["targets_met"] is None


@pytest.fixture
def second_database():
    """A copy of the (migrated, empty) test database, dropped after the test."""
    connection.close()  # PostgreSQL copies a database nobody is connected to
    connection.creation.clone_test_db(suffix="scale", verbosity=0, autoclobber=True)
    yield connection.creation.get_test_db_clone_settings("scale")["NAME"]
    connection.creation.destroy_test_db(verbosity=0, suffix="scale")


def test_with_a_database_per_scale_the_pages_are_timed_at_the_scales_in_turn(second_database):
    test_database = connection.settings_dict["NAME"]
    prefix = cache.key_prefix
    lines = []

    results = runner.run(
        scales=[0.001, 0.002],
        databases={"0.001": test_database, "0.002": second_database},
        iterations=3,
        rounds=2,
        load_seconds=0,
        optional=False,
        write=lines.append,
    )

    # Both data sets first, then each round takes the scales in turn, the order reversed.
    rounds = [line.strip() for line in lines if line.strip().startswith("Round")]
    assert [line.split(":")[0] for line in rounds] == [
        "Round 1 of 2, scale 0.001, 0.002 in turn",
        "Round 2 of 2, scale 0.002, 0.001 in turn",
    ]
    generated = [i for i, line in enumerate(lines) if "data set generated" in line]
    first_round = next(i for i, line in enumerate(lines) if line.strip().startswith("Round"))
    assert len(generated) == 2 and generated[-1] < first_round
    for row in results["pages"]:
        assert row["by_scale"]["0.001"]["iterations"] == 2 + 1
        assert row["by_scale"]["0.002"]["iterations"] == 3
        assert row["by_scale"]["0.002"]["queries"] > 0
    assert results["scales_in_turn"] is True
    assert "Pages timed at the scales in turn, a database per scale, in rounds." in lines[-1]
    # Each scale's data is in its own database; the test's connection and cache are back.
    assert connection.settings_dict["NAME"] == test_database
    assert cache.key_prefix == prefix
    assert Activity.objects.count() == 100
    with runner.data_sets(["0.002"], {"0.002": second_database}) as (other,):
        runner.use_data_set(other)
        assert Activity.objects.count() == 200
    assert Activity.objects.count() == 100


def test_each_scale_of_make_bench_gets_a_database_named_after_it():
    assert (
        scale_database_url("postgres://postgres@127.0.0.1:5432/untop_bench", "0.01")
        == "postgres://postgres@127.0.0.1:5432/untop_bench_scale_0_01"
    )
    assert (
        scale_database_url("postgres://u:p@db/bench?sslmode=require", "10")
        == "postgres://u:p@db/bench_scale_10?sslmode=require"
    )
    assert (
        scale_database_url("sqlite:////srv/var/bench.sqlite3", "1")
        == "sqlite:////srv/var/bench_scale_1.sqlite3"
    )


def _page(name, by_scale, target=True, ratio_target=1.5):
    return {
        "name": name,
        "target": target,
        "ratio_target": ratio_target,
        "by_scale": {
            label: {"median_ms": ms, "p95_ms": ms, "queries": queries}
            for label, (ms, queries) in by_scale.items()
        },
    }


def _judged(results):
    results["targets"] = runner.target_rows(results)
    return {row["measure"]: row for row in results["targets"]}


def test_each_scale_is_compared_with_the_one_before_it_in_the_run():
    results = {
        "scales": ["0.01", "1", "10"],
        "pages": [
            _page("Steady", {"0.01": (10, 7), "1": (15, 7), "10": (22, 7)}),
            _page("Slower at 10", {"0.01": (10, 7), "1": (10, 7), "10": (16, 7)}),
            _page("More queries", {"0.01": (10, 7), "1": (10, 8), "10": (10, 8)}),
            _page("Own target", {"0.01": (10, 7), "1": (29, 7), "10": (30, 7)}, ratio_target=3),
            _page("For information", {"0.01": (10, 7), "1": (90, 7), "10": (900, 7)}, False),
        ],
    }
    rows = _judged(results)
    steady = rows["Steady: time at scale 1 ÷ at 0.01, queries"]
    assert (steady["value"], steady["target"], steady["met"]) == (
        "1.5×, 7 → 7 queries",
        "≤ 1.5×, same queries",
        True,
    )
    assert rows["Steady: time at scale 10 ÷ at 1, queries"]["met"] is True
    assert rows["Slower at 10: time at scale 1 ÷ at 0.01, queries"]["met"] is True
    assert rows["Slower at 10: time at scale 10 ÷ at 1, queries"]["met"] is False
    assert rows["More queries: time at scale 1 ÷ at 0.01, queries"]["met"] is False
    assert rows["More queries: time at scale 10 ÷ at 1, queries"]["met"] is True
    assert rows["Own target: time at scale 1 ÷ at 0.01, queries"]["met"] is True
    # A page shown for information is in the pages' table, not among the targets.
    assert not any(name.startswith("For information") for name in rows)
    assert len(rows) == 8


def test_the_load_search_and_elsewhere_measured_targets_join_the_table():
    results = {
        "scales": ["1"],
        "pages": [],
        "load": {
            "requests_per_second": 210.4,
            "median_ms": 30.0,
            "p95_ms": 120.0,
            "seconds": 10,
            "cache": "redis",
            "failures": 0,
            "workers": 3,
            "clients": 8,
            "scale": "1",
        },
        "search": {
            "search": [
                {"name": "Activities", "median_ms": 12.0, "target": "median ≤ 50 ms", "met": True}
            ],
            "far_page": {
                "name": "Activity list: page 2,000 ÷ page 1",
                "ratio": 1.9,
                "same_queries": True,
                "target": "≤ 1.5×, same queries",
                "met": False,
            },
        },
        # As bench/reports.py gives them: each figure with its target and whether it is met.
        "reports": {
            "letter_seconds": 1.2,
            "letter_seconds_target": "<= 1.5",
            "letter_seconds_met": True,
        },
        # As bench/imports.py gives them: the target only, compared by the runner.
        "imports": {"portal_vs_stock": 1.5, "portal_vs_stock_target": ">= 2", "note": "x"},
    }
    rows = _judged(results)
    load = rows["Dashboard under load: requests/s (gunicorn, 3 workers, 8 clients, scale 1)"]
    assert (load["value"], load["target"], load["met"]) == (210.4, "≥ 200", True)
    assert rows["Dashboard under load: p95 ms"]["met"] is False
    assert rows["Dashboard under load: failed requests"]["met"] is True
    assert rows["Search: Activities (scale 1)"]["met"] is True
    assert rows["Activity list: page 2,000 ÷ page 1 (scale 1)"]["met"] is False
    assert rows["Reports: letter seconds"] == {
        "measure": "Reports: letter seconds",
        "value": 1.2,
        "target": "<= 1.5",
        "met": True,
    }
    assert rows["Imports: portal vs stock"]["met"] is False
    results["targets_met"] = all(row["met"] for row in results["targets"])
    table = runner.render_table(
        {**results, "when": "now", "generation_seconds": {}, "machine": runner.machine()}
    )
    assert "| Measure | Value | Target | Met |" in table
    assert "| Dashboard under load: p95 ms | 120.0 | ≤ 100 | ✗ |" in table
    assert "Targets NOT met: 3 of 7 missed" in table


def test_a_measure_that_could_not_run_misses_its_target():
    rows = _judged({"scales": ["1"], "pages": [], "reports": "failed: RuntimeError('fonts')"})
    assert rows["Reports"]["met"] is False
    rows = _judged({"scales": ["1"], "pages": [], "search": "not available"})
    assert rows["Text search and far pages (scale 1)"]["met"] is False


def test_the_search_is_reported_not_available_before_its_module_lands(monkeypatch):
    monkeypatch.setattr(runner, "search_bench", None)
    lines = []
    scale_1 = runner.DataSet(label="1", wrapper=connection, cache_prefixes={})
    searches = runner._searches([scale_1], 1, lines.append)
    assert runner._search(None, searches, 1, lines.append) == "not available"
    assert lines == ["bench.search: not available."]
    # Below scale 1 (CI's runs), no search is timed.
    scale_small = runner.DataSet(label="0.01", wrapper=connection, cache_prefixes={})
    assert runner._searches([scale_small], 1, lines.append) is None


def test_the_searches_are_timed_over_the_rounds_each_text_once(monkeypatch, manager_client):
    from django.urls import reverse

    from bench import search

    activities, trainees = reverse("programs:activity_list"), reverse("training:trainee_list")
    monkeypatch.setattr(
        search,
        "SEARCHES",
        [
            search.Search(
                "Activities", "programs:activity_list", lambda n: [f"a{i}" for i in range(n)]
            ),
            search.Search(
                "Trainees", "training:trainee_list", lambda n: [f"t{i}" for i in range(n)]
            ),
        ],
    )
    asked = []
    get = manager_client.get
    monkeypatch.setattr(manager_client, "get", lambda url: asked.append(url) or get(url))
    rounds = search.SearchRounds(manager_client, iterations=5)
    rounds.time_round(2)
    # Warmed once (each list twice, each search's first two texts), then the round's share:
    # each list twice without a search, and the next two texts of each search.
    assert asked[-4:] == [f"{activities}?q=a2", f"{activities}?q=a3"] + [
        f"{trainees}?q=t{i}" for i in (2, 3)
    ]
    asked.clear()
    rounds.time_round(2)
    # Each round warms each list again (untimed) before it times them without a search.
    assert asked[:4] == [activities, activities, trainees, trainees]
    rounds.time_round(2)  # one text left of five
    searched = [url for url in asked if "q=a" in url]
    assert searched == [f"{activities}?q=a{i}" for i in (4, 5, 6)]  # none searched twice
    rows = {row["name"]: row for row in rounds.rows()}
    assert rows["Activities"]["requests"] == 5
    assert rows["Activities"]["url"] == f"{activities}?q=a2"
    assert rows["Activities"]["queries"] > 0
    assert len(rounds.without["programs:activity_list"]) == 6  # two a round


def test_a_measure_written_elsewhere_is_reported_not_available_when_missing():
    lines = []
    assert runner._optional("bench.no_such_module", lambda m: m(), lines.append) == (
        "not available"
    )
    assert lines == ["bench.no_such_module: not available."]


def test_a_measure_that_fails_is_reported_not_raised(monkeypatch):
    module = types.ModuleType("bench.fake_measure")

    def measure(rows):
        raise RuntimeError(f"no fonts for {rows} rows")

    module.measure = measure
    monkeypatch.setitem(sys.modules, "bench.fake_measure", module)
    lines = []
    result = runner._optional("bench.fake_measure", lambda m: m(rows=5), lines.append)
    assert result == "failed: RuntimeError('no fonts for 5 rows')"
    assert lines == [f"bench.fake_measure: {result}"]


def test_the_95th_percentile_is_the_nearest_rank():
    assert percentile([5, 1, 3, 2, 4], 0.95) == 5
    assert percentile(list(range(1, 101)), 0.95) == 95
    assert percentile([7], 0.95) == 7
