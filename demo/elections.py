"""Demo data of the elections app: the February 2005 parliamentary elections and the
presidential election of 6 November 2006, built on the programs demo's projects and
activities (found by project code and title).

Election day and the electoral authority are from the sources (untop-facts.md, S/2006/355);
the other calendar dates, the mission's team, findings and recommendations, the targets of
2006 and the voter-education deliveries are illustrative, and the notes say so.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.db.models import Q

from elections.models import (
    Briefing,
    Component,
    Delivery,
    Election,
    Milestone,
    Ministry,
    NeedsAssessmentMission,
    Output,
    PlannedBriefing,
    Recommendation,
)
from programs.models import Activity, ParticipantCategory, Partner, Project

D = datetime.date
CCER = "Central Commission for Elections and Referenda"
ILLUSTRATIVE = "illustrative (the sources give only election day and the authority)."

ELECTIONS = [
    {
        "kind": "parliamentary",
        "title": "Parliamentary elections of 27 February 2005",
        "title_ru": "Парламентские выборы 27 февраля 2005 года",
        "title_tg": "Интихоботи парлумонии 27 феврали соли 2005",
        "election_day": D(2005, 2, 27),
        "projects": ["EL-2003", "EL-2004"],
        "notes": "Elections to the Assembly of Representatives (Majlisi namoyandagon). With "
        "the office's support about 13,000 polling-station staff, 300 district commissioners "
        "in the 41 electoral districts and over 250 media staff were trained. "
        "Calendar dates: " + ILLUSTRATIVE,
        "milestones": [
            ("nomination", "Nomination of candidates opens", D(2004, 12, 18), D(2004, 12, 18)),
            ("registration", "Registration of candidates closes", D(2005, 1, 27), D(2005, 1, 27)),
            ("voter_lists", "Voter lists open for inspection", D(2005, 2, 7), D(2005, 2, 10)),
            ("election_day", "Election day", D(2005, 2, 27), D(2005, 2, 27)),
            ("results", "Final results announced by the CCER", D(2005, 3, 9), D(2005, 3, 9)),
            (
                "results",
                "Repeat voting in districts without a winner",
                D(2005, 3, 13),
                D(2005, 3, 13),
            ),
        ],
        "components": [
            (
                "EL-2004",
                "Training of election administration",
                [
                    (
                        "Polling-station staff trained",
                        13000,
                        ["poll-workers"],
                        "Training of polling-station staff, electoral district No.",
                    ),
                    (
                        "District election commission members trained",
                        300,
                        ["election-commissioners"],
                        "Training of district election commissions (",
                    ),
                ],
            ),
            (
                "EL-2004",
                "Media and elections",
                [
                    (
                        "Media staff trained on election coverage",
                        250,
                        ["journalists"],
                        "Training of media staff on election coverage",
                    ),
                ],
            ),
        ],
    },
    {
        "kind": "presidential",
        "title": "Presidential election of 6 November 2006",
        "title_ru": "Президентские выборы 6 ноября 2006 года",
        "title_tg": "Интихоботи президентии 6 ноябри соли 2006",
        "election_day": D(2006, 11, 6),
        "projects": ["EL-2005", "EL-2006"],
        "notes": "The first presidential election held in peacetime. Candidates of the People's "
        "Democratic Party, the Party of Economic Reform, the Agrarian Party, the Communist "
        "Party and the Socialist Party stood; the Islamic Renaissance Party, the Democratic "
        "Party and the Social Democratic Party boycotted it. Calendar dates, targets and "
        "voter-education deliveries: " + ILLUSTRATIVE,
        "milestones": [
            ("nomination", "Nomination of candidates", D(2006, 9, 7), D(2006, 9, 7)),
            (
                "registration",
                "Registration of candidates by the CCER",
                D(2006, 10, 6),
                D(2006, 10, 6),
            ),
            ("campaign", "Campaign period opens", D(2006, 10, 7), D(2006, 10, 7)),
            (
                "voter_lists",
                "Voter lists displayed at polling stations",
                D(2006, 10, 17),
                D(2006, 10, 20),
            ),
            ("election_day", "Election day", D(2006, 11, 6), D(2006, 11, 6)),
            ("results", "Preliminary results announced", D(2006, 11, 7), D(2006, 11, 7)),
            ("results", "Final results published by the CCER", D(2006, 11, 16), D(2006, 11, 16)),
        ],
        "components": [
            (
                "EL-2006",
                "Training of election administration",
                [
                    (
                        "District election commission members trained",
                        300,
                        ["election-commissioners"],
                        "Training of district election commissions for the presidential election",
                    ),
                    (
                        "Trainers of polling-station staff trained",
                        1200,
                        ["poll-workers"],
                        "Training of trainers of polling-station staff",
                    ),
                ],
            ),
            (
                "EL-2006",
                "Voter education",
                [
                    ("Voter-education posters and leaflets printed", 150000, None, None),
                    (
                        "Voter-education materials distributed to polling stations",
                        150000,
                        None,
                        None,
                    ),
                ],
            ),
            (
                "EL-2006",
                "Media and elections",
                [
                    (
                        "Media staff trained on covering the presidential election",
                        100,
                        ["journalists"],
                        "Seminar for media on covering the presidential election",
                    ),
                ],
            ),
        ],
    },
]

DELIVERIES = {
    "Voter-education posters and leaflets printed": [
        (D(2006, 9, 25), 100000, "Posters and leaflets in Tajik, Russian and Uzbek"),
        (D(2006, 10, 10), 50000, "Second print run"),
    ],
    "Voter-education materials distributed to polling stations": [
        (D(2006, 10, 16), 120000, "Through the district election commissions"),
        (D(2006, 10, 30), 25000, "To polling stations in remote districts"),
    ],
}

# Each output's name, and its unit, in Russian and Tajik, as the reports in those languages
# print them.
OUTPUT_NAMES = {
    "Polling-station staff trained": (
        "Члены участковых избирательных комиссий, прошедшие подготовку",
        "Аъзои комиссияҳои интихоботии қитъавӣ, ки омӯзиш гирифтанд",
    ),
    "District election commission members trained": (
        "Члены окружных избирательных комиссий, прошедшие подготовку",
        "Аъзои комиссияҳои интихоботии ҳавзавӣ, ки омӯзиш гирифтанд",
    ),
    "Media staff trained on election coverage": (
        "Работники средств массовой информации, прошедшие подготовку по освещению выборов",
        "Кормандони воситаҳои ахбори омма, ки оид ба инъикоси интихобот омӯзиш гирифтанд",
    ),
    "Trainers of polling-station staff trained": (
        "Подготовленные инструкторы для членов участковых избирательных комиссий",
        "Омӯзгорони аъзои комиссияҳои интихоботии қитъавӣ, ки омӯзиш гирифтанд",
    ),
    "Voter-education posters and leaflets printed": (
        "Напечатанные плакаты и листовки для информирования избирателей",
        "Плакатҳо ва варақаҳои чопшуда барои маърифати интихобкунандагон",
    ),
    "Voter-education materials distributed to polling stations": (
        "Информационные материалы для избирателей, доставленные на избирательные участки",
        "Маводи маърифати интихобкунандагон, ки ба қитъаҳои интихоботӣ расонида шуд",
    ),
    "Media staff trained on covering the presidential election": (
        "Работники средств массовой информации, прошедшие подготовку по освещению "
        "президентских выборов",
        "Кормандони воситаҳои ахбори омма, ки оид ба инъикоси интихоботи президентӣ омӯзиш "
        "гирифтанд",
    ),
}
UNITS = {"people": ("человек", "нафар"), "copies": ("экземпляров", "нусха")}

MISSION = {
    "title": "UN electoral needs assessment mission",
    "title_ru": "Миссия ООН по оценке потребностей в связи с выборами",
    "title_tg": "Миссияи СММ оид ба арзёбии ниёзҳои интихоботӣ",
    "start": D(2006, 3, 6),
    "end": D(2006, 3, 17),
    "team": "Electoral Assistance Division, Department of Political Affairs (team leader)\n"
    "UNDP electoral adviser\nUNTOP elections officer",
    "findings": "The presidential election of November 2006, the first in peacetime, is an "
    "important benchmark in the post-conflict political environment. The mission advised "
    "that the office develop a technical assistance project executed in close cooperation "
    "with the Central Commission for Elections and Referenda, and that State bodies hold "
    "regular press briefings. (Team, findings and recommendations: illustrative.)",
    "support_activity": ("EL-2005", "Support to the UN electoral needs assessment mission"),
}

RECOMMENDATIONS = [
    (
        1,
        "Train district and polling-station commissions on the amended election law and "
        "voting procedures, through a cascade of trainers.",
        "CCER with UNTOP",
        "implemented",
        "District commissions and trainers trained in August–September 2006.",
    ),
    (
        2,
        "Run a voter-education campaign on voting procedures in Tajik, Russian and Uzbek.",
        "CCER with UNTOP",
        "implemented",
        "150,000 copies printed; 145,000 distributed.",
    ),
    (
        3,
        "Publish the voter lists for inspection well before election day.",
        CCER,
        "in_progress",
        "Lists displayed three days later than planned.",
    ),
    (
        4,
        "Give all candidates equal access to State television and radio.",
        "Committee on Television and Radio",
        "not_implemented",
        "",
    ),
    (
        5,
        "Train journalists on covering the election campaign.",
        "UNTOP",
        "implemented",
        "Media seminars in Dushanbe, Khujand and Kurgan-Tyube.",
    ),
    (
        6,
        "Hold regular press briefings of the CCER during the campaign.",
        CCER,
        "implemented",
        "Fortnightly briefings from 5 October 2006.",
    ),
]

# (ministry, topic of its briefing, days of its schedule); the planned days are illustrative:
# a monthly rotation from October 2005, and a second round from June 2006 not yet held.
MINISTRIES = [
    ("Ministry of Foreign Affairs", "Foreign policy priorities", [D(2005, 10, 20), D(2006, 6, 22)]),
    (
        "Ministry of the Interior",
        "Police reform and public order",
        [D(2005, 11, 24), D(2006, 7, 27)],
    ),
    ("Ministry of Health", "Public health programmes", [D(2005, 12, 22), D(2006, 8, 24)]),
    (
        "Ministry of Education",
        "The school year and the new curriculum",
        [D(2006, 1, 26), D(2006, 9, 28)],
    ),
    ("Ministry of Justice", "Judicial and legal reform", [D(2006, 2, 23), D(2006, 10, 26)]),
    (
        "Ministry of Labour and Social Protection",
        "Labour migration",
        [D(2006, 3, 23), D(2006, 11, 23)],
    ),
    ("Ministry of Economy and Trade", "The economy in 2005", [D(2006, 4, 27), D(2006, 12, 14)]),
    (
        CCER,
        "Preparations for the presidential election",
        [D(2006, 5, 25), D(2006, 10, 5), D(2006, 10, 19), D(2006, 11, 2), D(2006, 11, 16)],
    ),
]


def _save(model, lookup: dict, values: dict):
    """Find by `lookup`, set `values`, validate, and save only when something changed."""
    obj = model.objects.filter(**lookup).first() or model(**lookup)
    changed = obj.pk is None
    for name, value in values.items():
        field = model._meta.get_field(name)
        current = getattr(obj, field.attname)
        wanted = value.pk if field.is_relation and value is not None else value
        if changed or current != wanted:
            setattr(obj, name, value)
            changed = True
    if changed:
        obj.full_clean()
        obj.save()
    return obj


def _activities(project: Project, title_start: str) -> list[Activity]:
    return list(project.activities.filter(title__startswith=title_start))


def _election(data: dict, authority: Partner, projects: dict[str, Project], categories) -> Election:
    election = _save(
        Election,
        {"kind": data["kind"], "election_day": data["election_day"]},
        {
            "title": data["title"],
            "title_ru": data["title_ru"],
            "title_tg": data["title_tg"],
            "authority": authority,
            "status": Election.Status.HELD,
            "notes": data["notes"],
        },
    )
    election.projects.set([projects[code] for code in data["projects"]])
    for stage, title, planned, actual in data["milestones"]:
        _save(
            Milestone,
            {"election": election, "title": title},
            {"stage": stage, "planned": planned, "actual": actual},
        )
    for order, (code, name, outputs) in enumerate(data["components"], start=1):
        component = _save(
            Component,
            {"election": election, "name": name},
            {"project": projects[code], "order": order},
        )
        for position, (output_name, target, category_codes, title_start) in enumerate(
            outputs, start=1
        ):
            people = category_codes is not None
            unit = "people" if people else "copies"
            output = _save(
                Output,
                {"component": component, "name": output_name},
                {
                    "name_ru": OUTPUT_NAMES[output_name][0],
                    "name_tg": OUTPUT_NAMES[output_name][1],
                    "measure": Output.Measure.PEOPLE if people else Output.Measure.ITEMS,
                    "unit": unit,
                    "unit_ru": UNITS[unit][0],
                    "unit_tg": UNITS[unit][1],
                    "target": target,
                    "order": position,
                },
            )
            if people:
                output.categories.set([categories[code] for code in category_codes])
                output.activities.set(_activities(projects[code], title_start))
            for day, quantity, note in DELIVERIES.get(output_name, []):
                _save(
                    Delivery, {"output": output, "day": day}, {"quantity": quantity, "note": note}
                )
    return election


def _mission(election: Election, projects: dict[str, Project]) -> None:
    code, title = MISSION["support_activity"]
    values = {
        key: value for key, value in MISSION.items() if key not in {"title", "support_activity"}
    }
    values["support_activity"] = projects[code].activities.filter(title=title).first()
    mission = _save(
        NeedsAssessmentMission, {"election": election, "title": MISSION["title"]}, values
    )
    for number, text, owner, follow_up, note in RECOMMENDATIONS:
        _save(
            Recommendation,
            {"mission": mission, "number": number},
            {"text": text, "owner": owner, "follow_up": follow_up, "follow_up_note": note},
        )


def _briefings() -> int:
    briefing_activities = Activity.objects.filter(
        kind=Activity.Kind.BRIEFING, project__code__in=["EL-2005", "EL-2006"]
    ).filter(Q(title__startswith="Press briefing of the "))
    made = 0
    for name, topic, days in MINISTRIES:
        partner = Partner.objects.get(name=name)
        ministry = _save(Ministry, {"partner": partner}, {})
        for day in days:
            _save(PlannedBriefing, {"ministry": ministry, "day": day}, {"topic": topic})
        for activity in briefing_activities.filter(
            title__startswith=f"Press briefing of the {name}"
        ):
            _save(Briefing, {"activity": activity}, {"ministry": ministry, "topic": topic})
            made += 1
    return made


def load_elections_demo(write: Callable[[str], None]) -> None:
    """The two elections, their calendars, outputs, mission and ministries' briefings."""
    projects = {p.code: p for p in Project.objects.filter(area=Project.Area.ELECTIONS)}
    categories = {c.code: c for c in ParticipantCategory.objects.all()}
    authority = Partner.objects.get(name=CCER)
    elections = [_election(data, authority, projects, categories) for data in ELECTIONS]
    _mission(elections[1], projects)
    briefings = _briefings()
    write(
        f"Elections: {len(elections)} elections, {Output.objects.count()} outputs, "
        f"{Recommendation.objects.count()} recommendations, {briefings} press briefings."
    )
