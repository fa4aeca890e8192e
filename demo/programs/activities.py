"""Every demo activity, June 2000 – May 2007, as plain dicts for `load_demo`.

Three sources: the series of like activities (`series.py`), the activities of 2005–06 behind
the letter's figures (`letter.py`), and, below, a few of the last period that are not counted
yet, so that the approval workflow shows: drafts, submissions waiting for the manager, and
planned and cancelled activities.
"""

import datetime
from collections import Counter

from .letter import letter_activities
from .reference import OUTREACH, TOWNS, WOMEN_SHARE
from .series import SERIES

D = datetime.date
TEACHERS = "Training of teachers on the human rights curriculum"
BORDER = "Conflict prevention seminar for border and mixed communities"
OMBUDSMAN_WG = "Working group on the draft law on the Human Rights Ombudsman"

# (project, type, title, centre, start, days, district, counts, status, approval, entered by,
# narrative)
WORKFLOW = [
    (
        "HR-EDU",
        "seminar",
        f"{TEACHERS} (Khujand, second round)",
        "khujand",
        D(2007, 4, 17),
        2,
        None,
        [("educators", 21, 11)],
        "held",
        "draft",
        "staff.khujand",
        "",
    ),
    (
        "CP-2007",
        "seminar",
        f"{BORDER} (Isfara district, second round)",
        "khujand",
        D(2007, 5, 8),
        2,
        "Isfara",
        [("community-leaders", 4, 19), ("local-officials", 2, 11), ("educators", 6, 4)],
        "held",
        "submitted",
        "staff.khujand",
        "",
    ),
    (
        "ND-2006",
        "meeting",
        "Dialogue meeting of political parties on local government reform (Dushanbe)",
        "dushanbe",
        D(2007, 4, 26),
        1,
        None,
        [("government-officials", 4, 12), ("party-activists", 5, 19), ("civil-society", 9, 7)],
        "held",
        "draft",
        "staff.dushanbe",
        "",
    ),
    (
        "HR-OMB",
        "meeting",
        f"{OMBUDSMAN_WG}, final reading",
        "dushanbe",
        D(2007, 4, 12),
        1,
        None,
        [("government-officials", 3, 6), ("parliamentarians", 1, 3), ("lawyers", 2, 2)],
        "held",
        "submitted",
        "staff.dushanbe",
        "",
    ),
    (
        "HR-EDU",
        "seminar",
        f"{TEACHERS} (Khorog, second round)",
        "khorog",
        D(2007, 5, 3),
        2,
        None,
        [("educators", 17, 12)],
        "held",
        "submitted",
        "manager",
        "",
    ),
    (
        "CP-2007",
        "seminar",
        f"{BORDER} (Lakhsh district, second round)",
        "garm",
        D(2007, 2, 27),
        2,
        "Lakhsh",
        [],
        "cancelled",
        "approved",
        "manager",
        "Cancelled: the road up the Rasht valley was closed by avalanches.",
    ),
    (
        "HR-EDU",
        "seminar",
        f"{TEACHERS} (Darvoz district)",
        "khorog",
        D(2007, 3, 13),
        2,
        "Darvoz",
        [],
        "cancelled",
        "draft",
        "manager",
        "Cancelled: the Khorog road was closed; to be held in the next period.",
    ),
    (
        "HR-OMB",
        "conference",
        "Round table on the draft Ombudsman law with international experts",
        "dushanbe",
        D(2007, 5, 22),
        1,
        None,
        [],
        "planned",
        "draft",
        "staff.dushanbe",
        "",
    ),
    (
        "HR-EDU",
        "meeting",
        "Presentation of the human rights curriculum to school directors",
        "dushanbe",
        D(2007, 5, 24),
        1,
        None,
        [],
        "planned",
        "draft",
        "staff.dushanbe",
        "",
    ),
]

# A fixed spread around each usual size, and around the category's usual share of women.
SPREAD = (0, 3, -2, 5, -4, 1, -1, 4, -3, 2, -5, 6)
WOBBLE = (0, 1, -1, 2, -2)


def counts_for(sizes: dict[str, int], n: int) -> list[tuple[str, int, int]]:
    """(category, women, men) for the n-th activity of a series."""
    rows = []
    for k, (category, size) in enumerate(sizes.items()):
        total = max(1, size + SPREAD[(n + 3 * k) % len(SPREAD)] * max(1, size // 25))
        share = WOMEN_SHARE[category]
        women = round(total * share) + (WOBBLE[(2 * n + k) % len(WOBBLE)] if share else 0)
        women = min(max(women, 0), total)
        rows.append((category, women, total - women))
    return rows


def _row(project, kind, title, centre, start, days, district, counts, partners, **extra):
    row = {
        "project": project,
        "kind": kind,
        "title": title,
        "centre": centre,
        "district": district,
        "start": start,
        "end": start + datetime.timedelta(days=days - 1),
        "counts": counts,
        "partners": partners,
        "status": "held",
        "approval": "approved",
        "entered_by": None,
        "narrative": "",
    }
    row.update(extra)
    return row


def _series() -> list[dict]:
    rows = []
    for project, kind, title, centres, first, every, days, sizes, outreach, partners in SERIES:
        visits = Counter()
        for n, centre in enumerate(centres):
            district = None
            if outreach and n % 2 and OUTREACH[centre]:
                places = OUTREACH[centre]
                district = places[visits[centre] % len(places)]
                visits[centre] += 1
            start = first + datetime.timedelta(days=n * every)
            where = f"{district} district" if district else TOWNS[centre]
            title_n = title.format(where=where, n=n + 1)
            counts = counts_for(sizes, n)
            rows.append(
                _row(project, kind, title_n, centre, start, days, district, counts, partners)
            )
    return rows


def demo_activities() -> list[dict]:
    """Every demo activity, as a dict of its fields, in the order they began."""
    rows = _series() + [_row(*fields) for fields in letter_activities()]
    for *fields, status, approval, entered_by, narrative in WORKFLOW:
        rows.append(
            _row(
                *fields,
                [],
                status=status,
                approval=approval,
                entered_by=entered_by,
                narrative=narrative,
            )
        )
    keys = Counter((row["project"], row["title"], row["start"]) for row in rows)
    twice = [key for key, times in keys.items() if times > 1]
    if twice:
        raise ValueError(f"Demo activities listed twice: {twice}")
    return sorted(rows, key=lambda row: (row["start"], row["title"]))
