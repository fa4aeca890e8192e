"""The reports' benchmark: its naive reference and the targets it checks (no timing here)."""

from bench import reports


def _report(seconds, pages, memory):
    return {
        "seconds": seconds,
        "cpu_seconds": seconds,
        "pages": pages,
        "pages_per_second": round(pages / seconds, 2),
        "peak_memory_mb": memory,
    }


def _built(seconds, pages, memory, build_seconds):
    """A process that times its build itself (a worker's report, the naive rendering)."""
    return {
        **_report(seconds, pages, memory),
        "build_seconds": build_seconds,
        "build_pages_per_second": round(pages / build_seconds, 2),
    }


def test_the_naive_reference_is_one_plain_table_of_the_rows():
    html = reports.naive_html([("2000-06-02", "Seminar <on> rights", "Khujand", 84, 78, 162)])
    assert html.count("<table>") == 1 and html.count("<tr>") == 1
    assert "<td>Seminar &lt;on&gt; rights</td><td>Khujand</td><td>84</td>" in html
    assert "<style" not in html and "<link" not in html


def test_every_report_target_is_checked_against_its_figure():
    figures = {
        "mandate": _report(1.2, 9, 140),
        "donor": _report(7.0, 140, 200),
        "worker_donor": _built(6.0, 140, 200, 3.5),  # 40 pages/s
        "naive": _built(20.0, 120, 400, 12.0),  # 10 pages/s
        "long_donor": _report(11.0, 310, 210),
        "worker_mandate": _built(1.3, 9, 150, 1.2),
    }
    met = reports.check_targets(figures)
    assert met["donor_vs_naive_pages_per_second"] == 4.0
    assert met["long_vs_short_peak_memory"] == 1.05
    assert met["targets_met"] is True

    figures["long_donor"] = _report(11.0, 310, 320)
    figures["mandate"] = _report(6.5, 9, 300)  # the cold commands: information only
    figures["donor"] = _report(30.0, 140, 200)
    figures["worker_mandate"] = _built(2.5, 9, 150, 2.1)
    missed = reports.check_targets(figures)
    assert missed["long_donor_peak_memory_mb_met"] is False
    assert missed["long_vs_short_peak_memory_met"] is False
    assert missed["worker_letter_seconds"] == 2.1
    assert missed["worker_letter_seconds_met"] is False
    assert missed["donor_vs_naive_pages_per_second_met"] is True
    assert missed["worker_letter_seconds_target"] == "<= 1.5"
    assert missed["targets_met"] is False

    figures["worker_donor"] = _built(9.0, 140, 200, 4.0)  # 35 pages/s: 3.5 times
    assert reports.check_targets(figures)["donor_vs_naive_pages_per_second_met"] is False


def test_a_childs_peak_memory_is_its_own_not_the_benchmarks(tmp_path):
    """The benchmark's process holds hundreds of megabytes when it builds the reports; a
    child's figure must be what the child itself used (bench/peak.py)."""
    import os
    import subprocess
    import sys

    held = bytearray(300 * 2**20)
    held[::4096] = b"x" * len(held[::4096])  # resident, page by page
    peak_file = tmp_path / "peak"
    subprocess.run(  # noqa: S603 (our own interpreter)
        [
            sys.executable,
            "-m",
            "bench.peak",
            "-c",
            "x = bytearray(60 * 2**20); x[::4096] = b'y' * len(x[::4096])",
        ],
        check=True,
        env={**os.environ, "BENCH_PEAK_FILE": str(peak_file)},
    )
    peak_mb = int(peak_file.read_text()) / 1024
    assert 60 <= peak_mb < 150
    del held
