"""Reference data: regions, districts, centres, participant categories, partners, periods."""

import datetime

D = datetime.date

# (ISO 3166-2 code, English, Russian, Tajik)
REGIONS = [
    ("TJ-DU", "Dushanbe", "Душанбе", "Душанбе"),
    ("TJ-SU", "Sughd", "Согдийская область", "Вилояти Суғд"),
    ("TJ-KT", "Khatlon", "Хатлонская область", "Вилояти Хатлон"),
    (
        "TJ-GB",
        "Gorno-Badakhshan",
        "Горно-Бадахшанская автономная область",
        "Вилояти Мухтори Кӯҳистони Бадахшон",
    ),
    (
        "TJ-RA",
        "Districts of Republican Subordination",
        "Районы республиканского подчинения",
        "Ноҳияҳои тобеи ҷумҳурӣ",
    ),
]

# (region, English, Russian, Tajik, former name): today's names; former_name only where the
# facts list a renaming (the name in use in the 2000s).
DISTRICTS = [
    ("TJ-DU", "Ismoili Somoni", "Исмоили Сомони", "Исмоили Сомонӣ", ""),
    ("TJ-DU", "Sino", "Сино", "Сино", ""),
    ("TJ-DU", "Firdavsi", "Фирдавси", "Фирдавсӣ", ""),
    ("TJ-DU", "Shohmansur", "Шохмансур", "Шоҳмансур", ""),
    ("TJ-SU", "Khujand", "Худжанд", "Хуҷанд", ""),
    ("TJ-SU", "Istaravshan", "Истаравшан", "Истаравшан", ""),
    ("TJ-SU", "Isfara", "Исфара", "Исфара", ""),
    ("TJ-SU", "Panjakent", "Пенджикент", "Панҷакент", ""),
    ("TJ-SU", "Buston", "Бустон", "Бӯстон", "Chkalovsk"),
    ("TJ-SU", "Guliston", "Гулистон", "Гулистон", "Qairoqqum"),
    ("TJ-SU", "Devashtich", "Деваштич", "Деваштич", "Ghonchi"),
    ("TJ-SU", "Ayni", "Айни", "Айнӣ", ""),
    ("TJ-KT", "Bokhtar", "Бохтар", "Бохтар", "Kurgan-Tyube (Qurghonteppa)"),
    ("TJ-KT", "Kulob", "Куляб", "Кӯлоб", "Kulyab"),
    ("TJ-KT", "Shahrituz", "Шаартуз", "Шаҳритус", ""),
    ("TJ-KT", "Dusti", "Дусти", "Дӯстӣ", "Jilikul"),
    ("TJ-KT", "Vakhsh", "Вахш", "Вахш", ""),
    ("TJ-KT", "Danghara", "Дангара", "Данғара", ""),
    ("TJ-KT", "Farkhor", "Фархор", "Фархор", ""),
    ("TJ-KT", "Qubodiyon", "Кабадиян", "Қубодиён", ""),
    ("TJ-GB", "Khorog", "Хорог", "Хоруғ", ""),
    ("TJ-GB", "Shughnon", "Шугнан", "Шуғнон", ""),
    ("TJ-GB", "Rushon", "Рушан", "Рӯшон", ""),
    ("TJ-GB", "Ishkoshim", "Ишкашим", "Ишкошим", ""),
    ("TJ-GB", "Darvoz", "Дарваз", "Дарвоз", ""),
    ("TJ-GB", "Murghob", "Мургаб", "Мурғоб", ""),
    ("TJ-RA", "Vahdat", "Вахдат", "Ваҳдат", ""),
    ("TJ-RA", "Rasht", "Рашт", "Рашт", ""),
    ("TJ-RA", "Lakhsh", "Лахш", "Лахш", "Jirgatol"),
    ("TJ-RA", "Sangvor", "Сангвор", "Сангвор", "Tavildara"),
    ("TJ-RA", "Rudaki", "Рудаки", "Рӯдакӣ", ""),
    ("TJ-RA", "Hisor", "Гиссар", "Ҳисор", ""),
    ("TJ-RA", "Tursunzoda", "Турсунзаде", "Турсунзода", ""),
    ("TJ-RA", "Varzob", "Варзоб", "Варзоб", ""),
]

# No source lists the eight centres: this set is illustrative (the facts' illustrative set).
# (code, English, Russian, Tajik, town as named in the 2000s, region, head office)
CENTRES = [
    (
        "dushanbe",
        "Dushanbe (head office)",
        "Душанбе (головной офис)",
        "Душанбе (дафтари марказӣ)",
        "Dushanbe",
        "TJ-DU",
        True,
    ),
    ("khujand", "Khujand", "Худжанд", "Хуҷанд", "Khujand", "TJ-SU", False),
    ("kurgan-tyube", "Kurgan-Tyube", "Курган-Тюбе", "Қӯрғонтеппа", "Kurgan-Tyube", "TJ-KT", False),
    ("kulyab", "Kulyab", "Куляб", "Кӯлоб", "Kulyab", "TJ-KT", False),
    ("shaartuz", "Shaartuz", "Шаартуз", "Шаҳритус", "Shaartuz", "TJ-KT", False),
    ("garm", "Garm", "Гарм", "Ғарм", "Garm", "TJ-RA", False),
    ("vahdat", "Vahdat", "Вахдат", "Ваҳдат", "Vahdat", "TJ-RA", False),
    ("khorog", "Khorog", "Хорог", "Хоруғ", "Khorog", "TJ-GB", False),
]
CENTRE_CODES = [code for code, *_ in CENTRES]
# Each centre at its town's centre (latitude, longitude in decimal degrees, WGS 84): the
# towns are real even where the centre in them is illustrative.
CENTRE_POSITIONS = {
    "dushanbe": ("38.55980", "68.78700"),
    "khujand": ("40.28260", "69.62210"),
    "kurgan-tyube": ("37.83640", "68.78030"),  # Bokhtar since 2018
    "kulyab": ("37.91460", "69.78450"),  # Kulob
    "shaartuz": ("37.25890", "68.13860"),  # Shahrituz
    "garm": ("39.02060", "70.36750"),  # Gharm, Rasht district
    "vahdat": ("38.55630", "69.01350"),
    "khorog": ("37.48970", "71.55300"),
}
TOWNS = {code: town for code, _en, _ru, _tg, town, *_ in CENTRES}

# Districts outside each centre's own town where its outreach activities are held.
OUTREACH = {
    "dushanbe": [],
    "khujand": ["Istaravshan", "Isfara", "Panjakent", "Buston", "Guliston", "Devashtich", "Ayni"],
    "kurgan-tyube": ["Vakhsh", "Dusti"],
    "kulyab": ["Danghara", "Farkhor"],
    "shaartuz": ["Qubodiyon"],
    "garm": ["Lakhsh", "Sangvor"],
    "vahdat": ["Rudaki", "Hisor", "Tursunzoda", "Varzob"],
    "khorog": ["Shughnon", "Rushon", "Ishkoshim", "Darvoz", "Murghob"],
}

# (code, English, Russian, Tajik, usual share of women among those who take part)
CATEGORIES = [
    (
        "government-officials",
        "Government officials",
        "Государственные служащие",
        "Хизматчиёни давлатӣ",
        0.18,
    ),
    (
        "party-activists",
        "Political party activists",
        "Активисты политических партий",
        "Фаъолони ҳизбҳои сиёсӣ",
        0.20,
    ),
    (
        "civil-society",
        "Civil society",
        "Представители гражданского общества",
        "Намояндагони ҷомеаи шаҳрвандӣ",
        0.52,
    ),
    ("community-leaders", "Community leaders", "Лидеры местных сообществ", "Пешвоёни ҷамоат", 0.22),
    ("educators", "Educators", "Педагоги", "Омӯзгорон", 0.60),
    ("lawyers", "Lawyers", "Юристы", "Ҳуқуқшиносон", 0.30),
    (
        "local-officials",
        "Local officials",
        "Представители местных органов власти",
        "Кормандони мақомоти маҳаллӣ",
        0.15,
    ),
    (
        "interior-ministry-staff",
        "Interior Ministry staff",
        "Сотрудники Министерства внутренних дел",
        "Кормандони Вазорати корҳои дохилӣ",
        0.07,
    ),
    (
        "police-instructors",
        "Police instructors",
        "Инструкторы милиции",
        "Инструкторони милитсия",
        0.10,
    ),
    ("parliamentarians", "Parliamentarians", "Депутаты парламента", "Вакилони парламент", 0.18),
    ("judges", "Judges", "Судьи", "Судяҳо", 0.25),
    ("prosecutors", "Prosecutors", "Прокуроры", "Прокурорҳо", 0.12),
    ("journalists", "Journalists", "Журналисты", "Рӯзноманигорон", 0.40),
    (
        "human-rights-activists",
        "Human rights activists",
        "Правозащитники",
        "Ҳимоятгарони ҳуқуқи инсон",
        0.55,
    ),
    (
        "election-commissioners",
        "Election commission members",
        "Члены окружных избирательных комиссий",
        "Аъзоёни комиссияҳои интихоботии ҳавзавӣ",
        0.25,
    ),
    (
        "poll-workers",
        "Polling-station staff",
        "Члены участковых избирательных комиссий",
        "Аъзоёни комиссияҳои интихоботии участкавӣ",
        0.42,
    ),
    ("religious-leaders", "Religious leaders", "Религиозные деятели", "Пешвоёни динӣ", 0.0),
]
WOMEN_SHARE = {code: share for code, _en, _ru, _tg, share in CATEGORIES}

# (name, Russian name, Tajik name, kind)
PARTNERS = [
    (
        "Central Commission for Elections and Referenda",
        "Центральная комиссия по выборам и референдумам",
        "Комиссияи марказии интихобот ва раъйпурсӣ",
        "government",
    ),
    (
        "Ministry of the Interior",
        "Министерство внутренних дел",
        "Вазорати корҳои дохилӣ",
        "government",
    ),
    ("Ministry of Justice", "Министерство юстиции", "Вазорати адлия", "government"),
    ("Ministry of Education", "Министерство образования", "Вазорати маориф", "government"),
    (
        "Ministry of Foreign Affairs",
        "Министерство иностранных дел",
        "Вазорати корҳои хориҷӣ",
        "government",
    ),
    ("Ministry of Health", "Министерство здравоохранения", "Вазорати тандурустӣ", "government"),
    (
        "Ministry of Labour and Social Protection",
        "Министерство труда и социальной защиты населения",
        "Вазорати меҳнат ва ҳифзи иҷтимоии аҳолӣ",
        "government",
    ),
    (
        "Ministry of Economy and Trade",
        "Министерство экономики и торговли",
        "Вазорати иқтисод ва савдо",
        "government",
    ),
    (
        "Prosecutor-General's Office",
        "Генеральная прокуратура",
        "Прокуратураи генералӣ",
        "government",
    ),
    (
        "Office of the President, Department of Constitutional Guarantees of Citizens' Rights",
        "Отдел конституционных гарантий прав граждан Исполнительного аппарата Президента",
        "Шӯъбаи кафолатҳои конститутсионии ҳуқуқҳои шаҳрвандони Дастгоҳи иҷроияи Президент",
        "government",
    ),
    (
        "Parliament (Majlisi Oli)",
        "Парламент (Маджлиси Оли)",
        "Парламент (Маҷлиси Олӣ)",
        "parliament",
    ),
    ("Supreme Court", "Верховный суд", "Суди Олӣ", "judiciary"),
    ("Council of Justice", "Совет юстиции", "Шӯрои адлия", "judiciary"),
    (
        "People's Democratic Party of Tajikistan",
        "Народно-демократическая партия Таджикистана",
        "Ҳизби халқии демократии Тоҷикистон",
        "party",
    ),
    (
        "Party of Economic Reform of Tajikistan",
        "Партия экономических реформ Таджикистана",
        "Ҳизби ислоҳоти иқтисодии Тоҷикистон",
        "party",
    ),
    (
        "Agrarian Party of Tajikistan",
        "Аграрная партия Таджикистана",
        "Ҳизби аграрии Тоҷикистон",
        "party",
    ),
    (
        "Communist Party of Tajikistan",
        "Коммунистическая партия Таджикистана",
        "Ҳизби коммунистии Тоҷикистон",
        "party",
    ),
    (
        "Socialist Party of Tajikistan",
        "Социалистическая партия Таджикистана",
        "Ҳизби сотсиалистии Тоҷикистон",
        "party",
    ),
    (
        "Islamic Renaissance Party of Tajikistan",
        "Партия исламского возрождения Таджикистана",
        "Ҳизби наҳзати исломии Тоҷикистон",
        "party",
    ),
    (
        "Democratic Party of Tajikistan",
        "Демократическая партия Таджикистана",
        "Ҳизби демократии Тоҷикистон",
        "party",
    ),
    (
        "Social Democratic Party of Tajikistan",
        "Социал-демократическая партия Таджикистана",
        "Ҳизби сотсиал-демократии Тоҷикистон",
        "party",
    ),
    (
        "Public Council of Tajikistan",
        "Общественный совет Таджикистана",
        "Шӯрои ҷамъиятии Тоҷикистон",
        "civil_society",
    ),
    (
        "Tajik State National University",
        "Таджикский государственный национальный университет",
        "Донишгоҳи давлатии миллии Тоҷикистон",
        "academic",
    ),
    (
        "Committee on Television and Radio",
        "Комитет по телевидению и радиовещанию",
        "Кумитаи телевизион ва радио",
        "media",
    ),
    (
        "Office of the UN High Commissioner for Human Rights",
        "Управление Верховного комиссара ООН по правам человека",
        "Дафтари Комиссари олии СММ оид ба ҳуқуқи инсон",
        "international",
    ),
    (
        "OSCE Centre in Dushanbe",
        "Центр ОБСЕ в Душанбе",
        "Маркази САҲА дар Душанбе",
        "international",
    ),
]

# Short names used in the rest of the demo data.
CCER = "Central Commission for Elections and Referenda"
INTERIOR = "Ministry of the Interior"
JUSTICE = "Ministry of Justice"
EDUCATION = "Ministry of Education"
PRESIDENT_HR = (
    "Office of the President, Department of Constitutional Guarantees of Citizens' Rights"
)
PARLIAMENT = "Parliament (Majlisi Oli)"
SUPREME_COURT = "Supreme Court"
COUNCIL_OF_JUSTICE = "Council of Justice"
PUBLIC_COUNCIL = "Public Council of Tajikistan"
OHCHR = "Office of the UN High Commissioner for Human Rights"
TV_RADIO = "Committee on Television and Radio"
PARTIES = [name for name, _ru, _tg, kind in PARTNERS if kind == "party"]
# The Agrarian Party and the Party of Economic Reform were registered only in 2005.
PARTIES_BEFORE_2005 = [
    name for name in PARTIES if "Agrarian" not in name and "Economic" not in name
]


def period_start(year: int) -> datetime.date:
    """The first day of the mandate period that begins in June of the given year."""
    return D(year, 6, 1)


# Mandate periods, 1 June to 31 May. Only S/2006/355 has been checked against its source; the
# earlier extensions are known from public sources without a verified symbol, so none is given.
# The portal's "today" is long after 2007: every period has ended. 2005–06 (the period the
# letter reports on) and 2006–07 (the period it authorises) stay unlocked for the demo.
# (start year, symbol, symbol verified, locked)
MANDATE_PERIODS = [
    (2000, "", False, True),
    (2001, "", False, True),
    (2002, "", False, True),
    (2003, "", False, True),
    (2004, "", False, True),
    (2005, "", False, False),
    (2006, "S/2006/355", True, False),
]
