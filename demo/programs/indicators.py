"""What each project measures: indicators, their targets per mandate period, typed values.

(project, name, unit, rule, what a computed rule counts, {period: target}, {period: (value,
note)}). A period is named by the year it begins in (2005 is 1 June 2005 – 31 May 2006).
A "participants" rule counts the listed categories (none listed: everyone), an "activities"
rule the activities of one type; both sum the project's held and approved activities.
Manual indicators take typed values; their notes say where the value comes from.

MEASURES adds an illustrative percentage and an illustrative score (made up, and named so);
CHAIN gives every project its results chain: outcomes tagged with SDG targets, the outputs
that serve them, which of the project's activities deliver each, and which indicators
measure it; STATEMENTS words its outcomes and outputs in Russian and Tajik.
"""

P, A, M = "participants", "activities", "manual"
PEOPLE = "people"
MVD = ["interior-ministry-staff"]
LETTER_CP = ["community-leaders", "educators", "lawyers", "local-officials"]
LETTER_ND = ["government-officials", "party-activists", "civil-society"]
LETTER_TB = ["parliamentarians", "judges", "human-rights-activists"]
ELECTION_STAFF = ["election-commissioners", "poll-workers"]
OMBUDSMAN_STEPS = "Steps towards an Ombudsman institution (conference, working group, draft law)"
TREATY_ACTIONS = "CERD and Human Rights Committee recommendations with an implementation action"

INDICATORS = [
    ("ND-2000", "Participants in dialogue meetings", PEOPLE, P, [], {2000: 250, 2001: 350}, {}),
    ("ND-2002", "Dialogue forums held", "meetings", A, "meeting", {2002: 5, 2003: 6}, {}),
    ("ND-2004", "Participants in dialogue meetings", PEOPLE, P, [], {2004: 400}, {}),
    (
        "ND-2005",
        "Government officials, party activists and civil society in dialogue meetings",
        PEOPLE,
        P,
        LETTER_ND,
        {2005: 500},
        {},
    ),
    (
        "ND-2005",
        "Dialogue meetings held across the country",
        "meetings",
        A,
        "meeting",
        {2005: 6},
        {},
    ),
    ("ND-2006", "Participants in inter-party dialogue meetings", PEOPLE, P, [], {2006: 450}, {}),
    (
        "EL-2003",
        "Amendments to the election law discussed in round tables",
        "amendments",
        M,
        None,
        {2003: 10},
        {2003: (12, "Proposals passed on to the parliamentary working group")},
    ),
    ("EL-2004", "Polling-station staff trained", PEOPLE, P, ["poll-workers"], {2004: 12000}, {}),
    (
        "EL-2004",
        "District election commission members trained",
        PEOPLE,
        P,
        ["election-commissioners"],
        {2004: 300},
        {},
    ),
    (
        "EL-2004",
        "Media staff trained on election coverage",
        PEOPLE,
        P,
        ["journalists"],
        {2004: 250},
        {},
    ),
    (
        "EL-2005",
        "Press briefings held by State ministries",
        "briefings",
        A,
        "briefing",
        {2005: 8},
        {},
    ),
    (
        "EL-2006",
        "Election commission and polling-station staff trained",
        PEOPLE,
        P,
        ELECTION_STAFF,
        {2006: 1500},
        {},
    ),
    (
        "CP-2001",
        "Local officials and community leaders trained",
        PEOPLE,
        P,
        ["local-officials", "community-leaders"],
        {2001: 300, 2002: 300},
        {},
    ),
    (
        "CP-2003",
        "Conflict management seminars held",
        "seminars",
        A,
        "seminar",
        {2003: 8, 2004: 8},
        {},
    ),
    (
        "CP-2005",
        "Community leaders, educators, lawyers and local officials trained",
        PEOPLE,
        P,
        LETTER_CP,
        {2005: 900, 2006: 400},
        {},
    ),
    (
        "CP-2005",
        "Centres that held a seminar",
        "centres",
        M,
        None,
        {2005: 8, 2006: 8},
        {2005: (8, "All eight centres"), 2006: (8, "All eight centres")},
    ),
    (
        "CP-2007",
        "Seminars held in border and mixed communities",
        "seminars",
        A,
        "seminar",
        {2006: 5},
        {},
    ),
    (
        "PR-2000",
        "Interior Ministry officers trained in human rights standards",
        PEOPLE,
        P,
        MVD,
        {2000: 90, 2001: 140},
        {},
    ),
    (
        "PR-2002",
        "Interior Ministry staff trained",
        PEOPLE,
        P,
        MVD,
        {2002: 180, 2003: 220, 2004: 220},
        {},
    ),
    (
        "PR-2005",
        "Police instructors trained as trainers",
        PEOPLE,
        P,
        ["police-instructors"],
        {2005: 40},
        {},
    ),
    (
        "PR-2005",
        "Interior Ministry staff trained in police training",
        PEOPLE,
        P,
        MVD,
        {2005: 1000, 2006: 300},
        {},
    ),
    (
        "PR-BUL",
        "Issues of the Ministry of the Interior bulletin published",
        "issues",
        A,
        "publication",
        {2005: 3, 2006: 4},
        {},
    ),
    (
        "PR-PKO",
        "Interior Ministry personnel trained abroad in civilian policing and peacekeeping",
        PEOPLE,
        P,
        MVD,
        {2005: 30},
        {},
    ),
    ("HR-2000", "Participants in human rights seminars", PEOPLE, P, [], {2000: 120, 2001: 180}, {}),
    (
        "HR-2002",
        "Judges, lawyers and educators trained",
        PEOPLE,
        P,
        ["judges", "lawyers", "educators"],
        {2002: 150, 2003: 200, 2004: 200},
        {},
    ),
    (
        "HR-EDU",
        "Human rights curriculum for secondary schools adopted",
        "milestone",
        M,
        None,
        {2005: 1},
        {2005: (1, "The first comprehensive curriculum, promoted with the Ministry")},
    ),
    ("HR-EDU", "Teachers trained on the new curriculum", PEOPLE, P, ["educators"], {2006: 250}, {}),
    (
        "HR-OMB",
        OMBUDSMAN_STEPS,
        "steps",
        M,
        None,
        {2005: 1, 2006: 3},
        {
            2005: (1, "Conference with 80 participants and international experts"),
            2006: (2, "Working group formed; the draft law still under discussion"),
        },
    ),
    (
        "HR-TB",
        "Parliamentarians, judges and activists reached on treaty-body follow-up",
        PEOPLE,
        P,
        LETTER_TB,
        {2005: 100, 2006: 80},
        {},
    ),
    (
        "HR-TB",
        TREATY_ACTIONS,
        "recommendations",
        M,
        None,
        {2005: 6, 2006: 9},
        {2005: (4, "Follow-up to CCPR/CO/84/TJK, due within one year"), 2006: (7, "")},
    ),
    (
        "HR-JUD",
        "Special Rapporteur's recommendations discussed with the authorities",
        "recommendations",
        M,
        None,
        {2005: 5, 2006: 5},
        {2005: (3, "E/CN.4/2006/52/Add.4"), 2006: (5, "")},
    ),
]

# Each indicator's name in Russian and Tajik, as the reports in those languages print it.
NAMES = {
    "Participants in dialogue meetings": (
        "Участники встреч в рамках национального диалога",
        "Иштирокчиёни вохӯриҳои муколамаи миллӣ",
    ),
    "Dialogue forums held": (
        "Проведённые форумы диалога",
        "Форумҳои баргузоршудаи муколама",
    ),
    "Government officials, party activists and civil society in dialogue meetings": (
        "Государственные служащие, партийные активисты и представители гражданского общества "
        "на встречах в рамках диалога",
        "Хизматчиёни давлатӣ, фаъолони ҳизбӣ ва намояндагони ҷомеаи шаҳрвандӣ дар вохӯриҳои "
        "муколама",
    ),
    "Dialogue meetings held across the country": (
        "Встречи в рамках диалога, проведённые по всей стране",
        "Вохӯриҳои муколама, ки дар саросари кишвар баргузор шуданд",
    ),
    "Participants in inter-party dialogue meetings": (
        "Участники встреч в рамках межпартийного диалога",
        "Иштирокчиёни вохӯриҳои муколамаи байниҳизбӣ",
    ),
    "Amendments to the election law discussed in round tables": (
        "Поправки к закону о выборах, обсуждённые на круглых столах",
        "Тағйироти қонуни интихобот, ки дар мизҳои мудаввар муҳокима шуданд",
    ),
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
    "Press briefings held by State ministries": (
        "Брифинги для прессы, проведённые министерствами",
        "Брифингҳои матбуотӣ, ки вазоратҳо баргузор карданд",
    ),
    "Election commission and polling-station staff trained": (
        "Члены избирательных и участковых комиссий, прошедшие подготовку",
        "Аъзои комиссияҳои интихоботӣ ва қитъавӣ, ки омӯзиш гирифтанд",
    ),
    "Local officials and community leaders trained": (
        "Представители местных органов власти и лидеры общин, прошедшие подготовку",
        "Мансабдорони маҳаллӣ ва пешвоёни ҷамоатҳо, ки омӯзиш гирифтанд",
    ),
    "Conflict management seminars held": (
        "Проведённые семинары по урегулированию конфликтов",
        "Семинарҳои баргузоршуда оид ба ҳалли низоъҳо",
    ),
    "Community leaders, educators, lawyers and local officials trained": (
        "Лидеры общин, педагоги, юристы и представители местных органов власти, прошедшие "
        "подготовку",
        "Пешвоёни ҷамоатҳо, омӯзгорон, ҳуқуқшиносон ва мансабдорони маҳаллӣ, ки омӯзиш гирифтанд",
    ),
    "Centres that held a seminar": (
        "Центры, в которых прошёл семинар",
        "Марказҳое, ки семинар баргузор карданд",
    ),
    "Seminars held in border and mixed communities": (
        "Семинары, проведённые в приграничных и смешанных общинах",
        "Семинарҳое, ки дар ҷамоатҳои сарҳадӣ ва омехта баргузор шуданд",
    ),
    "Interior Ministry officers trained in human rights standards": (
        "Сотрудники Министерства внутренних дел, прошедшие подготовку по стандартам в области "
        "прав человека",
        "Кормандони Вазорати корҳои дохилӣ, ки оид ба меъёрҳои ҳуқуқи инсон омӯзиш гирифтанд",
    ),
    "Interior Ministry staff trained": (
        "Сотрудники Министерства внутренних дел, прошедшие подготовку",
        "Кормандони Вазорати корҳои дохилӣ, ки омӯзиш гирифтанд",
    ),
    "Police instructors trained as trainers": (
        "Инструкторы милиции, подготовленные в качестве преподавателей",
        "Инструкторони милитсия, ки ҳамчун омӯзгор тайёр карда шуданд",
    ),
    "Interior Ministry staff trained in police training": (
        "Сотрудники Министерства внутренних дел, обученные в рамках подготовки милиции",
        "Кормандони Вазорати корҳои дохилӣ, ки дар доираи омӯзиши милитсия омӯзиш гирифтанд",
    ),
    "Issues of the Ministry of the Interior bulletin published": (
        "Вышедшие номера бюллетеня Министерства внутренних дел",
        "Шумораҳои нашршудаи бюллетени Вазорати корҳои дохилӣ",
    ),
    "Interior Ministry personnel trained abroad in civilian policing and peacekeeping": (
        "Сотрудники Министерства внутренних дел, прошедшие подготовку за рубежом по вопросам "
        "деятельности гражданской полиции и поддержания мира",
        "Кормандони Вазорати корҳои дохилӣ, ки дар хориҷа оид ба фаъолияти политсияи "
        "шаҳрвандӣ ва нигоҳдории сулҳ омӯзиш гирифтанд",
    ),
    "Participants in human rights seminars": (
        "Участники семинаров по правам человека",
        "Иштирокчиёни семинарҳо оид ба ҳуқуқи инсон",
    ),
    "Judges, lawyers and educators trained": (
        "Судьи, юристы и педагоги, прошедшие подготовку",
        "Судяҳо, ҳуқуқшиносон ва омӯзгороне, ки омӯзиш гирифтанд",
    ),
    "Human rights curriculum for secondary schools adopted": (
        "Принятие учебной программы по правам человека для средних школ",
        "Қабули барномаи таълимӣ оид ба ҳуқуқи инсон барои мактабҳои миёна",
    ),
    "Teachers trained on the new curriculum": (
        "Учителя, прошедшие подготовку по новой учебной программе",
        "Муаллимоне, ки оид ба барномаи нави таълимӣ омӯзиш гирифтанд",
    ),
    OMBUDSMAN_STEPS: (
        "Шаги к созданию института Уполномоченного по правам человека (конференция, рабочая "
        "группа, законопроект)",
        "Қадамҳо барои таъсиси институти Ваколатдор оид ба ҳуқуқи инсон (конференсия, гурӯҳи "
        "корӣ, лоиҳаи қонун)",
    ),
    "Parliamentarians, judges and activists reached on treaty-body follow-up": (
        "Парламентарии, судьи и активисты, охваченные работой по выполнению рекомендаций "
        "договорных органов",
        "Вакилони парлумон, судяҳо ва фаъолоне, ки ба иҷрои тавсияҳои мақомоти шартномавӣ "
        "ҷалб шуданд",
    ),
    TREATY_ACTIONS: (
        "Рекомендации Комитета по ликвидации расовой дискриминации и Комитета по правам "
        "человека, по которым приняты меры по выполнению",
        "Тавсияҳои Кумита оид ба барҳам додани табъизи нажодӣ ва Кумитаи ҳуқуқи инсон, ки оид "
        "ба иҷрои онҳо чора андешида шуд",
    ),
    "Special Rapporteur's recommendations discussed with the authorities": (
        "Рекомендации Специального докладчика, обсуждённые с властями",
        "Тавсияҳои Маърӯзачии махсус, ки бо мақомот муҳокима шуданд",
    ),
}

# Each unit in Russian and Tajik, as the reports print it after a figure's name: "(человек)".
UNITS = {
    PEOPLE: ("человек", "нафар"),
    "meetings": ("встреч", "вохӯрӣ"),
    "amendments": ("поправок", "тағйирот"),
    "briefings": ("брифингов", "брифинг"),
    "seminars": ("семинаров", "семинар"),
    "centres": ("центров", "марказ"),
    "issues": ("номеров", "шумора"),
    "milestone": ("этап", "марҳила"),
    "steps": ("шагов", "қадам"),
    "recommendations": ("рекомендаций", "тавсия"),
}

# Illustrative indicators of the kinds the counts above do not show, marked so in their
# names: (project, name, unit, rule, what a computed rule counts, kind, (lowest, highest
# score) or None, {period: target}, {period: {field: value}} of the typed values).
PERCENTAGE, QUALITATIVE = "percentage", "qualitative"
CURRICULUM_SHARE = "Share of the pilot schools' civics teachers trained (illustrative)"
OMBUDSMAN_SCORE = "Readiness of the Ombudsman law, scored 1 to 5 (illustrative)"
MEASURES = [
    (
        "HR-EDU",
        CURRICULUM_SHARE,
        "per cent",
        P,
        ["educators"],
        PERCENTAGE,
        None,
        {2006: 60},
        # The numerator is counted from the seminars; the denominator, made up, is entered.
        {2006: {"denominator": 400, "note": "Civics teachers of the pilot schools (made up)"}},
    ),
    (
        "HR-OMB",
        OMBUDSMAN_SCORE,
        "score",
        M,
        None,
        QUALITATIVE,
        (1, 5),
        {2006: 4},
        {
            2006: {
                "value": 3,
                "narrative": "A working group drafts the law with the Presidential "
                "Administration; its mandate and independence are still under discussion. "
                "Made-up score, for the demo.",
            }
        },
    ),
]
NAMES[CURRICULUM_SHARE] = (
    "Доля обученных учителей обществоведения пилотных школ (для примера)",
    "Ҳиссаи омӯзгорони ҷомеашиносии мактабҳои озмоишӣ, ки омӯзиш гирифтанд (барои намуна)",
)
NAMES[OMBUDSMAN_SCORE] = (
    "Готовность закона об Уполномоченном, по шкале от 1 до 5 (для примера)",
    "Омодагии қонун дар бораи Ваколатдор, аз 1 то 5 (барои намуна)",
)
UNITS["per cent"] = ("процентов", "фоиз")
UNITS["score"] = ("баллов", "хол")

# Each project's results chain, outcome by outcome: (code, statement, SDG targets, outputs),
# an output being (code, statement, the types of the project's activities that deliver it
# (None: all of them), the names of the project's indicators that measure it). Written for
# the demo from the projects' descriptions, not from the office's documents.
DIALOGUE_OUTCOME = "Political parties, the government and civil society settle differences "
DIALOGUE_OUTCOME += "in dialogue"
CHAIN = {
    "ND-2000": [
        (
            "1",
            DIALOGUE_OUTCOME + ", consolidating the General Agreement",
            ["16.7", "16.1"],
            [
                (
                    "1.1",
                    "Regular dialogue meetings of the political parties",
                    None,
                    ["Participants in dialogue meetings"],
                )
            ],
        )
    ],
    "ND-2002": [
        (
            "1",
            DIALOGUE_OUTCOME + " through the Public Council",
            ["16.7"],
            [
                (
                    "1.1",
                    "Public Council forums with parties and civil society",
                    None,
                    ["Dialogue forums held"],
                )
            ],
        )
    ],
    "ND-2004": [
        (
            "1",
            "The parliamentary election of 2005 is prepared in dialogue among the parties",
            ["16.7", "5.5"],
            [
                (
                    "1.1",
                    "Dialogue meetings on the political process",
                    None,
                    ["Participants in dialogue meetings"],
                )
            ],
        )
    ],
    "ND-2005": [
        (
            "1",
            "Political pluralism is accepted and the peace consolidated",
            ["16.7", "16.1"],
            [
                (
                    "1.1",
                    "Officials, party activists and civil society meet in dialogue",
                    None,
                    [
                        "Government officials, party activists and civil society in dialogue "
                        "meetings"
                    ],
                ),
                (
                    "1.2",
                    "Dialogue meetings held in every region",
                    None,
                    ["Dialogue meetings held across the country"],
                ),
            ],
        )
    ],
    "ND-2006": [
        (
            "1",
            "The presidential election of 2006 is contested peacefully",
            ["16.7", "16.1"],
            [
                (
                    "1.1",
                    "Inter-party dialogue meetings around the election",
                    None,
                    ["Participants in inter-party dialogue meetings"],
                )
            ],
        )
    ],
    "EL-2003": [
        (
            "1",
            "The election law meets international standards",
            ["16.7", "16.6"],
            [
                (
                    "1.1",
                    "Round tables propose amendments to the election law",
                    None,
                    ["Amendments to the election law discussed in round tables"],
                )
            ],
        )
    ],
    "EL-2004": [
        (
            "1",
            "The parliamentary election of 2005 is administered competently",
            ["16.7", "16.6"],
            [
                (
                    "1.1",
                    "Election commissions and polling-station staff trained",
                    ["training"],
                    [
                        "Polling-station staff trained",
                        "District election commission members trained",
                    ],
                ),
            ],
        ),
        (
            "2",
            "Voters are informed by fair media coverage of the election",
            ["16.10"],
            [
                (
                    "2.1",
                    "Media staff trained on election coverage",
                    ["training"],
                    ["Media staff trained on election coverage"],
                )
            ],
        ),
    ],
    "EL-2005": [
        (
            "1",
            "The public is informed of the State's work through regular briefings",
            ["16.10", "16.6"],
            [
                (
                    "1.1",
                    "Press briefings by State ministries",
                    ["briefing"],
                    ["Press briefings held by State ministries"],
                ),
                ("1.2", "An electoral needs assessment", ["advisory"], []),
            ],
        )
    ],
    "EL-2006": [
        (
            "1",
            "The presidential election of 2006 is administered competently",
            ["16.7", "16.6"],
            [
                (
                    "1.1",
                    "Election commission and polling-station staff trained",
                    ["training", "seminar"],
                    ["Election commission and polling-station staff trained"],
                ),
                ("1.2", "Briefings on the election's preparation", ["briefing"], []),
            ],
        )
    ],
    "CP-2001": [
        (
            "1",
            "Local authorities and communities prevent and settle local conflicts",
            ["16.1"],
            [
                (
                    "1.1",
                    "Local officials and community leaders trained in conflict prevention",
                    None,
                    ["Local officials and community leaders trained"],
                )
            ],
        )
    ],
    "CP-2003": [
        (
            "1",
            "Conflicts are managed through the regional centres",
            ["16.1"],
            [
                (
                    "1.1",
                    "Conflict management seminars in the regions",
                    None,
                    ["Conflict management seminars held"],
                )
            ],
        )
    ],
    "CP-2005": [
        (
            "1",
            "Communities know their rights and settle conflicts peacefully",
            ["16.1", "16.3"],
            [
                (
                    "1.1",
                    "Community leaders, educators, lawyers and officials trained",
                    None,
                    ["Community leaders, educators, lawyers and local officials trained"],
                ),
                (
                    "1.2",
                    "Seminars held through all eight centres",
                    None,
                    ["Centres that held a seminar"],
                ),
            ],
        )
    ],
    "CP-2007": [
        (
            "1",
            "Tensions in border and mixed communities are defused",
            ["16.1"],
            [
                (
                    "1.1",
                    "Seminars in border and mixed communities",
                    None,
                    ["Seminars held in border and mixed communities"],
                )
            ],
        )
    ],
    "PR-2000": [
        (
            "1",
            "Police officers respect human rights standards",
            ["16.3", "16.6"],
            [
                (
                    "1.1",
                    "Courses for Interior Ministry officers",
                    None,
                    ["Interior Ministry officers trained in human rights standards"],
                )
            ],
        )
    ],
    "PR-2002": [
        (
            "1",
            "Police operations and detention meet international standards",
            ["16.3", "16.6"],
            [
                (
                    "1.1",
                    "Civilian police courses for Interior Ministry staff",
                    None,
                    ["Interior Ministry staff trained"],
                )
            ],
        )
    ],
    "PR-2005": [
        (
            "1",
            "The Interior Ministry trains its personnel in international standards itself",
            ["16.3", "16.6"],
            [
                (
                    "1.1",
                    "Police instructors trained as trainers",
                    None,
                    ["Police instructors trained as trainers"],
                ),
                (
                    "1.2",
                    "Interior Ministry staff trained by its instructors",
                    None,
                    ["Interior Ministry staff trained in police training"],
                ),
            ],
        )
    ],
    "PR-BUL": [
        (
            "1",
            "Police staff and the public are informed of the Ministry's reforms",
            ["16.10", "16.6"],
            [
                (
                    "1.1",
                    "The Ministry of the Interior's bulletin published",
                    None,
                    ["Issues of the Ministry of the Interior bulletin published"],
                )
            ],
        )
    ],
    "PR-PKO": [
        (
            "1",
            "A national unit is ready to serve in UN civilian police operations",
            ["16.a"],
            [
                (
                    "1.1",
                    "Personnel trained abroad in civilian policing and peacekeeping",
                    None,
                    [
                        "Interior Ministry personnel trained abroad in civilian policing and "
                        "peacekeeping"
                    ],
                )
            ],
        )
    ],
    "HR-2000": [
        (
            "1",
            "Local authorities, lawyers and communities know and claim human rights",
            ["16.3", "16.10"],
            [
                (
                    "1.1",
                    "Human rights seminars",
                    ["seminar"],
                    ["Participants in human rights seminars"],
                ),
                ("1.2", "Monitoring visits", ["monitoring"], []),
            ],
        )
    ],
    "HR-2002": [
        (
            "1",
            "Judges, lawyers and educators apply human rights standards",
            ["16.3"],
            [
                (
                    "1.1",
                    "Human rights training for the legal and teaching professions",
                    None,
                    ["Judges, lawyers and educators trained"],
                )
            ],
        )
    ],
    "HR-EDU": [
        (
            "1",
            "Secondary schools teach human rights",
            ["16.10", "16.a"],
            [
                (
                    "1.1",
                    "A human rights curriculum for secondary schools",
                    ["meeting", "advisory"],
                    ["Human rights curriculum for secondary schools adopted"],
                ),
                (
                    "1.2",
                    "Teachers trained on the new curriculum",
                    ["seminar"],
                    ["Teachers trained on the new curriculum", CURRICULUM_SHARE],
                ),
            ],
        )
    ],
    "HR-OMB": [
        (
            "1",
            "An independent national human rights institution is established",
            ["16.a", "16.6"],
            [("1.1", "Steps towards an Ombudsman law", None, [OMBUDSMAN_STEPS, OMBUDSMAN_SCORE])],
        )
    ],
    "HR-TB": [
        (
            "1",
            "The State implements the treaty bodies' recommendations",
            ["16.3", "16.a"],
            [
                (
                    "1.1",
                    "Parliamentarians, judges and activists engaged in the follow-up",
                    None,
                    ["Parliamentarians, judges and activists reached on treaty-body follow-up"],
                ),
            ],
        ),
        (
            "2",
            "Recommendations are acted on by the responsible authorities",
            ["16.6"],
            [("2.1", "Implementation actions agreed for recommendations", [], [TREATY_ACTIONS])],
        ),
    ],
    "HR-JUD": [
        (
            "1",
            "Judges and lawyers work independently",
            ["16.3"],
            [
                (
                    "1.1",
                    "The Special Rapporteur's recommendations discussed with the authorities",
                    None,
                    ["Special Rapporteur's recommendations discussed with the authorities"],
                )
            ],
        )
    ],
}

# Each outcome's and output's statement in Russian and Tajik, as the project's results page
# and the reports in those languages print it. UN terms: an outcome is a «конечный
# результат» / «натиҷаи ниҳоӣ», an output a «непосредственный результат» / «натиҷаи мустақим».
STATEMENTS = {
    # Outcomes
    DIALOGUE_OUTCOME + ", consolidating the General Agreement": (
        "Политические партии, правительство и гражданское общество разрешают разногласия "
        "путём диалога, укрепляя Общее соглашение",
        "Ҳизбҳои сиёсӣ, ҳукумат ва ҷомеаи шаҳрвандӣ ихтилофҳоро тавассути муколама ҳал "
        "мекунанд ва Созишномаи умумиро таҳким мебахшанд",
    ),
    DIALOGUE_OUTCOME + " through the Public Council": (
        "Политические партии, правительство и гражданское общество разрешают разногласия "
        "путём диалога в рамках Общественного совета",
        "Ҳизбҳои сиёсӣ, ҳукумат ва ҷомеаи шаҳрвандӣ ихтилофҳоро тавассути муколама дар доираи "
        "Шӯрои ҷамъиятӣ ҳал мекунанд",
    ),
    "The parliamentary election of 2005 is prepared in dialogue among the parties": (
        "Парламентские выборы 2005 года готовятся в диалоге между партиями",
        "Интихоботи парлумонии соли 2005 дар муколамаи байни ҳизбҳо омода карда мешавад",
    ),
    "Political pluralism is accepted and the peace consolidated": (
        "Политический плюрализм признан, мир укреплён",
        "Плюрализми сиёсӣ эътироф шуда, сулҳ таҳким ёфтааст",
    ),
    "The presidential election of 2006 is contested peacefully": (
        "Президентские выборы 2006 года проходят мирно",
        "Интихоботи президентии соли 2006 дар фазои осоишта мегузарад",
    ),
    "The election law meets international standards": (
        "Закон о выборах соответствует международным стандартам",
        "Қонуни интихобот ба меъёрҳои байналмилалӣ мувофиқат мекунад",
    ),
    "The parliamentary election of 2005 is administered competently": (
        "Парламентские выборы 2005 года проводятся профессионально",
        "Интихоботи парлумонии соли 2005 ба таври касбӣ ташкил карда мешавад",
    ),
    "Voters are informed by fair media coverage of the election": (
        "Избиратели получают сведения о выборах благодаря объективному освещению в средствах "
        "массовой информации",
        "Интихобкунандагон тавассути инъикоси беғаразонаи интихобот дар воситаҳои ахбори омма "
        "огоҳ мешаванд",
    ),
    "The public is informed of the State's work through regular briefings": (
        "Общественность информирована о работе государства благодаря регулярным брифингам",
        "Ҷомеа тавассути брифингҳои мунтазам аз фаъолияти давлат огоҳ мешавад",
    ),
    "The presidential election of 2006 is administered competently": (
        "Президентские выборы 2006 года проводятся профессионально",
        "Интихоботи президентии соли 2006 ба таври касбӣ ташкил карда мешавад",
    ),
    "Local authorities and communities prevent and settle local conflicts": (
        "Местные органы власти и общины предотвращают и урегулируют местные конфликты",
        "Мақомоти маҳаллӣ ва ҷамоатҳо низоъҳои маҳаллиро пешгирӣ ва ҳал мекунанд",
    ),
    "Conflicts are managed through the regional centres": (
        "Конфликты урегулируются при содействии региональных центров",
        "Низоъҳо бо мусоидати марказҳои минтақавӣ ҳал карда мешаванд",
    ),
    "Communities know their rights and settle conflicts peacefully": (
        "Общины знают свои права и мирно разрешают конфликты",
        "Ҷамоатҳо ҳуқуқҳои худро медонанд ва низоъҳоро бо роҳи осоишта ҳал мекунанд",
    ),
    "Tensions in border and mixed communities are defused": (
        "Напряжённость в приграничных и смешанных общинах ослаблена",
        "Шиддат дар ҷамоатҳои сарҳадӣ ва омехта коҳиш меёбад",
    ),
    "Police officers respect human rights standards": (
        "Сотрудники милиции соблюдают стандарты в области прав человека",
        "Кормандони милитсия меъёрҳои ҳуқуқи инсонро риоя мекунанд",
    ),
    "Police operations and detention meet international standards": (
        "Работа милиции и содержание под стражей соответствуют международным стандартам",
        "Фаъолияти милитсия ва нигоҳдорӣ дар ҳабс ба меъёрҳои байналмилалӣ мувофиқат мекунанд",
    ),
    "The Interior Ministry trains its personnel in international standards itself": (
        "Министерство внутренних дел само обучает своих сотрудников международным стандартам",
        "Вазорати корҳои дохилӣ ба кормандони худ мустақилона меъёрҳои байналмилалиро меомӯзонад",
    ),
    "Police staff and the public are informed of the Ministry's reforms": (
        "Сотрудники милиции и общественность информированы о реформах Министерства",
        "Кормандони милитсия ва ҷомеа аз ислоҳоти Вазорат огоҳ мешаванд",
    ),
    "A national unit is ready to serve in UN civilian police operations": (
        "Национальное подразделение готово к участию в операциях гражданской полиции ООН",
        "Воҳиди миллӣ барои иштирок дар амалиёти политсияи шаҳрвандии СММ омода аст",
    ),
    "Local authorities, lawyers and communities know and claim human rights": (
        "Местные органы власти, юристы и общины знают права человека и добиваются их соблюдения",
        "Мақомоти маҳаллӣ, ҳуқуқшиносон ва ҷамоатҳо ҳуқуқи инсонро медонанд ва риояи онро "
        "талаб мекунанд",
    ),
    "Judges, lawyers and educators apply human rights standards": (
        "Судьи, юристы и педагоги применяют стандарты в области прав человека",
        "Судяҳо, ҳуқуқшиносон ва омӯзгорон меъёрҳои ҳуқуқи инсонро татбиқ мекунанд",
    ),
    "Secondary schools teach human rights": (
        "В средних школах преподают права человека",
        "Дар мактабҳои миёна ҳуқуқи инсон таълим дода мешавад",
    ),
    "An independent national human rights institution is established": (
        "Создано независимое национальное учреждение по правам человека",
        "Муассисаи мустақили миллии ҳуқуқи инсон таъсис дода шудааст",
    ),
    "The State implements the treaty bodies' recommendations": (
        "Государство выполняет рекомендации договорных органов",
        "Давлат тавсияҳои мақомоти шартномавиро иҷро мекунад",
    ),
    "Recommendations are acted on by the responsible authorities": (
        "Ответственные органы власти принимают меры по рекомендациям",
        "Мақомоти масъул оид ба тавсияҳо чора меандешанд",
    ),
    "Judges and lawyers work independently": (
        "Судьи и адвокаты работают независимо",
        "Судяҳо ва адвокатҳо мустақилона фаъолият мекунанд",
    ),
    # Outputs
    "Regular dialogue meetings of the political parties": (
        "Регулярные встречи политических партий в рамках диалога",
        "Вохӯриҳои мунтазами ҳизбҳои сиёсӣ дар доираи муколама",
    ),
    "Public Council forums with parties and civil society": (
        "Форумы Общественного совета с участием партий и гражданского общества",
        "Форумҳои Шӯрои ҷамъиятӣ бо иштироки ҳизбҳо ва ҷомеаи шаҳрвандӣ",
    ),
    "Dialogue meetings on the political process": (
        "Встречи в рамках диалога о политическом процессе",
        "Вохӯриҳои муколама оид ба раванди сиёсӣ",
    ),
    "Officials, party activists and civil society meet in dialogue": (
        "Встречи государственных служащих, партийных активистов и представителей "
        "гражданского общества в рамках диалога",
        "Вохӯриҳои хизматчиёни давлатӣ, фаъолони ҳизбӣ ва намояндагони ҷомеаи шаҳрвандӣ дар "
        "доираи муколама",
    ),
    "Dialogue meetings held in every region": (
        "Встречи в рамках диалога, проведённые во всех регионах",
        "Вохӯриҳои муколама, ки дар ҳамаи минтақаҳо баргузор шуданд",
    ),
    "Inter-party dialogue meetings around the election": (
        "Встречи в рамках межпартийного диалога в период выборов",
        "Вохӯриҳои муколамаи байниҳизбӣ дар давраи интихобот",
    ),
    "Round tables propose amendments to the election law": (
        "Круглые столы с предложениями поправок к закону о выборах",
        "Мизҳои мудаввар бо пешниҳоди тағйирот ба қонуни интихобот",
    ),
    "Election commissions and polling-station staff trained": (
        "Члены избирательных и участковых комиссий прошли подготовку",
        "Аъзои комиссияҳои интихоботӣ ва қитъавӣ омӯзиш гирифтанд",
    ),
    "Media staff trained on election coverage": (
        "Работники средств массовой информации прошли подготовку по освещению выборов",
        "Кормандони воситаҳои ахбори омма оид ба инъикоси интихобот омӯзиш гирифтанд",
    ),
    "Press briefings by State ministries": (
        "Брифинги министерств для прессы",
        "Брифингҳои матбуотии вазоратҳо",
    ),
    "An electoral needs assessment": (
        "Оценка потребностей в связи с выборами",
        "Арзёбии ниёзҳо вобаста ба интихобот",
    ),
    "Election commission and polling-station staff trained": (
        "Члены избирательных и участковых комиссий прошли подготовку",
        "Аъзои комиссияҳои интихоботӣ ва қитъавӣ омӯзиш гирифтанд",
    ),
    "Briefings on the election's preparation": (
        "Брифинги о ходе подготовки к выборам",
        "Брифингҳо оид ба рафти омодагӣ ба интихобот",
    ),
    "Local officials and community leaders trained in conflict prevention": (
        "Представители местных органов власти и лидеры общин прошли подготовку по "
        "предотвращению конфликтов",
        "Мансабдорони маҳаллӣ ва пешвоёни ҷамоатҳо оид ба пешгирии низоъҳо омӯзиш гирифтанд",
    ),
    "Conflict management seminars in the regions": (
        "Семинары по урегулированию конфликтов в регионах",
        "Семинарҳо оид ба ҳалли низоъҳо дар минтақаҳо",
    ),
    "Community leaders, educators, lawyers and officials trained": (
        "Лидеры общин, педагоги, юристы и должностные лица прошли подготовку",
        "Пешвоёни ҷамоатҳо, омӯзгорон, ҳуқуқшиносон ва мансабдорон омӯзиш гирифтанд",
    ),
    "Seminars held through all eight centres": (
        "Семинары, проведённые во всех восьми центрах",
        "Семинарҳое, ки дар ҳамаи ҳашт марказ баргузор шуданд",
    ),
    "Seminars in border and mixed communities": (
        "Семинары в приграничных и смешанных общинах",
        "Семинарҳо дар ҷамоатҳои сарҳадӣ ва омехта",
    ),
    "Courses for Interior Ministry officers": (
        "Курсы для сотрудников Министерства внутренних дел",
        "Курсҳо барои кормандони Вазорати корҳои дохилӣ",
    ),
    "Civilian police courses for Interior Ministry staff": (
        "Курсы гражданской полиции для сотрудников Министерства внутренних дел",
        "Курсҳои политсияи шаҳрвандӣ барои кормандони Вазорати корҳои дохилӣ",
    ),
    "Police instructors trained as trainers": (
        "Инструкторы милиции подготовлены в качестве преподавателей",
        "Инструкторони милитсия ҳамчун омӯзгор тайёр карда шуданд",
    ),
    "Interior Ministry staff trained by its instructors": (
        "Сотрудники Министерства внутренних дел обучены собственными инструкторами Министерства",
        "Кормандони Вазорати корҳои дохилӣ аз ҷониби инструкторони худи Вазорат омӯзонида шуданд",
    ),
    "The Ministry of the Interior's bulletin published": (
        "Выпуск бюллетеня Министерства внутренних дел",
        "Нашри бюллетени Вазорати корҳои дохилӣ",
    ),
    "Personnel trained abroad in civilian policing and peacekeeping": (
        "Сотрудники прошли подготовку за рубежом по вопросам деятельности гражданской полиции "
        "и поддержания мира",
        "Кормандон дар хориҷа оид ба фаъолияти политсияи шаҳрвандӣ ва нигоҳдории сулҳ омӯзиш "
        "гирифтанд",
    ),
    "Human rights seminars": (
        "Семинары по правам человека",
        "Семинарҳо оид ба ҳуқуқи инсон",
    ),
    "Monitoring visits": (
        "Мониторинговые визиты",
        "Сафарҳои мониторингӣ",
    ),
    "Human rights training for the legal and teaching professions": (
        "Обучение правам человека для юристов и педагогов",
        "Омӯзиши ҳуқуқи инсон барои ҳуқуқшиносон ва омӯзгорон",
    ),
    "A human rights curriculum for secondary schools": (
        "Учебная программа по правам человека для средних школ",
        "Барномаи таълимӣ оид ба ҳуқуқи инсон барои мактабҳои миёна",
    ),
    "Teachers trained on the new curriculum": (
        "Учителя прошли подготовку по новой учебной программе",
        "Муаллимон оид ба барномаи нави таълимӣ омӯзиш гирифтанд",
    ),
    "Steps towards an Ombudsman law": (
        "Шаги к принятию закона об Уполномоченном по правам человека",
        "Қадамҳо барои қабули қонун дар бораи Ваколатдор оид ба ҳуқуқи инсон",
    ),
    "Parliamentarians, judges and activists engaged in the follow-up": (
        "Парламентарии, судьи и активисты вовлечены в работу по выполнению рекомендаций",
        "Вакилони парлумон, судяҳо ва фаъолон ба иҷрои тавсияҳо ҷалб шуданд",
    ),
    "Implementation actions agreed for recommendations": (
        "Согласованы меры по выполнению рекомендаций",
        "Чораҳо оид ба иҷрои тавсияҳо мувофиқа шуданд",
    ),
    "The Special Rapporteur's recommendations discussed with the authorities": (
        "Рекомендации Специального докладчика обсуждены с властями",
        "Тавсияҳои Маърӯзачии махсус бо мақомот муҳокима шуданд",
    ),
}
