"""The Secretariat's usual wording of the mandate letter's own narrative slots, to adapt.

Modelled on S/2006/355 (../shared/reference/): what the letter says that is not a figure.
The figures are named, never typed: ``{extension_until}`` is printed from the data when the
letter is built (the names and what each holds are MANDATE_PLACEHOLDERS in
mandate_report.py). The narrative page offers these texts for a section with nothing saved;
the area apps keep their sections' wording in their own ``reports.py``.

Kept as data per report language (English and Russian), not as translations of the portal:
they are a manager's starting text, edited per letter, in the language of the letter.
"""

LETTER_DEFAULTS: dict[str, dict[str, str]] = {
    "en": {
        "context": (
            "Jointly with the United Nations country team and in partnership with the Tajik "
            "authorities at all levels, political parties, civil society, and donor countries, "
            "the Office works to establish the necessary conditions for ensuring the "
            "irreversibility of the peace process. UNTOP fosters the continuation of national "
            "dialogue and reconciliation, assists in strengthening democratic institutions and "
            "conflict-prevention mechanisms, promotes the rule of law, and supports national "
            "capacity-building in the area of human rights.\n\n"
            "Tajikistan has made considerable progress in strengthening stability and national "
            "reconciliation during the past {peacebuilding_years} years of peacebuilding. "
            "However, much remains to be done in overcoming the consequences of the civil war."
        ),
        "national_dialogue": (
            "Undertaken in cooperation with national authorities, the project provided a "
            "unique forum for building mutual trust and consensus on issues critical to the "
            "sustainability of the peace process. In fostering social partnership between "
            "civil society and the Government, the project contributed to improving the "
            "latter's transparency at all levels. UNTOP continues to play a unique and "
            "indispensable role as a quiet facilitator of solutions for the most contentious "
            "and sensitive issues that may often emerge in the transition context."
        ),
        "extension": (
            "In view of the important and very positive role being played by UNTOP, as well as "
            "the country's continuing need for assistance in the area of peacebuilding, and in "
            "response to the request of the Government of Tajikistan, it is my intention to "
            "continue the activities of UNTOP for a further period of one year, until "
            "{extension_until}."
        ),
    },
    "ru": {
        "context": (
            "Совместно со страновой группой Организации Объединённых Наций и в партнёрстве с "
            "таджикскими органами власти всех уровней, политическими партиями, гражданским "
            "обществом и странами-донорами Отделение работает над созданием условий, "
            "необходимых для обеспечения необратимости мирного процесса. ЮНТОП содействует "
            "продолжению национального диалога и примирения, помогает укреплять "
            "демократические институты и механизмы предотвращения конфликтов, способствует "
            "утверждению верховенства права и поддерживает создание национального потенциала "
            "в области прав человека.\n\n"
            "За годы миростроительства, прошедшие с {peacebuilding_since} года, Таджикистан "
            "добился значительного прогресса в укреплении стабильности и национального "
            "примирения. Вместе с тем ещё многое предстоит сделать для преодоления последствий "
            "гражданской войны."
        ),
        "national_dialogue": (
            "Проект, осуществлявшийся в сотрудничестве с национальными органами власти, стал "
            "уникальным форумом для укрепления взаимного доверия и достижения консенсуса по "
            "вопросам, имеющим решающее значение для прочности мирного процесса. Содействуя "
            "социальному партнёрству между гражданским обществом и правительством, проект "
            "способствовал повышению транспарентности работы правительства на всех уровнях. "
            "ЮНТОП по-прежнему играет уникальную и незаменимую роль, ненавязчиво содействуя "
            "поиску решений самых спорных и деликатных вопросов, которые нередко возникают в "
            "переходный период."
        ),
        "extension": (
            "Учитывая важную и весьма позитивную роль, которую играет ЮНТОП, а также "
            "сохраняющуюся потребность страны в помощи в области миростроительства, и в ответ "
            "на просьбу правительства Таджикистана я намерен продлить деятельность ЮНТОП ещё "
            "на один год, до {extension_until}."
        ),
    },
}
