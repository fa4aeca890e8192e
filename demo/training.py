"""Demo data of the training area, built on the programs demo's 2005–07 activities.

The courses, sessions and bulletin issues attach to activities the programs demo already
holds (found by project code and title), so no head count is entered twice: the cascade's
reach is those activities' participant counts. The people are invented (``is_illustrative``)
and only some of those counted have a personal record: the 40 instructors, the 30 trained
abroad (six of them instructors), a handful per cascade course and per seminar. The host
institution of the training abroad is illustrative too.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from programs.models import Activity, Region
from training.models import BulletinIssue, Course, Enrolment, Session, StudyVisit, Trainee

INTERIOR = "Ministry of the Interior"
TOT = "Train-the-trainer course for police instructors on international standards"
CASCADE = "Cascade course on international standards in police operations"
SEMINAR = "Seminar on human rights and conflict management"
ABROAD = "Training abroad in civilian policing and peacekeeping"
BULLETIN = "Ministry of the Interior bulletin"

MEN = [
    "Abdullo",
    "Bakhtiyor",
    "Davlat",
    "Farrukh",
    "Firuz",
    "Jamshed",
    "Khurshed",
    "Mahmadali",
    "Nurullo",
    "Rustam",
    "Saidali",
    "Shavkat",
    "Sharif",
    "Sukhrob",
    "Umed",
    "Zafar",
    "Faridun",
    "Parviz",
    "Alisher",
    "Behruz",
    "Dilshod",
    "Ilhom",
    "Kamol",
    "Manuchehr",
    "Nasim",
    "Odil",
    "Rahmon",
    "Sadriddin",
    "Tohir",
    "Yusuf",
    "Bahrom",
    "Hasan",
]
WOMEN = [
    "Dilnoza",
    "Farangis",
    "Gulnora",
    "Malika",
    "Mavjuda",
    "Nigora",
    "Parvina",
    "Saodat",
    "Shahnoza",
    "Zarina",
    "Tahmina",
    "Munira",
]
FAMILIES = [
    "Rahimov",
    "Nazarov",
    "Sharipov",
    "Karimov",
    "Saidov",
    "Safarov",
    "Qodirov",
    "Mirzoev",
    "Davlatov",
    "Hakimov",
    "Yusufov",
    "Abdulloev",
    "Rajabov",
    "Sattorov",
    "Ismoilov",
    "Kholov",
    "Boboev",
    "Naimov",
    "Sobirov",
    "Tursunov",
    "Gulov",
    "Azizov",
    "Jalolov",
    "Fayzulloev",
    "Zoirov",
    "Olimov",
    "Sharifov",
    "Umarov",
    "Hasanov",
]
RANKS = ("Police Captain", "Police Major", "Police Senior Lieutenant", "Police Lieutenant Colonel")
STAFF_RANKS = ("Police Lieutenant", "Police Sergeant", "Police Senior Lieutenant", "Police Captain")
SEMINAR_ROLES = (
    ("Mahalla committee", "Chair"),
    ("School no. 4", "History teacher"),
    ("Bar association", "Lawyer"),
    ("Jamoat administration", "Deputy chair"),
)
COURSES = {
    "police-tot": {
        "title": "Train-the-trainer course on international standards in police operations",
        "title_ru": "Курс подготовки инструкторов по международным стандартам работы полиции",
        "title_tg": "Курси тайёр кардани омӯзгорон оид ба меъёрҳои байналмилалии фаъолияти "
        "милитсия",
        "topic": Course.Topic.POLICING_STANDARDS,
        "audience": "Police instructors of the Ministry of the Interior",
        "hours": 114,
        "language": Course.Language.TAJIK_RUSSIAN,
        "certifies_instructors": True,
    },
    "police-cascade": {
        "title": "International standards in police operations (cascade course)",
        "title_ru": "Международные стандарты работы полиции (каскадный курс)",
        "title_tg": "Меъёрҳои байналмилалии фаъолияти милитсия (курси зинагӣ)",
        "topic": Course.Topic.POLICING_STANDARDS,
        "audience": "Ministry of the Interior staff",
        "hours": 30,
        "language": Course.Language.TAJIK_RUSSIAN,
        "certifies_instructors": False,
    },
    "hr-conflict": {
        "title": "Human rights and conflict management",
        "title_ru": "Права человека и урегулирование конфликтов",
        "title_tg": "Ҳуқуқи инсон ва ҳалли низоъҳо",
        "topic": Course.Topic.CONFLICT_MANAGEMENT,
        "audience": "Community leaders, educators, lawyers and local officials",
        "hours": 12,
        "language": Course.Language.TAJIK,
        "certifies_instructors": False,
    },
}


def _person(n: int, woman: bool) -> tuple[str, str]:
    family = FAMILIES[(n * 11) % len(FAMILIES)]
    if woman:
        return family + "a", WOMEN[(n * 5) % len(WOMEN)]
    return family, MEN[(n * 7) % len(MEN)]


def _born(n: int) -> datetime.date:
    return datetime.date(1958 + n % 22, 1 + n % 12, 1 + (n * 3) % 28)


def _trainee(n: int, *, woman: bool, number: str = "", **fields) -> Trainee:
    """An invented person; found again by personnel number, or by name, birth and employer."""
    family, given = _person(n, woman)
    values = {
        "family_name": family,
        "given_name": given,
        "sex": Trainee.Sex.FEMALE if woman else Trainee.Sex.MALE,
        "date_of_birth": _born(n),
        "is_illustrative": True,
        **fields,
    }
    names = ("personnel_number",) if number else ("family_name", "given_name", "date_of_birth")
    key = {"personnel_number": number} if number else {name: values.pop(name) for name in names}
    if not number:
        key["organisation"] = values.pop("organisation")
    trainee, _ = Trainee.objects.update_or_create(**key, defaults=values)
    return trainee


def _scores(n: int) -> tuple[int, int]:
    pre = 38 + (n * 13) % 30
    return pre, min(100, pre + 14 + (n * 7) % 22)


def _enrol(session: Session, trainee: Trainee, n: int, *, attended=True, completed=True) -> None:
    pre, post = _scores(n) if attended else (None, None)
    enrolment, _ = Enrolment.objects.update_or_create(
        session=session,
        trainee=trainee,
        defaults={
            "attended": attended,
            "completed": completed,
            "pre_score": pre,
            "post_score": post if completed else None,
        },
    )
    if completed and not enrolment.certificate_number:
        end = session.activity.end
        enrolment.certificate_number = f"UNTOP/TR/{end:%Y}/{session.pk:04d}-{enrolment.pk:05d}"
        enrolment.certificate_issued_on = end + datetime.timedelta(days=7)
        enrolment.save()


def _session(activity: Activity, course: Course, other: str = "") -> Session:
    session, _ = Session.objects.update_or_create(
        activity=activity, defaults={"course": course, "other_trainers": other}
    )
    return session


def _region(activity: Activity) -> Region:
    return activity.district.region if activity.district else activity.centre.region


def _police(courses: dict[str, Course]) -> tuple[list[Trainee], int]:
    activities = Activity.objects.select_related("centre__region", "district__region")
    tot_activity = activities.get(project__code="PR-2005", title__startswith=TOT)
    tot = _session(tot_activity, courses["police-tot"], "UNTOP civilian police adviser")
    cascade = list(
        activities.filter(project__code="PR-2005", title__startswith=CASCADE).order_by("start")
    )
    letter = [a for a in cascade if a.start <= datetime.date(2006, 5, 31)]
    later = [a for a in cascade if a.start > datetime.date(2006, 5, 31)]
    # 40 instructors: four for each of the first four courses, three for the other eight.
    teams: list[list[int]] = []
    n = 0
    for k in range(len(letter)):
        size = 4 if k < 4 else 3
        teams.append(list(range(n, n + size)))
        n += size
    women = {5, 17, 26, 33}  # four women among the 40, as the activity's counts have it
    instructors: list[Trainee] = []
    for k, activity in enumerate(letter):
        for i in teams[k]:
            trainee = _trainee(
                i,
                woman=i in women,
                number=f"MVD-{1001 + i}",
                organisation=INTERIOR,
                unit=f"Training department, {_region(activity)} police directorate",
                position=RANKS[i % len(RANKS)],
                region=_region(activity),
                instructor_certified_on=tot_activity.end,
            )
            instructors.append(trainee)
            _enrol(tot, trainee, i)
    staff = 0
    for k, activity in enumerate(letter + later):
        session = _session(activity, courses["police-cascade"])
        team = teams[k] if k < len(letter) else [t for t in range(40) if t % 4 == k % 4][:2]
        session.trainers.set([instructors[i] for i in team])
        if k >= len(letter):
            continue
        for j in range(6):
            trainee = _trainee(
                200 + staff,
                woman=j == 0 and k % 2 == 0,
                number=f"MVD-{2001 + staff}",
                organisation=INTERIOR,
                unit=f"{activity.centre.town} district police department",
                position=STAFF_RANKS[staff % len(STAFF_RANKS)],
                region=_region(activity),
            )
            _enrol(session, trainee, staff, attended=j != 5, completed=j < 4)
            staff += 1
    return instructors, staff


def _seminars(course: Course) -> int:
    activities = Activity.objects.select_related("centre__region", "district__region").filter(
        project__code="CP-2005", title__startswith=SEMINAR, start__lte=datetime.date(2006, 5, 31)
    )
    people = 0
    seminar_trainees: list[Trainee] = []
    for activity in activities.order_by("start"):
        session = _session(activity, course, "UNTOP national programme officers")
        for j, (organisation, position) in enumerate(SEMINAR_ROLES):
            trainee = _trainee(
                400 + people,
                woman=j == 1,
                organisation=f"{organisation}, {activity.centre.town}",
                position=position,
                region=_region(activity),
            )
            _enrol(session, trainee, people, completed=j != 3)
            seminar_trainees.append(trainee)
            people += 1
    # One person entered twice, as happens: the duplicates page offers to merge the two.
    first = seminar_trainees[0]
    Trainee.objects.update_or_create(
        family_name=first.family_name,
        given_name=first.given_name,
        date_of_birth=first.date_of_birth,
        organisation="Mahalla committee (second entry)",
        defaults={"sex": first.sex, "region": first.region, "is_illustrative": True},
    )
    return people


def _abroad(instructors: list[Trainee]) -> StudyVisit:
    activity = Activity.objects.get(project__code="PR-PKO", title=ABROAD)
    visit, _ = StudyVisit.objects.update_or_create(
        activity=activity,
        defaults={
            "host_country": "AT",
            "host_institution": "Austrian Study Centre for Peace and Conflict Resolution, "
            "Stadtschlaining",
            "subject": "Civilian policing and peacekeeping",
            "is_illustrative": True,
        },
    )
    men_instructors = [t for t in instructors if t.sex == Trainee.Sex.MALE][:6]
    others = [
        _trainee(
            600 + j,
            woman=j < 2,
            number=f"MVD-{3001 + j}",
            organisation=INTERIOR,
            unit="Future national unit for UN operations",
            position=STAFF_RANKS[j % len(STAFF_RANKS)],
        )
        for j in range(24)
    ]
    visit.participants.set(men_instructors + others)
    return visit


def _bulletin() -> int:
    issues = Activity.objects.filter(
        project__code="PR-BUL", kind=Activity.Kind.PUBLICATION, title__startswith=BULLETIN
    ).order_by("start")
    for number, activity in enumerate(issues, start=1):
        BulletinIssue.objects.update_or_create(
            activity=activity,
            defaults={
                "number": number,
                "print_run": 1500 + 250 * (number // 2),
                "copies_distributed": 1400 + 250 * (number // 2),
                "distribution": "Regional and district police directorates, the Police Academy, "
                "the Ministry's training centres, courts and prosecutors' offices",
            },
        )
    return issues.count()


def _course(code: str, fields: dict) -> Course:
    """Saved only when new or changed: a second run leaves no audit entry."""
    course, created = Course.objects.get_or_create(code=code, defaults=fields)
    if not created and any(getattr(course, name) != value for name, value in fields.items()):
        for name, value in fields.items():
            setattr(course, name, value)
        course.save()
    return course


def load_training_demo(write: Callable[[str], None]) -> None:
    """Courses, sessions, trainees and enrolments, the visit abroad and the bulletin issues."""
    courses = {code: _course(code, fields) for code, fields in COURSES.items()}
    instructors, staff = _police(courses)
    seminar_people = _seminars(courses["hr-conflict"])
    visit = _abroad(instructors)
    issues = _bulletin()
    write(
        f"Training: {Course.objects.count()} courses, {Session.objects.count()} sessions, "
        f"{len(instructors)} instructors, {Trainee.objects.count()} illustrative trainees "
        f"({staff} cascade, {seminar_people} seminar), {visit.participants.count()} abroad, "
        f"{issues} bulletin issues."
    )
