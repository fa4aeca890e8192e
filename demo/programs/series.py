"""Series of like activities, 2000–2007: one at each listed centre in turn, at a fixed step.

(project, type, title, centres, first day, every n days, lasting n days, {category: usual
size}, every other one held in an outlying district, partners). Titles take {where} (the
town or district) and {n} (1, 2, … within the series). The letter's 2005–06 activities are
listed one by one in `letter.py`.
"""

import datetime

from .reference import (
    CCER,
    CENTRE_CODES,
    COUNCIL_OF_JUSTICE,
    EDUCATION,
    INTERIOR,
    JUSTICE,
    PARLIAMENT,
    PRESIDENT_HR,
    PUBLIC_COUNCIL,
    SUPREME_COURT,
    TV_RADIO,
)

D = datetime.date
ALL = CENTRE_CODES
R6 = ["dushanbe", "khujand", "kurgan-tyube", "kulyab", "garm", "khorog"]
R5, R4, R3 = R6[:5], R6[:4], R6[:3]
HQ = ["dushanbe"]
COUNCIL, CJ, SC = PUBLIC_COUNCIL, COUNCIL_OF_JUSTICE, SUPREME_COURT
# The 41 single-mandate electoral districts of February 2005, by the centre that trained them.
DISTRICTS_2005 = (
    (HQ * 5 + ["khujand"] * 12 + ["kurgan-tyube"] * 6 + ["kulyab"] * 5 + ["shaartuz"] * 3)
    + ["garm"] * 3
    + ["vahdat"] * 4
    + ["khorog"] * 3
)

DIALOGUE = {"government-officials": 13, "party-activists": 27, "civil-society": 13}
DIALOGUE_2004 = {"government-officials": 14, "party-activists": 30, "civil-society": 14}
FORUM = {"government-officials": 16, "party-activists": 22, "civil-society": 18}
CP_2001 = {"local-officials": 18, "community-leaders": 24, "educators": 10}
CP_2003 = {"community-leaders": 22, "local-officials": 16, "educators": 14, "religious-leaders": 4}
CP_2006 = {"community-leaders": 20, "educators": 18, "lawyers": 7, "local-officials": 12}
CP_2007 = {"community-leaders": 24, "local-officials": 14, "religious-leaders": 5, "educators": 10}
HR_2000 = {"local-officials": 20, "community-leaders": 14, "lawyers": 6}
HR_2001 = {"lawyers": 14, "local-officials": 16, "civil-society": 8}
HR_2002 = {"judges": 10, "lawyers": 16, "prosecutors": 6}
HR_2004 = {"judges": 8, "lawyers": 12, "educators": 18}
LAW_RT = {
    "government-officials": 10,
    "party-activists": 24,
    "civil-society": 12,
    "parliamentarians": 5,
    "journalists": 4,
}
MEDIA, MEDIA_2006 = {"journalists": 64}, {"journalists": 35}
PEC, PEC_2006 = {"poll-workers": 312}, {"poll-workers": 150}
CCER_PRESS = {"journalists": 30, "government-officials": 6}
TREATY = {"judges": 10, "human-rights-activists": 14, "parliamentarians": 4}
OMB_WG = {
    "government-officials": 8,
    "parliamentarians": 4,
    "lawyers": 4,
    "human-rights-activists": 3,
}
JUDGES_RT = {"judges": 16, "lawyers": 12, "prosecutors": 6}


def mvd(size: int) -> dict[str, int]:
    return {"interior-ministry-staff": size}


T = {
    "parties": "Round table of political parties on the peace agreement ({where})",
    "parties_local": "Dialogue meeting of political parties and local authorities ({where})",
    "forum": "Public Council dialogue forum ({where})",
    "pre_2005": "Dialogue meeting on the political process before the parliamentary "
    "elections ({where})",
    "pre_2006": "Inter-party dialogue meeting before the presidential election ({where})",
    "post_2006": "Dialogue meeting on the results of the presidential election ({where})",
    "law": "Round table on amending the election law ({where})",
    "media_2005": "Training of media staff on election coverage ({where})",
    "dec_2005": "Training of district election commissions ({where})",
    "pec_2005": "Training of polling-station staff, electoral district No. {n} ({where})",
    "dec_2006": "Training of district election commissions for the presidential election ({where})",
    "pec_2006": "Training of trainers of polling-station staff ({where})",
    "media_2006": "Seminar for media on covering the presidential election ({where})",
    "ccer_press": "Press briefing of the Central Commission for Elections and Referenda, No. {n}",
    "cp_2001": "Conflict-prevention seminar for local authorities and community leaders ({where})",
    "cp_2003": "Conflict management seminar ({where})",
    "cp_2006": "Seminar on human rights and conflict management, third round ({where})",
    "cp_2007": "Conflict prevention seminar for border and mixed communities ({where})",
    "police_hr": "Course on human rights standards in policing ({where})",
    "police_ops": "Course on police operations and detention standards ({where})",
    "cascade_2": "Cascade course on international standards in police operations, second "
    "round ({where})",
    "bulletin": "Ministry of the Interior bulletin, 2006–07 issue {n}",
    "pko": "Preparatory course for a national civilian police unit for UN operations",
    "hr_local": "Human rights awareness seminar for local authorities ({where})",
    "hr_lawyers": "Seminar on human rights for lawyers and local officials ({where})",
    "monitoring": "Human rights monitoring visit ({where})",
    "hr_judges": "Human rights seminar for judges and lawyers ({where})",
    "hr_educators": "Human rights seminar for educators ({where})",
    "hr_justice": "Human rights seminar for judges, lawyers and educators ({where})",
    "treaty": "Seminar on follow-up to the CERD and ICCPR recommendations ({where})",
    "ombudsman_wg": "Working group on the draft law on the Human Rights Ombudsman, meeting {n}",
    "judicial_rt": "Round table on judicial reform and the Special Rapporteur's "
    "recommendations, No. {n}",
    "teachers": "Training of teachers on the human rights curriculum ({where})",
}

# Centres of the series that do not run through a standard set.
HR_2000_AT = ["garm", "vahdat", "kurgan-tyube", "khorog", "shaartuz"]
MON_2001 = ["garm", "kulyab", "shaartuz"]
MON_2002 = ["kurgan-tyube", "garm", "khorog"]
POL_2001 = ["kulyab", "garm", "dushanbe", "khujand"]
POL_2003 = ["shaartuz", "vahdat", "khorog", "dushanbe", "khujand", "kurgan-tyube"]
POL_2004 = ["kulyab", "garm", "khorog", "shaartuz", "vahdat", "khujand"]
POL_2006 = ["khujand", "kurgan-tyube", "garm", "khorog"]
R4_KHOROG = R4 + ["khorog"]
R3_KHOROG = R3 + ["khorog"]
R4_VAHDAT = R4 + ["vahdat"]
BORDER = ["khujand", "kurgan-tyube", "kulyab", "shaartuz", "garm"]
TREATY_AT = ["khorog", "dushanbe", "khujand"]
MOI, JUS, EDU, TV, PRES = [INTERIOR], [JUSTICE], [EDUCATION], [TV_RADIO], PRESIDENT_HR
CCER_MPS, PRES_MPS = [CCER, PARLIAMENT], [PRESIDENT_HR, PARLIAMENT]
TEACHERS = {"educators": 30, "local-officials": 6}
DEC_2005, DEC_2006 = {"election-commissioners": 38}, {"election-commissioners": 42}

SERIES = [
    # 2000–01
    ("ND-2000", "meeting", T["parties"], R5, D(2000, 9, 19), 42, 1, DIALOGUE, 0, [COUNCIL]),
    ("PR-2000", "training", T["police_hr"], R3, D(2000, 11, 14), 60, 5, mvd(32), 0, MOI),
    ("HR-2000", "seminar", T["hr_local"], HR_2000_AT, D(2000, 10, 10), 45, 2, HR_2000, 1, JUS),
    ("HR-2000", "monitoring", T["monitoring"], MON_2001, D(2001, 2, 6), 40, 3, {}, 1, []),
    # 2001–02
    ("ND-2000", "meeting", T["parties_local"], R6, D(2001, 9, 11), 35, 1, DIALOGUE, 0, [COUNCIL]),
    ("CP-2001", "seminar", T["cp_2001"], ALL, D(2001, 6, 19), 28, 2, CP_2001, 1, JUS),
    ("PR-2000", "training", T["police_hr"], POL_2001, D(2001, 10, 2), 50, 5, mvd(35), 0, MOI),
    ("HR-2000", "seminar", T["hr_lawyers"], R4_KHOROG, D(2001, 9, 25), 40, 2, HR_2001, 0, JUS),
    ("HR-2000", "monitoring", T["monitoring"], MON_2002, D(2002, 3, 12), 21, 3, {}, 1, []),
    # 2002–03
    ("ND-2002", "meeting", T["forum"], R5, D(2002, 9, 17), 45, 1, FORUM, 0, [COUNCIL]),
    ("CP-2001", "seminar", T["cp_2001"], ALL, D(2002, 6, 18), 30, 2, CP_2001, 1, JUS),
    ("PR-2002", "training", T["police_ops"], R5, D(2002, 10, 8), 40, 5, mvd(38), 0, MOI),
    ("HR-2002", "seminar", T["hr_judges"], R4, D(2002, 10, 22), 45, 2, HR_2002, 0, [CJ]),
    # 2003–04
    ("ND-2002", "meeting", T["forum"], R6, D(2003, 9, 16), 35, 1, DIALOGUE, 0, [COUNCIL]),
    ("EL-2003", "meeting", T["law"], R4_KHOROG, D(2003, 10, 21), 42, 1, LAW_RT, 0, CCER_MPS),
    ("CP-2003", "seminar", T["cp_2003"], ALL, D(2003, 6, 17), 30, 2, CP_2003, 1, JUS),
    ("PR-2002", "training", T["police_ops"], POL_2003, D(2003, 9, 9), 35, 5, mvd(40), 0, MOI),
    ("HR-2002", "seminar", T["hr_educators"], R6, D(2003, 10, 7), 30, 2, TEACHERS, 1, EDU),
    # 2004–05: the February 2005 parliamentary elections
    ("ND-2004", "meeting", T["pre_2005"], R6, D(2004, 6, 22), 30, 1, DIALOGUE_2004, 0, [COUNCIL]),
    ("EL-2004", "training", T["media_2005"], R3_KHOROG, D(2004, 11, 16), 14, 2, MEDIA, 0, TV),
    ("EL-2004", "training", T["dec_2005"], ALL, D(2004, 12, 7), 3, 2, DEC_2005, 0, [CCER]),
    ("EL-2004", "training", T["pec_2005"], DISTRICTS_2005, D(2005, 1, 10), 1, 2, PEC, 1, [CCER]),
    ("CP-2003", "seminar", T["cp_2003"], ALL, D(2004, 6, 15), 30, 2, CP_2003, 1, JUS),
    ("PR-2002", "training", T["police_ops"], POL_2004, D(2004, 9, 14), 35, 5, mvd(42), 1, MOI),
    (
        "HR-2002",
        "seminar",
        T["hr_justice"],
        R4_VAHDAT,
        D(2004, 10, 5),
        35,
        2,
        HR_2004,
        0,
        [CJ, *EDU],
    ),
    # 2006–07: the presidential election of 6 November 2006
    ("ND-2006", "meeting", T["pre_2006"], R6, D(2006, 6, 20), 21, 1, DIALOGUE_2004, 0, [COUNCIL]),
    ("ND-2006", "meeting", T["post_2006"], R3, D(2007, 2, 13), 28, 1, DIALOGUE, 0, [COUNCIL]),
    ("EL-2006", "training", T["dec_2006"], ALL, D(2006, 8, 15), 5, 2, DEC_2006, 0, [CCER]),
    ("EL-2006", "training", T["pec_2006"], ALL, D(2006, 9, 19), 4, 2, PEC_2006, 1, [CCER]),
    ("EL-2006", "seminar", T["media_2006"], R3, D(2006, 9, 26), 7, 1, MEDIA_2006, 0, TV),
    ("EL-2006", "briefing", T["ccer_press"], HQ * 3, D(2006, 10, 5), 14, 1, CCER_PRESS, 0, TV),
    ("CP-2005", "seminar", T["cp_2006"], ALL, D(2006, 9, 5), 14, 2, CP_2006, 1, JUS + EDU),
    ("CP-2007", "seminar", T["cp_2007"], BORDER, D(2007, 1, 23), 21, 2, CP_2007, 1, JUS),
    ("PR-2005", "training", T["cascade_2"], POL_2006, D(2006, 6, 12), 35, 5, mvd(84), 1, MOI),
    ("PR-BUL", "publication", T["bulletin"], HQ * 4, D(2006, 9, 20), 70, 1, {}, 0, MOI),
    ("PR-PKO", "training", T["pko"], HQ, D(2006, 10, 16), 1, 10, mvd(24), 0, MOI),
    ("HR-TB", "seminar", T["treaty"], TREATY_AT, D(2006, 9, 12), 28, 2, TREATY, 0, [PRES, SC]),
    ("HR-OMB", "meeting", T["ombudsman_wg"], HQ * 3, D(2006, 9, 21), 63, 1, OMB_WG, 0, PRES_MPS),
    (
        "HR-JUD",
        "meeting",
        T["judicial_rt"],
        HQ * 2,
        D(2006, 10, 24),
        119,
        1,
        JUDGES_RT,
        0,
        [CJ, SC],
    ),
    ("HR-EDU", "seminar", T["teachers"], ALL, D(2006, 9, 12), 21, 2, {"educators": 32}, 1, EDU),
]
