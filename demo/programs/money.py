"""Donors, their pledges and payments, and what each project spent.

The letter says only that "donor countries" pledged: every donor here is illustrative and
labelled so in its name. The exchange rates are illustrative too (marked so in the rates
table): each month of a year has the year's rounded average, stated below as US$ per unit
and stored, as the UN operational rates are, as units per US$; the somoni's months move
between its yearly averages. Amounts are converted by programs/exchange.py, as every write
of the portal converts them.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

D = datetime.date
CENT = Decimal("0.01")

# (code, name, kind, ISO 3166-1 country)
DONORS = [
    ("NOR", "Norway (illustrative)", "government", "NO"),
    ("CHE", "Switzerland (illustrative)", "government", "CH"),
    ("GBR", "United Kingdom (illustrative)", "government", "GB"),
    ("DEU", "Germany (illustrative)", "government", "DE"),
    ("NLD", "Netherlands (illustrative)", "government", "NL"),
    ("SWE", "Sweden (illustrative)", "government", "SE"),
    ("FIN", "Finland (illustrative)", "government", "FI"),
    ("JPN", "Japan (illustrative)", "government", "JP"),
    ("USA", "United States (illustrative)", "government", "US"),
    ("EC", "European Commission (illustrative)", "multilateral", ""),
    ("OSI", "Open Society Foundation (illustrative)", "foundation", ""),
]

# Each donor's name in Russian and Tajik, as the reports in those languages print it.
DONOR_NAMES = {
    "NOR": ("Норвегия (условно)", "Норвегия (ба таври намуна)"),
    "CHE": ("Швейцария (условно)", "Швейтсария (ба таври намуна)"),
    "GBR": ("Соединённое Королевство (условно)", "Подшоҳии Муттаҳида (ба таври намуна)"),
    "DEU": ("Германия (условно)", "Олмон (ба таври намуна)"),
    "NLD": ("Нидерланды (условно)", "Нидерландия (ба таври намуна)"),
    "SWE": ("Швеция (условно)", "Шветсия (ба таври намуна)"),
    "FIN": ("Финляндия (условно)", "Финландия (ба таври намуна)"),
    "JPN": ("Япония (условно)", "Ҷопон (ба таври намуна)"),
    "USA": ("Соединённые Штаты (условно)", "Иёлоти Муттаҳида (ба таври намуна)"),
    "EC": ("Европейская комиссия (условно)", "Комиссияи Аврупо (ба таври намуна)"),
    "OSI": ("Фонд «Открытое общество» (условно)", "Бунёди «Ҷамъияти кушод» (ба таври намуна)"),
}

# US$ per unit of currency, yearly average, rounded.
RATES = {
    "CHF": {
        2000: "0.592",
        2001: "0.593",
        2002: "0.643",
        2003: "0.744",
        2004: "0.805",
        2005: "0.803",
        2006: "0.797",
        2007: "0.833",
    },
    "NOK": {
        2000: "0.1136",
        2001: "0.1112",
        2002: "0.1253",
        2003: "0.1412",
        2004: "0.1484",
        2005: "0.1553",
        2006: "0.1560",
        2007: "0.1706",
    },
    "GBP": {
        2000: "1.516",
        2001: "1.440",
        2002: "1.501",
        2003: "1.635",
        2004: "1.833",
        2005: "1.820",
        2006: "1.843",
        2007: "2.002",
    },
    "SEK": {
        2000: "0.1092",
        2001: "0.0968",
        2002: "0.1030",
        2003: "0.1239",
        2004: "0.1362",
        2005: "0.1341",
        2006: "0.1355",
        2007: "0.1480",
    },
    "JPY": {
        2000: "0.00928",
        2001: "0.00823",
        2002: "0.00799",
        2003: "0.00863",
        2004: "0.00925",
        2005: "0.00909",
        2006: "0.00860",
        2007: "0.00849",
    },
    "EUR": {
        2000: "0.924",
        2001: "0.896",
        2002: "0.945",
        2003: "1.131",
        2004: "1.244",
        2005: "1.245",
        2006: "1.256",
        2007: "1.371",
    },
    "DEM": {2000: "0.472", 2001: "0.458"},
    "NLG": {2000: "0.419", 2001: "0.407"},
    "FIM": {2000: "0.155", 2001: "0.151"},
}

# Pre-euro currencies were paid in euro from 2002, at the fixed conversion rates.
EURO_CONVERSION = {"DEM": Decimal("1.95583"), "NLG": Decimal("2.20371"), "FIM": Decimal("5.94573")}

# (donor, project or None for unearmarked, date pledged, amount, currency)
PLEDGES = [
    ("DEU", "ND-2000", D(2000, 7, 20), "450000", "DEM"),
    ("NLD", "HR-2000", D(2000, 9, 5), "380000", "NLG"),
    ("NOR", "PR-2000", D(2000, 10, 12), "1200000", "NOK"),
    ("CHE", None, D(2000, 11, 15), "150000", "CHF"),
    ("DEU", "CP-2001", D(2001, 2, 15), "520000", "DEM"),
    ("FIN", "HR-2000", D(2001, 8, 30), "600000", "FIM"),
    ("GBR", "ND-2000", D(2001, 9, 18), "80000", "GBP"),
    ("NLD", "CP-2001", D(2001, 11, 7), "300000", "NLG"),
    ("SWE", "PR-2000", D(2002, 2, 12), "1000000", "SEK"),
    ("EC", "CP-2001", D(2002, 6, 25), "150000", "EUR"),
    ("NOR", "ND-2002", D(2002, 7, 10), "2000000", "NOK"),
    ("CHE", "HR-2002", D(2002, 9, 3), "250000", "CHF"),
    ("USA", "PR-2002", D(2002, 10, 1), "200000", "USD"),
    ("JPN", None, D(2003, 3, 14), "15000000", "JPY"),
    ("GBR", "CP-2003", D(2003, 6, 25), "150000", "GBP"),
    ("SWE", "EL-2003", D(2003, 9, 10), "900000", "SEK"),
    ("DEU", "HR-2002", D(2003, 11, 20), "120000", "EUR"),
    ("NOR", "PR-2002", D(2004, 2, 5), "1100000", "NOK"),
    ("NOR", "ND-2004", D(2004, 6, 15), "1500000", "NOK"),
    ("CHE", "CP-2003", D(2004, 7, 1), "200000", "CHF"),
    ("EC", "EL-2004", D(2004, 9, 20), "300000", "EUR"),
    ("USA", "EL-2004", D(2004, 10, 5), "250000", "USD"),
    ("JPN", None, D(2005, 3, 10), "12000000", "JPY"),
    # 2005–06: "donor countries ... recently pledged over US$ 2 million".
    ("USA", "PR-BUL", D(2005, 8, 30), "60000", "USD"),
    ("OSI", "HR-EDU", D(2005, 9, 12), "75000", "USD"),
    ("DEU", "HR-OMB", D(2005, 11, 8), "120000", "EUR"),
    ("NLD", "PR-PKO", D(2006, 1, 25), "80000", "EUR"),
    ("SWE", "HR-TB", D(2006, 2, 14), "1000000", "SEK"),
    ("NOR", "ND-2005", D(2006, 3, 15), "3300000", "NOK"),
    ("CHE", "CP-2005", D(2006, 4, 3), "780000", "CHF"),
    ("GBR", "PR-2005", D(2006, 4, 20), "300000", "GBP"),
    ("FIN", "HR-JUD", D(2006, 5, 10), "70000", "EUR"),
    # 2006–07
    ("EC", "EL-2006", D(2006, 6, 20), "400000", "EUR"),
    ("USA", "EL-2006", D(2006, 7, 12), "300000", "USD"),
    ("NOR", "ND-2006", D(2006, 8, 22), "1800000", "NOK"),
    ("GBR", "PR-2005", D(2006, 9, 5), "100000", "GBP"),
    ("JPN", "HR-EDU", D(2006, 10, 3), "10000000", "JPY"),
    ("CHE", "CP-2007", D(2006, 11, 15), "200000", "CHF"),
    ("DEU", "HR-OMB", D(2007, 1, 18), "60000", "EUR"),
]

# Each pledge is paid in two instalments: (days after the pledge, share of the amount).
# An instalment that would arrive after the office closed (31 May 2007) never arrives.
INSTALMENTS = [(45, Decimal("0.6")), (200, Decimal("0.4"))]
LAST_DAY = D(2007, 5, 31)

# How each mandate area spends its money: (category, share).
SPENDING = {
    "dialogue": [
        ("staff", "0.30"),
        ("travel", "0.15"),
        ("events", "0.40"),
        ("materials", "0.10"),
        ("other", "0.05"),
    ],
    "elections": [
        ("staff", "0.25"),
        ("travel", "0.10"),
        ("events", "0.25"),
        ("materials", "0.25"),
        ("equipment", "0.10"),
        ("other", "0.05"),
    ],
    "conflict": [
        ("staff", "0.30"),
        ("travel", "0.15"),
        ("events", "0.40"),
        ("materials", "0.10"),
        ("other", "0.05"),
    ],
    "police": [
        ("staff", "0.35"),
        ("travel", "0.20"),
        ("events", "0.25"),
        ("materials", "0.15"),
        ("equipment", "0.05"),
    ],
    "human_rights": [
        ("staff", "0.35"),
        ("travel", "0.10"),
        ("events", "0.30"),
        ("materials", "0.15"),
        ("grants", "0.10"),
    ],
}
# Share of a period's part of the budget spent: closed projects spent nearly all of it; the
# last period's books were still open when the office closed.
SPENT_SHARE = {"closed": Decimal("0.96"), 2005: Decimal("0.91"), 2006: Decimal("0.78")}


# Somoni (TJS) per US$ in January of each year, from its introduction in October 2000; the
# months between move in a straight line to the next January.
SOMONI = {
    2000: "2.20",
    2001: "2.20",
    2002: "2.55",
    2003: "3.00",
    2004: "3.04",
    2005: "2.95",
    2006: "3.20",
    2007: "3.43",
    2008: "3.45",
}
SOMONI_FROM = D(2000, 10, 1)
RATE_SOURCE = "Illustrative: yearly averages, rounded"
RATE_PLACES = Decimal("0.0000000001")


def rates() -> list[tuple[str, datetime.date, Decimal]]:
    """The demo's rates table: (currency, first of month, units per US$), 2000–2007."""
    rows = []
    for currency, years in RATES.items():
        for year, usd_per_unit in years.items():
            per_usd = (1 / Decimal(usd_per_unit)).quantize(RATE_PLACES, ROUND_HALF_UP)
            rows += [(currency, D(year, month, 1), per_usd) for month in range(1, 13)]
    for year in range(2000, 2008):
        start, end = Decimal(SOMONI[year]), Decimal(SOMONI[year + 1])
        for month in range(1, 13):
            if D(year, month, 1) >= SOMONI_FROM:
                rate = start + (end - start) * Decimal(month - 1) / 12
                rows.append(("TJS", D(year, month, 1), rate.quantize(Decimal("0.0001"))))
    return rows


# Local costs are paid in somoni: a mandate period's venues and printing are booked in TJS.
PAID_IN_SOMONI = {"events", "materials"}


def contributions(day: datetime.date, amount: Decimal, currency: str) -> list[tuple]:
    """What arrived against one pledge: (received on, amount, currency)."""
    rows = []
    for after, share in INSTALMENTS:
        received = day + datetime.timedelta(days=after)
        if received > LAST_DAY:
            continue
        paid, paid_in = (amount * share).quantize(CENT, ROUND_HALF_UP), currency
        if currency in EURO_CONVERSION and received.year >= 2002:
            paid = (paid / EURO_CONVERSION[currency]).quantize(CENT, ROUND_HALF_UP)
            paid_in = "EUR"
        rows.append((received, paid, paid_in))
    return rows


def _quarters(first: datetime.date, last: datetime.date) -> list[tuple[datetime.date, int]]:
    """The parts of [first, last] in each calendar quarter: (last day, days), in order."""
    parts, day = [], first
    while day <= last:
        quarter_month = (day.month - 1) // 3 * 3 + 4  # the month after the quarter
        if quarter_month > 12:
            next_quarter = D(day.year + 1, 1, 1)
        else:
            next_quarter = D(day.year, quarter_month, 1)
        end = min(last, next_quarter - datetime.timedelta(days=1))
        parts.append((end, (end - day).days + 1))
        day = end + datetime.timedelta(days=1)
    return parts


def expenditures(
    area: str,
    start: datetime.date,
    end: datetime.date,
    budget: Decimal,
    closed: bool,
    periods: list[tuple[int, datetime.date, datetime.date]],
) -> list[tuple]:
    """A project's spending by category, booked at the end of each quarter it ran in (or of
    its mandate period, or of the project, when earlier): (category, booked on, US$,
    description); ``budget`` is in US$. A period's spending is shared by the quarters' days,
    the last quarter taking what rounding left, so each period's total is its share."""
    days = (end - start).days + 1
    rows = []
    for year, p_start, p_end in periods:
        first, last = max(start, p_start), min(end, p_end)
        if first > last:
            continue
        share = SPENT_SHARE["closed"] if closed else SPENT_SHARE.get(year, SPENT_SHARE[2005])
        in_period = (last - first).days + 1
        spent = budget * Decimal(in_period) / Decimal(days) * share
        quarters = _quarters(first, last)
        for category, weight in SPENDING[area]:
            amount = (spent * Decimal(weight)).quantize(CENT, ROUND_HALF_UP)
            left = amount
            for n, (booked, quarter_days) in enumerate(quarters):
                part = (amount * quarter_days / in_period).quantize(CENT, ROUND_HALF_UP)
                part = left if n == len(quarters) - 1 else part
                left -= part
                if part > 0:
                    period = f"{year}–{str(year + 1)[2:]}"
                    note = f"Booked for the quarter to {booked:%-d %b %Y} (period {period})"
                    rows.append((category, booked, part, note))
    return rows


def budget_lines(
    area: str, start: datetime.date, end: datetime.date, budget: Decimal
) -> list[tuple[int, str, Decimal]]:
    """A project's original budget in US$ by calendar year (its days in the year) and by
    category (as its area spends): (year, category, US$)."""
    days = (end - start).days + 1
    lines = []
    for year in range(start.year, end.year + 1):
        first, last = max(start, D(year, 1, 1)), min(end, D(year, 12, 31))
        in_year = budget * Decimal((last - first).days + 1) / Decimal(days)
        for category, weight in SPENDING[area]:
            lines.append(
                (year, category, (in_year * Decimal(weight)).quantize(CENT, ROUND_HALF_UP))
            )
    return lines


# Projects whose donor agreement states the budget in its own currency (the others: US$).
BUDGET_CURRENCY = {"ND-2005": "NOK", "ND-2006": "NOK"}
# Revisions after the original budget: (project, made on, reason, {category: factor}).
REVISIONS = [
    (
        "ND-2005",
        D(2006, 3, 20),
        "Norway's additional pledge of March 2006: more regional round tables (illustrative).",
        {"events": Decimal("1.15"), "travel": Decimal("1.10")},
    ),
]
