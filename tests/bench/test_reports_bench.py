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


def test_the_naive_reference_is_one_plain_table_of_the_rows():
    html = reports.naive_html([("2000-06-02", "Seminar <on> rights", "Khujand", 84, 78, 162)])
    assert html.count("<table>") == 1 and html.count("<tr>") == 1
    assert "<td>Seminar &lt;on&gt; rights</td><td>Khujand</td><td>84</td>" in html
    assert "<style" not in html and "<link" not in html


def test_every_report_target_is_checked_against_its_figure():
    figures = {
        "mandate": _report(1.2, 9, 140),
        "donor": _report(5.0, 140, 200),
        "naive": _report(20.0, 120, 400),
        "long_donor": _report(11.0, 310, 210),
    }
    met = reports.check_targets(figures)
    assert met["donor_vs_naive_pages_per_second"] == 4.67
    assert met["long_vs_short_peak_memory"] == 1.05
    assert met["targets_met"] is True

    figures["long_donor"] = _report(11.0, 310, 320)
    figures["mandate"] = _report(6.5, 9, 300)
    missed = reports.check_targets(figures)
    assert missed["long_donor_peak_memory_mb_met"] is False
    assert missed["long_vs_short_peak_memory_met"] is False
    assert missed["letter_seconds_met"] is False
    assert missed["donor_vs_naive_pages_per_second_met"] is True
    assert missed["letter_seconds_target"] == "<= 1.5"
    assert missed["targets_met"] is False
