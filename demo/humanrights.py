"""Demo data of the human-rights area, built on the programs demo's projects and activities.

Actions and milestones are linked to the office's existing activities (found by project code
and title), so their participants are the ones the programs demo already counts: the four
treaty-body follow-up seminars of 2005–06 reach 122 parliamentarians, judges and activists
("over 115" in S/2006/355); the Ombudsman conference has 80 participants.

Paragraph numbers and some dates are illustrative (marked so); the monitoring notes are
invented and name no one.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.db.models import Min

from demo.programs.letter import TREATY
from humanrights.models import (
    AffectedGroup,
    Document,
    ImplementationAction,
    Mechanism,
    Milestone,
    MonitoringNote,
    Recommendation,
    Theme,
)
from humanrights.services import action_record, action_update, note_create, note_share
from programs.models import Activity, Partner, Region, SdgTarget, User
from untop.audit.context import acting_as

D = datetime.date

# (code, name in English, Russian and Tajik, kind)
MECHANISMS = [
    (
        "CERD",
        "Committee on the Elimination of Racial Discrimination",
        "Комитет по ликвидации расовой дискриминации",
        "Кумита оид ба барҳам додани табъизи нажодӣ",
        "treaty_body",
    ),
    (
        "CCPR",
        "Human Rights Committee (ICCPR)",
        "Комитет по правам человека (МПГПП)",
        "Кумитаи ҳуқуқи инсон (ПБҲШС)",
        "treaty_body",
    ),
    (
        "CESCR",
        "Committee on Economic, Social and Cultural Rights",
        "Комитет по экономическим, социальным и культурным правам",
        "Кумита оид ба ҳуқуқҳои иқтисодӣ, иҷтимоӣ ва фарҳангӣ",
        "treaty_body",
    ),
    (
        "CAT",
        "Committee against Torture",
        "Комитет против пыток",
        "Кумита бар зидди шиканҷа",
        "treaty_body",
    ),
    (
        "CEDAW",
        "Committee on the Elimination of Discrimination against Women",
        "Комитет по ликвидации дискриминации в отношении женщин",
        "Кумита оид ба барҳам додани табъиз нисбати занон",
        "treaty_body",
    ),
    (
        "CRC",
        "Committee on the Rights of the Child",
        "Комитет по правам ребенка",
        "Кумита оид ба ҳуқуқи кӯдак",
        "treaty_body",
    ),
    (
        "CMW",
        "Committee on Migrant Workers",
        "Комитет по трудящимся-мигрантам",
        "Кумита оид ба муҳоҷирони меҳнатӣ",
        "treaty_body",
    ),
    (
        "SR-IJL",
        "Special Rapporteur on the independence of judges and lawyers",
        "Специальный докладчик по вопросу о независимости судей и адвокатов",
        "Гузоришгари махсус оид ба истиқлолияти судяҳо ва адвокатҳо",
        "special_procedure",
    ),
    (
        "UPR",
        "Universal Periodic Review (from 2008)",
        "Универсальный периодический обзор (с 2008 года)",
        "Баррасии даврии умумиҷаҳонӣ (аз соли 2008)",
        "upr",
    ),
]

DOCUMENTS = [
    ("CERD/C/65/CO/8", "CERD", "Concluding observations on Tajikistan", D(2004, 8, 18)),
    (
        "CCPR/CO/84/TJK",
        "CCPR",
        "Concluding observations on the initial report CCPR/C/TJK/2004/1",
        D(2005, 7, 18),
    ),
    (
        "E/CN.4/2006/52/Add.4",
        "SR-IJL",
        "Report on the mission to Tajikistan, 23–30 September 2005 (Leandro Despouy)",
        D(2005, 12, 30),
    ),
]

JUSTICE = "Ministry of Justice"
EDUCATION = "Ministry of Education"
PARLIAMENT = "Parliament (Majlisi Oli)"
PRESIDENT_HR = (
    "Office of the President, Department of Constitutional Guarantees of Citizens' Rights"
)
SUPREME_COURT = "Supreme Court"
COUNCIL_OF_JUSTICE = "Council of Justice"
PROSECUTOR = "Prosecutor-General's Office"

# The themes and affected groups the recommendations name, in Russian and Tajik beside the
# English (the tracker shows a reader's language; files and the API exchange the English).
THEME_NAMES = {
    "Corruption": ("Коррупция", "Коррупсия"),
    "Domestic violence": ("Насилие в семье", "Зӯроварӣ дар оила"),
    "Education": ("Образование", "Маориф"),
    "Fair trial": ("Справедливое судебное разбирательство", "Мурофиаи одилонаи судӣ"),
    "Gender equality": ("Гендерное равенство", "Баробарии гендерӣ"),
    "Judiciary": ("Судебная система", "Низоми судӣ"),
    "Legislation": ("Законодательство", "Қонунгузорӣ"),
    "National human rights institution": (
        "Национальное учреждение по правам человека",
        "Муассисаи миллии ҳуқуқи инсон",
    ),
    "Non-discrimination": ("Недискриминация", "Манъи табъиз"),
    "Participation": ("Участие", "Иштирок"),
    "Statelessness": ("Безгражданство", "Бешаҳрвандӣ"),
    "Trafficking": ("Торговля людьми", "Савдои одамон"),
}
GROUP_NAMES = {
    "Children": ("Дети", "Кӯдакон"),
    "Detainees": ("Лица, содержащиеся под стражей", "Шахсони дар ҳабс қарордошта"),
    "Minorities": ("Меньшинства", "Ақаллиятҳо"),
    "Stateless persons": ("Лица без гражданства", "Шахсони бешаҳрванд"),
    "Women": ("Женщины", "Занон"),
}

# (document, paragraph (illustrative), text, themes, groups, institutions, priority, due)
RECOMMENDATIONS = [
    (
        "CERD/C/65/CO/8",
        "8",
        "Define racial discrimination in domestic law in line with article 1 of the Convention.",
        ["Legislation", "Non-discrimination"],
        ["Minorities"],
        [PARLIAMENT, JUSTICE],
        "high",
        D(2005, 8, 18),
    ),
    (
        "CERD/C/65/CO/8",
        "11",
        "Ensure the participation of minorities in State institutions.",
        ["Participation"],
        ["Minorities"],
        [PRESIDENT_HR],
        "medium",
        None,
    ),
    (
        "CERD/C/65/CO/8",
        "13",
        "Guarantee education in minority languages.",
        ["Education"],
        ["Minorities", "Children"],
        [EDUCATION],
        "medium",
        None,
    ),
    (
        "CERD/C/65/CO/8",
        "15",
        "Establish a national human rights institution in accordance with the Paris Principles.",
        ["National human rights institution"],
        [],
        [PRESIDENT_HR, PARLIAMENT],
        "high",
        D(2005, 8, 18),
    ),
    (
        "CERD/C/65/CO/8",
        "16",
        "Promote intercultural education and tolerance.",
        ["Education"],
        ["Minorities", "Children"],
        [EDUCATION],
        "low",
        None,
    ),
    (
        "CERD/C/65/CO/8",
        "20",
        "Consider acceding to the conventions on statelessness.",
        ["Statelessness"],
        ["Stateless persons"],
        [PARLIAMENT],
        "low",
        None,
    ),
    (
        "CCPR/CO/84/TJK",
        "6",
        "Adopt measures against domestic violence, including a specific "
        "law, and train police, judges and prosecutors.",
        ["Domestic violence", "Gender equality"],
        ["Women"],
        [PARLIAMENT, JUSTICE, SUPREME_COURT],
        "high",
        D(2006, 7, 18),
    ),
    (
        "CCPR/CO/84/TJK",
        "7",
        "Increase the participation of women in public office.",
        ["Gender equality", "Participation"],
        ["Women"],
        [PRESIDENT_HR],
        "medium",
        D(2006, 7, 18),
    ),
    (
        "CCPR/CO/84/TJK",
        "16",
        "Prevent and punish trafficking in persons and protect victims.",
        ["Trafficking"],
        ["Women", "Children"],
        [JUSTICE, PROSECUTOR],
        "high",
        D(2006, 7, 18),
    ),
    (
        "CCPR/CO/84/TJK",
        "18",
        "Guarantee the independence of the judiciary and of lawyers.",
        ["Judiciary"],
        ["Detainees"],
        [COUNCIL_OF_JUSTICE, SUPREME_COURT],
        "medium",
        None,
    ),
    (
        "E/CN.4/2006/52/Add.4",
        "87",
        "Limit the prosecutors' powers of supervision over the courts.",
        ["Judiciary"],
        ["Detainees"],
        [PROSECUTOR, PARLIAMENT],
        "high",
        None,
    ),
    (
        "E/CN.4/2006/52/Add.4",
        "88",
        "Guarantee the equality of arms between prosecution and defence.",
        ["Judiciary", "Fair trial"],
        ["Detainees"],
        [PROSECUTOR, JUSTICE],
        "high",
        None,
    ),
    (
        "E/CN.4/2006/52/Add.4",
        "90",
        "Fight corruption in the judiciary.",
        ["Judiciary", "Corruption"],
        [],
        [COUNCIL_OF_JUSTICE],
        "medium",
        None,
    ),
    (
        "E/CN.4/2006/52/Add.4",
        "91",
        "Raise judges' pay to a level that secures their independence.",
        ["Judiciary"],
        [],
        [COUNCIL_OF_JUSTICE, JUSTICE],
        "medium",
        None,
    ),
    (
        "E/CN.4/2006/52/Add.4",
        "93",
        "Adopt new codes of criminal and civil procedure.",
        ["Judiciary", "Legislation", "Fair trial"],
        [],
        [PARLIAMENT, JUSTICE],
        "medium",
        None,
    ),
]

# (document, paragraph, date, what was done, by whom, evidence, activities (project, title),
# status it justifies)
# The SDG targets some recommendations serve, by (document, paragraph). Illustrative: the
# documents predate the Goals; the targets are among those a migration adds (programs 0016).
SDG_TARGETS = {
    ("CERD/C/65/CO/8", "11"): ["16.7"],
    ("CERD/C/65/CO/8", "15"): ["16.a"],
    ("CCPR/CO/84/TJK", "6"): ["16.1"],
    ("CCPR/CO/84/TJK", "7"): ["5.5", "16.7"],
    ("CCPR/CO/84/TJK", "18"): ["16.3"],
    ("E/CN.4/2006/52/Add.4", "87"): ["16.3", "16.6"],
    ("E/CN.4/2006/52/Add.4", "88"): ["16.3"],
    ("E/CN.4/2006/52/Add.4", "90"): ["16.6"],
    ("E/CN.4/2006/52/Add.4", "93"): ["16.3"],
}

ACTIONS = [
    (
        "CCPR/CO/84/TJK",
        "6",
        D(2005, 11, 8),
        "Parliamentarians discussed the Committee's "
        "concluding observations and a draft law on social and legal protection against domestic "
        "violence.",
        "Parliament with UNTOP and OHCHR",
        "Seminar agenda and list of participants",
        [("HR-TB", f"{TREATY} for parliamentarians")],
        "in_progress",
    ),
    (
        "CERD/C/65/CO/8",
        "8",
        D(2006, 1, 17),
        "Judges trained on applying the Convention's definition of racial discrimination.",
        "Supreme Court and Council of Justice with UNTOP",
        "Seminar report",
        [("HR-TB", f"{TREATY} for judges")],
        "in_progress",
    ),
    (
        "CCPR/CO/84/TJK",
        "16",
        D(2006, 4, 4),
        "Regional seminars in Khujand and Kurgan-Tyube "
        "on the Committee's recommendations on trafficking, with judges and activists.",
        "UNTOP centres with local courts and NGOs",
        "Seminar reports",
        [
            ("HR-TB", f"{TREATY} (Khujand)", D(2006, 2, 28)),
            ("HR-TB", f"{TREATY} (Kurgan-Tyube)", D(2006, 4, 4)),
        ],
        "in_progress",
    ),
    (
        "CERD/C/65/CO/8",
        "15",
        D(2006, 4, 18),
        "Conference on establishing a National Human Rights Ombudsman, with international experts.",
        "Office of the President with UNTOP and OHCHR",
        "Conference declaration",
        [("HR-OMB", "Conference on establishing a National Human Rights Ombudsman")],
        "in_progress",
    ),
    (
        "E/CN.4/2006/52/Add.4",
        "91",
        D(2006, 5, 16),
        "Round table built consensus on carrying "
        "out the Special Rapporteur's recommendations on judges' pay and status.",
        "Council of Justice and Supreme Court with UNTOP",
        "Round-table conclusions",
        [
            (
                "HR-JUD",
                "Round table on the Special Rapporteur's recommendations on the independence "
                "of judges and lawyers",
            )
        ],
        "in_progress",
    ),
    (
        "E/CN.4/2006/52/Add.4",
        "88",
        D(2006, 5, 16),
        "Equality of arms discussed with prosecutors, judges and lawyers at the same round table.",
        "UNTOP",
        "",
        [
            (
                "HR-JUD",
                "Round table on the Special Rapporteur's recommendations on the independence "
                "of judges and lawyers",
            )
        ],
        "",
    ),
]

OMBUDSMAN_CONFERENCE = ("HR-OMB", "Conference on establishing a National Human Rights Ombudsman")
OMBUDSMAN_WG = (
    "HR-OMB",
    "Working group on the draft law on the Human Rights Ombudsman, final reading",
)
CURRICULUM_REVIEW = ("HR-EDU", "Expert review of the draft human rights curriculum")
CURRICULUM_WG = ("HR-EDU", "Working group on the human rights curriculum for secondary schools")
TEACHERS = "Training of teachers on the human rights curriculum"

NOTES = [
    (
        D(2006, 3, 14),
        "TJ-SU",
        "Access of defence lawyers to detainees (illustrative)",
        "Reports that lawyers were refused access to clients in pre-trial detention.",
        "Two defence lawyers; a local NGO",
        "confidential",
        "Raised with the regional prosecutor; suggested written instructions on access.",
        ["staff.khujand"],
    ),
    (
        D(2006, 5, 2),
        "TJ-GB",
        "Registration of a local NGO (illustrative)",
        "A human rights NGO reports repeated refusals of registration.",
        "The NGO's chair",
        "restricted",
        "Advised the Ministry of Justice on the law on public associations.",
        [],
    ),
    (
        D(2006, 9, 20),
        "TJ-DU",
        "Pre-election media access (illustrative)",
        "Opposition parties report unequal access to State television.",
        "Party representatives; media monitoring",
        "strictly",
        "Advised the Committee on Television and Radio on equal airtime rules.",
        [],
    ),
]


def _activity(project: str, title: str, start: datetime.date | None = None) -> Activity:
    matches = Activity.objects.filter(project__code=project, title=title)
    if start:
        matches = matches.filter(start=start)
    matches = list(matches)
    if len(matches) != 1:
        raise LookupError(f"The programs demo has {len(matches)} activities {project} “{title}”.")
    return matches[0]


def _reference() -> tuple[dict, dict]:
    mechanisms = {}
    for code, name, russian, tajik, kind in MECHANISMS:
        mechanisms[code], _ = Mechanism.objects.update_or_create(
            code=code, defaults={"name": name, "name_ru": russian, "name_tg": tajik, "kind": kind}
        )
    documents = {}
    for symbol, mechanism, title, issued_on in DOCUMENTS:
        documents[symbol], _ = Document.objects.update_or_create(
            symbol=symbol,
            defaults={"mechanism": mechanisms[mechanism], "title": title, "issued_on": issued_on},
        )
    return mechanisms, documents


def _recommendations(documents: dict) -> dict:
    partners = {partner.name: partner for partner in Partner.objects.all()}
    targets = {target.code: target for target in SdgTarget.objects.all()}
    named = {
        model: {
            name: model.objects.update_or_create(
                name=name, defaults={"name_ru": russian, "name_tg": tajik}
            )[0]
            for name, (russian, tajik) in names.items()
        }
        for model, names in ((Theme, THEME_NAMES), (AffectedGroup, GROUP_NAMES))
    }
    recommendations = {}
    for symbol, paragraph, text, themes, groups, institutions, priority, due in RECOMMENDATIONS:
        recommendation, _ = Recommendation.objects.update_or_create(
            document=documents[symbol],
            paragraph=paragraph,
            defaults={"text": text, "priority": priority, "follow_up_due": due},
        )
        recommendation.themes.set([named[Theme][n] for n in themes])
        recommendation.affected_groups.set([named[AffectedGroup][n] for n in groups])
        recommendation.institutions.set(
            [
                partners.get(name) or Partner.objects.create(name=name, kind="government")
                for name in institutions
            ]
        )
        recommendation.sdg_targets.set(
            [targets[code] for code in SDG_TARGETS.get((symbol, paragraph), [])]
        )
        recommendations[(symbol, paragraph)] = recommendation
    return recommendations


def _actions(recommendations: dict, officer: User) -> int:
    """Record each action through the tracker's service, as the officer; an action recorded
    by an earlier run only has its activities brought up to date."""
    added = 0
    for symbol, paragraph, day, text, by, evidence, activities, status in ACTIONS:
        recommendation = recommendations[(symbol, paragraph)]
        linked = [_activity(*key) for key in activities]
        action = ImplementationAction.objects.filter(
            recommendation=recommendation, taken_on=day, description=text
        ).first()
        if action is None:
            action_record(
                recommendation=recommendation,
                acting_user=officer,
                fields={
                    "taken_on": day,
                    "description": text,
                    "taken_by": by,
                    "evidence": evidence,
                    "new_status": status,
                },
                activities=linked,
            )
            added += 1
        elif {a.pk for a in action.activities.all()} != {a.pk for a in linked}:
            action_update(action=action, acting_user=officer, fields={}, activities=linked)
    return added


def _milestones() -> None:
    ombudsman, curriculum = Milestone.Track.OMBUDSMAN, Milestone.Track.CURRICULUM
    stage = Milestone.Stage
    rows = [
        (
            ombudsman,
            stage.CONFERENCE,
            None,
            D(2006, 4, 1),
            D(2006, 4, 18),
            [OMBUDSMAN_CONFERENCE],
            "80 participants with international experts, with OHCHR.",
        ),
        (
            ombudsman,
            stage.DRAFT_LAW,
            None,
            D(2007, 6, 30),
            None,
            [OMBUDSMAN_WG],
            "The working group's final reading has been held; the draft awaits the Government.",
        ),
        (
            ombudsman,
            stage.LAW_ADOPTED,
            None,
            D(2008, 3, 31),
            None,
            [],
            "The law was adopted in 2008, after the office closed.",
        ),
        (
            ombudsman,
            stage.APPOINTMENT,
            None,
            D(2009, 3, 31),
            None,
            [],
            "The first Ombudsman was appointed in 2009.",
        ),
        (
            curriculum,
            stage.DRAFTED,
            None,
            D(2006, 3, 31),
            D(2006, 4, 4),
            [CURRICULUM_REVIEW],
            "Drafted by the working group; reviewed by experts.",
        ),
        (
            curriculum,
            stage.ADOPTED,
            None,
            D(2006, 6, 30),
            D(2006, 8, 25),
            [],
            "Adopted by the Ministry of Education (date illustrative).",
        ),
    ]
    for track, step, region, planned, achieved, activities, notes in rows:
        milestone, _ = Milestone.objects.update_or_create(
            track=track,
            stage=step,
            region=region,
            defaults={"planned_on": planned, "achieved_on": achieved, "notes": notes},
        )
        linked = [_activity(*key) for key in activities]
        if step == stage.DRAFTED:
            linked += list(
                Activity.objects.filter(project__code=CURRICULUM_WG[0], title=CURRICULUM_WG[1])
            )
        milestone.activities.set(linked)
    # Introduced region by region: at the first counted teacher training in the region.
    trainings = Activity.objects.counted().filter(
        project__code="HR-EDU", title__startswith=TEACHERS
    )
    for region in Region.objects.order_by("code"):
        held = trainings.filter(centre__region=region)
        first = held.aggregate(day=Min("start"))["day"]
        milestone, _ = Milestone.objects.update_or_create(
            track=curriculum,
            stage=stage.INTRODUCED,
            region=region,
            defaults={
                "planned_on": D(2006, 9, 1),
                "achieved_on": first,
                "notes": "Teachers trained on the curriculum in the region." if first else "",
            },
        )
        milestone.activities.set(list(held))


def _notes(officer: User) -> None:
    """Write the notes and share them through the notes' services, as the officer."""
    users = {user.username: user for user in User.objects.all()}
    regions = {region.code: region for region in Region.objects.all()}
    for day, region, topic, summary, sources, sensitivity, advice, shared in NOTES:
        note = MonitoringNote.objects.filter(topic=topic).first()
        if note is None:
            note = note_create(
                acting_user=officer,
                fields={
                    "observed_on": day,
                    "region": regions[region],
                    "topic": topic,
                    "summary": summary,
                    "sources": sources,
                    "sensitivity": sensitivity,
                    "advice": advice,
                },
            )
        already = set(note.shares.values_list("user__username", flat=True))
        for username in shared:
            if username in users and username not in already:
                note_share(note=note, user=users[username], acting_user=officer)


def load_humanrights_demo(write: Callable[[str], None]) -> None:
    """Mechanisms, documents, recommendations, actions, milestones and three notes."""
    officer = User.objects.get(username="hr.officer")
    # No service writes the reference lists, the recommendations or the milestones (the
    # officer keeps them in the back office): the audit trail credits them to the officer.
    with acting_as(officer):
        _, documents = _reference()
        recommendations = _recommendations(documents)
    _actions(recommendations, officer)
    with acting_as(officer):
        _milestones()
    _notes(officer)
    write(
        f"Human rights: {Recommendation.objects.count()} recommendations, "
        f"{ImplementationAction.objects.count()} actions, "
        f"{Milestone.objects.count()} milestones, "
        f"{MonitoringNote.objects.count()} monitoring notes."
    )
