"""The benchmark end to end at a tiny scale, so that CI keeps it working (no timing asserted)."""

import json
import sys
import types

import pytest

from bench import runner
from bench.pages import PAGES, percentile

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
    written = json.loads(output.read_text())
    assert written["scales"] == ["0.001"]
    assert [row["name"] for row in written["pages"]] == [page.name for page in PAGES]
    # One scale: nothing to compare, so no target is claimed met or missed.
    assert written["targets_met"] is None


def test_the_targets_compare_the_smallest_and_the_largest_scale():
    def page(name, small, large, target=True):
        return {
            "name": name,
            "target": target,
            "by_scale": {
                "0.01": {"median_ms": small[0], "p95_ms": small[0], "queries": small[1]},
                "1": {"median_ms": large[0], "p95_ms": large[0], "queries": large[1]},
            },
        }

    results = {
        "scales": ["0.01", "1"],
        "pages": [
            page("Steady", (10, 7), (25, 7)),
            page("Slower", (10, 7), (31, 7)),
            page("More queries", (10, 7), (10, 8)),
            page("For information", (10, 7), (90, 7), target=False),
        ],
    }
    runner._check_targets(results)
    steady, slower, more, info = results["pages"]
    assert (steady["time_ok"], steady["queries_ok"]) == (True, True)
    assert (slower["time_ok"], slower["time_ratio"]) == (False, 3.1)
    assert more["queries_ok"] is False
    assert info["time_ok"] is False
    assert results["targets_met"] is False

    results["pages"] = [results["pages"][0], results["pages"][3]]
    runner._check_targets(results)
    # A page shown for information does not count against the targets.
    assert results["targets_met"] is True
    assert "Targets met." in runner.render_table(
        {**results, "when": "now", "generation_seconds": {}, "machine": runner.machine()}
    )


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
