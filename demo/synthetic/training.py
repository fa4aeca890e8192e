"""Synthetic training data for the benchmark: courses, sessions, trainees and enrolments.

Sessions are held as the synthetic training and seminar activities of the programs
generator. At scale 1: 50,000 trainees (invented people, marked illustrative), 10,000
sessions and 200,000 enrolments; one trainee in fifty is a certified instructor, and three
sessions in ten are taught by one (the cascade's second generation).
"""

from __future__ import annotations

import datetime

from demo.synthetic.run import SyntheticRun
from programs.models import Activity, Region
from training.models import Course, Enrolment, Session, Trainee

FAMILY_NAMES = [
    "Rahimov",
    "Nazarov",
    "Saidov",
    "Karimov",
    "Davlatov",
    "Sharipov",
    "Yusupov",
    "Olimov",
    "Safarov",
    "Mirzoev",
    "Kholov",
    "Ismoilov",
    "Rustamov",
    "Qodirov",
    "Sultonov",
    "Boboev",
    "Hakimov",
    "Latifov",
    "Nabiev",
    "Zoirov",
]
GIVEN_NAMES = [
    "Farrukh",
    "Dilnoza",
    "Zarina",
    "Rustam",
    "Firuza",
    "Bakhtiyor",
    "Gulnora",
    "Sherzod",
    "Madina",
    "Jamshed",
    "Nigora",
    "Faridun",
    "Shahlo",
    "Daler",
    "Mavjuda",
    "Parviz",
    "Tahmina",
    "Umed",
    "Sitora",
    "Alisher",
]
ORGANISATIONS = ["Ministry of the Interior", "Ministry of Justice", "Procuracy", "Border Guard"]
TOPICS = ["human_rights", "conflict_management", "policing_standards", "peacekeeping"]


def _courses(run: SyntheticRun) -> list[tuple[int, bool]]:
    first_id = run.next_id(Course)
    rows = [
        (
            first_id + n,
            f"syn-course-{n + 1}",
            f"Synthetic course {n + 1}",
            TOPICS[n % len(TOPICS)],
            "Police officers and instructors",
            8 + 4 * (n % 5),
            "tg_ru",
            "",
            n % 4 == 0,  # one course in four trains trainers
        )
        for n in range(run.count(20))
    ]
    fields = (
        "id",
        "code",
        "title",
        "topic",
        "audience",
        "hours",
        "language",
        "curriculum",
        "certifies_instructors",
    )
    run.insert(Course, fields, rows)
    return [(row[0], row[-1]) for row in rows]


def _trainees(run: SyntheticRun, rng) -> tuple[list[int], list[int]]:
    first_id = run.next_id(Trainee)
    regions = list(Region.objects.order_by("code").values_list("pk", flat=True))
    rows, instructors = [], []
    for n in range(run.count(50_000)):
        certified = None
        if n % 50 == 0:
            certified = datetime.date(2000, 6, 1) + datetime.timedelta(days=rng.randrange(2_500))
            instructors.append(first_id + n)
        rows.append(
            (
                first_id + n,
                rng.choice(FAMILY_NAMES),
                rng.choice(GIVEN_NAMES),
                rng.choice("FM"),
                datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(12_000)),
                rng.choice(ORGANISATIONS),
                "",
                "Officer",
                rng.choice(regions) if regions else None,
                f"SYN-{n + 1:07d}" if rng.random() < 0.7 else "",
                certified,
                True,
            )
        )
    fields = (
        "id",
        "family_name",
        "given_name",
        "sex",
        "date_of_birth",
        "organisation",
        "unit",
        "position",
        "region_id",
        "personnel_number",
        "instructor_certified_on",
        "is_illustrative",
    )
    run.insert(Trainee, fields, rows)
    return [row[0] for row in rows], instructors


def generate_training(run: SyntheticRun) -> None:
    rng = run.rng("training")
    courses = _courses(run)
    trainees, instructors = _trainees(run, rng)
    activities = list(
        Activity.objects.filter(project__code__startswith="SYN-", kind__in=("training", "seminar"))
        .order_by("pk")
        .values_list("pk", "status")[: run.count(10_000)]
    )
    first_id = run.next_id(Session)
    sessions = [
        (first_id + n, activity_id, rng.choice(courses)[0], "", status)
        for n, (activity_id, status) in enumerate(activities)
    ]
    run.insert(
        Session,
        ("id", "activity_id", "course_id", "other_trainers"),
        (row[:4] for row in sessions),
    )
    run.insert(
        Session.trainers.through,
        ("session_id", "trainee_id"),
        ((row[0], rng.choice(instructors)) for row in sessions if rng.random() < 0.3),
    )
    wanted = run.count(200_000)
    enrolments = []
    for n, (session_id, _activity, _course, _other, status) in enumerate(sessions):
        size = wanted // len(sessions) + (1 if n < wanted % len(sessions) else 0)
        held = status == "held"
        for trainee in rng.sample(trainees, min(size, len(trainees))):
            attended = held and rng.random() < 0.9
            completed = attended and rng.random() < 0.8
            enrolments.append(
                (
                    session_id,
                    trainee,
                    attended,
                    completed,
                    rng.randint(20, 80) if attended else None,
                    rng.randint(50, 100) if completed else None,
                    "",
                )
            )
    fields = (
        "session_id",
        "trainee_id",
        "attended",
        "completed",
        "pre_score",
        "post_score",
        "certificate_number",
    )
    run.insert(Enrolment, fields, enrolments)
    run.write(
        f"  training: {len(trainees):,} trainees, {len(sessions):,} sessions, "
        f"{len(enrolments):,} enrolments"
    )
