"""The activities of 1 June 2005 – 31 May 2006 behind the figures of the letter S/2006/355.

Each figure the letter gives comes out of these rows once summed: keep them in step with it.
Dates, centres and the split by sex are illustrative; the totals are the letter's.
"""

import datetime

from .reference import (
    CCER,
    COUNCIL_OF_JUSTICE,
    EDUCATION,
    INTERIOR,
    JUSTICE,
    OHCHR,
    PARLIAMENT,
    PRESIDENT_HR,
    PUBLIC_COUNCIL,
    SUPREME_COURT,
    TOWNS,
    TV_RADIO,
)

D = datetime.date
GOV, PARTY, CIVIL = "government-officials", "party-activists", "civil-society"
LEADERS, TEACHERS, LAWYERS, LOCAL = "community-leaders", "educators", "lawyers", "local-officials"
MVD, INSTRUCTORS = "interior-ministry-staff", "police-instructors"
MPS, JUDGES, ACTIVISTS = "parliamentarians", "judges", "human-rights-activists"

# (project, type, title, centre, start, days, district or None, [(category, women, men)],
# partners)
DIALOGUE = "National dialogue meeting on political pluralism and peace consolidation"
SEMINAR = "Seminar on human rights and conflict management"
CASCADE = "Cascade course on international standards in police operations"
TREATY = "Seminar on follow-up to the CERD and ICCPR recommendations"

# "over 500 Government officials, political party activists, and representatives of civil
# society in meetings across the country": 546, in five regions.
_DIALOGUE = [
    ("dushanbe", D(2005, 9, 14), 2, [(GOV, 12, 34), (PARTY, 9, 31), (CIVIL, 20, 16)]),
    ("khujand", D(2005, 10, 19), 1, [(GOV, 8, 26), (PARTY, 6, 25), (CIVIL, 14, 12)]),
    ("kurgan-tyube", D(2005, 11, 23), 1, [(GOV, 6, 24), (PARTY, 5, 28), (CIVIL, 11, 13)]),
    ("kulyab", D(2006, 1, 25), 1, [(GOV, 5, 22), (PARTY, 4, 24), (CIVIL, 11, 14)]),
    ("garm", D(2006, 3, 1), 1, [(GOV, 3, 25), (PARTY, 2, 27), (CIVIL, 8, 15)]),
    ("khorog", D(2006, 4, 12), 1, [(GOV, 8, 20), (PARTY, 7, 19), (CIVIL, 18, 14)]),
]

# "more than 900 community leaders, educators, lawyers, and local officials through its
# network of eight centres": 924, two seminars at each centre, the second in a district.
_SEMINARS = [
    ("dushanbe", D(2005, 10, 11), None, [(6, 16), (12, 8), (5, 8), (2, 9)]),
    ("khujand", D(2005, 10, 25), None, [(5, 15), (13, 7), (3, 6), (2, 10)]),
    ("kurgan-tyube", D(2005, 11, 8), None, [(4, 17), (11, 8), (2, 6), (1, 11)]),
    ("kulyab", D(2005, 11, 22), None, [(4, 16), (10, 8), (2, 5), (1, 10)]),
    ("shaartuz", D(2005, 12, 6), None, [(3, 18), (9, 9), (1, 5), (1, 12)]),
    ("garm", D(2006, 1, 17), None, [(2, 19), (8, 10), (1, 4), (1, 11)]),
    ("vahdat", D(2006, 1, 31), None, [(4, 16), (11, 8), (2, 5), (2, 10)]),
    ("khorog", D(2006, 2, 14), None, [(6, 13), (14, 6), (3, 4), (3, 8)]),
    ("dushanbe", D(2006, 2, 28), "Varzob", [(5, 14), (12, 7), (5, 7), (2, 8)]),
    ("khujand", D(2006, 3, 14), "Isfara", [(4, 17), (12, 8), (2, 5), (1, 10)]),
    ("kurgan-tyube", D(2006, 3, 28), "Vakhsh", [(3, 18), (10, 9), (1, 5), (1, 11)]),
    ("kulyab", D(2006, 4, 11), "Danghara", [(3, 17), (9, 9), (1, 4), (1, 10)]),
    ("shaartuz", D(2006, 4, 25), "Qubodiyon", [(2, 18), (9, 10), (1, 4), (1, 11)]),
    ("garm", D(2006, 5, 2), "Lakhsh", [(1, 19), (7, 11), (1, 4), (0, 12)]),
    ("vahdat", D(2006, 5, 16), "Rudaki", [(4, 15), (11, 8), (2, 5), (1, 10)]),
    ("khorog", D(2006, 5, 23), "Ishkoshim", [(5, 14), (13, 6), (2, 4), (2, 8)]),
]

# "40 instructors and over 1,000 Ministry of the Interior staff": the 40 instructors of the
# train-the-trainer course taught 12 cascade courses, 1,045 staff in all.
_CASCADE = [
    ("dushanbe", D(2005, 12, 5), None, 7, 88),
    ("khujand", D(2005, 12, 19), None, 6, 84),
    ("kurgan-tyube", D(2006, 1, 16), None, 5, 83),
    ("kulyab", D(2006, 1, 30), None, 4, 80),
    ("shaartuz", D(2006, 2, 13), None, 3, 78),
    ("garm", D(2006, 2, 27), None, 2, 76),
    ("vahdat", D(2006, 3, 13), None, 5, 82),
    ("khorog", D(2006, 3, 27), None, 6, 74),
    ("khujand", D(2006, 4, 10), "Istaravshan", 5, 86),
    ("kurgan-tyube", D(2006, 4, 24), "Dusti", 4, 85),
    ("dushanbe", D(2006, 5, 8), None, 8, 90),
    ("kulyab", D(2006, 5, 22), "Farkhor", 3, 81),
]

# "one project reaching over 115 parliamentarians, judges, and activists": 122.
_TREATY = [
    ("dushanbe", D(2005, 11, 8), "for parliamentarians", [(MPS, 6, 24), (ACTIVISTS, 4, 3)]),
    ("dushanbe", D(2006, 1, 17), "for judges", [(JUDGES, 7, 21), (ACTIVISTS, 3, 2)]),
    ("khujand", D(2006, 2, 28), "(Khujand)", [(JUDGES, 2, 9), (ACTIVISTS, 8, 6)]),
    ("kurgan-tyube", D(2006, 4, 4), "(Kurgan-Tyube)", [(JUDGES, 1, 10), (ACTIVISTS, 9, 7)]),
]

_BRIEFINGS = [
    (D(2005, 10, 20), "Ministry of Foreign Affairs"),
    (D(2005, 11, 24), INTERIOR),
    (D(2005, 12, 22), "Ministry of Health"),
    (D(2006, 1, 26), EDUCATION),
    (D(2006, 2, 23), JUSTICE),
    (D(2006, 3, 23), "Ministry of Labour and Social Protection"),
    (D(2006, 4, 27), "Ministry of Economy and Trade"),
    (D(2006, 5, 25), CCER),
]


def letter_activities() -> list[tuple]:
    """The 2005–06 activities, in the shape described at the top of this module."""
    rows = [
        (
            "ND-2005",
            "meeting",
            f"{DIALOGUE} ({TOWNS[c]})",
            c,
            day,
            days,
            None,
            counts,
            [PUBLIC_COUNCIL],
        )
        for c, day, days, counts in _DIALOGUE
    ]
    for c, day, district, pairs in _SEMINARS:
        where = f"{district} district" if district else TOWNS[c]
        counts = [
            (cat, w, m)
            for cat, (w, m) in zip([LEADERS, TEACHERS, LAWYERS, LOCAL], pairs, strict=True)
        ]
        rows.append(
            (
                "CP-2005",
                "seminar",
                f"{SEMINAR} ({where})",
                c,
                day,
                2,
                district,
                counts,
                [JUSTICE, EDUCATION],
            )
        )
    rows.append(
        (
            "PR-2005",
            "training",
            "Train-the-trainer course for police instructors on international standards "
            "in police operations",
            "dushanbe",
            D(2005, 10, 3),
            19,
            None,
            [(INSTRUCTORS, 4, 36)],
            [INTERIOR],
        )
    )
    for c, day, district, women, men in _CASCADE:
        where = f"{district} district" if district else TOWNS[c]
        rows.append(
            (
                "PR-2005",
                "training",
                f"{CASCADE} ({where})",
                c,
                day,
                5,
                district,
                [(MVD, women, men)],
                [INTERIOR],
            )
        )
    rows.append(
        (
            "PR-PKO",
            "training",
            "Training abroad in civilian policing and peacekeeping",
            "dushanbe",
            D(2006, 4, 3),
            26,
            None,
            [(MVD, 2, 28)],
            [INTERIOR],
        )
    )
    for n, day in enumerate([D(2005, 12, 20), D(2006, 3, 20), D(2006, 5, 25)], start=1):
        rows.append(
            (
                "PR-BUL",
                "publication",
                f"Ministry of the Interior bulletin, issue {n}",
                "dushanbe",
                day,
                1,
                None,
                [],
                [INTERIOR],
            )
        )
    rows.append(
        (
            "HR-OMB",
            "conference",
            "Conference on establishing a National Human Rights Ombudsman",
            "dushanbe",
            D(2006, 4, 18),
            2,
            None,
            [
                (GOV, 9, 17),
                (MPS, 3, 9),
                (JUDGES, 2, 6),
                (LAWYERS, 4, 6),
                (ACTIVISTS, 9, 7),
                ("journalists", 4, 4),
            ],
            [PRESIDENT_HR, PARLIAMENT, OHCHR],
        )
    )
    for c, day, suffix, counts in _TREATY:
        rows.append(
            (
                "HR-TB",
                "seminar",
                f"{TREATY} {suffix}",
                c,
                day,
                2,
                None,
                counts,
                [PRESIDENT_HR, PARLIAMENT, OHCHR],
            )
        )
    rows.append(
        (
            "HR-JUD",
            "meeting",
            "Round table on the Special Rapporteur's recommendations on the independence "
            "of judges and lawyers",
            "dushanbe",
            D(2006, 5, 16),
            1,
            None,
            [(JUDGES, 6, 14), (LAWYERS, 5, 9), ("prosecutors", 1, 7), (GOV, 2, 6)],
            [COUNCIL_OF_JUSTICE, SUPREME_COURT],
        )
    )
    for day, teachers, officials in [
        (D(2005, 11, 15), (7, 3), (2, 4)),
        (D(2006, 2, 21), (8, 3), (2, 3)),
    ]:
        rows.append(
            (
                "HR-EDU",
                "meeting",
                "Working group on the human rights curriculum for secondary schools",
                "dushanbe",
                day,
                1,
                None,
                [(TEACHERS, *teachers), (GOV, *officials)],
                [EDUCATION],
            )
        )
    rows.append(
        (
            "HR-EDU",
            "advisory",
            "Expert review of the draft human rights curriculum",
            "dushanbe",
            D(2006, 4, 4),
            5,
            None,
            [],
            [EDUCATION],
        )
    )
    for day, ministry in _BRIEFINGS:
        rows.append(
            (
                "EL-2005",
                "briefing",
                f"Press briefing of the {ministry}",
                "dushanbe",
                day,
                1,
                None,
                [("journalists", 13, 17), (GOV, 2, 5)],
                [ministry, TV_RADIO],
            )
        )
    rows.append(
        (
            "EL-2005",
            "advisory",
            "Support to the UN electoral needs assessment mission",
            "dushanbe",
            D(2006, 3, 6),
            12,
            None,
            [],
            [CCER],
        )
    )
    return rows
