"""What each project measures: indicators, their targets per mandate period, typed values.

(project, name, unit, rule, what a computed rule counts, {period: target}, {period: (value,
note)}). A period is named by the year it begins in (2005 is 1 June 2005 – 31 May 2006).
A "participants" rule counts the listed categories (none listed: everyone), an "activities"
rule the activities of one type; both sum the project's held and approved activities.
Manual indicators take typed values; their notes say where the value comes from.
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
