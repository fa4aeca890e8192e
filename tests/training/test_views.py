"""The training pages: who may open what, the bulk results form, certificates, query counts."""

import datetime
import io
import re

import pytest
from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from pypdf import PdfReader

from programs.models import Activity, Project
from training.models import Course, Enrolment, Session, Trainee
from training.services import session_record_results
from training.views import DUPLICATE_GROUPS_PER_PAGE

from .factories import (
    BulletinIssueFactory,
    CourseFactory,
    DraftSessionFactory,
    EnrolmentFactory,
    InstructorFactory,
    SessionFactory,
    StudyVisitFactory,
    TraineeFactory,
    TrainingActivityFactory,
)

pytestmark = pytest.mark.django_db

NAME = "Sharipova"


@pytest.fixture
def session(centre):
    """A session at the staff user's centre, with a named trainee and an instructor (its
    activity a draft: its enrolments still change)."""
    session = DraftSessionFactory(
        activity__centre=centre, participants=(3, 27), trainers=[InstructorFactory()]
    )
    EnrolmentFactory(session=session, trainee__family_name=NAME, attended=True, completed=True)
    return session


def _pages(session):
    enrolment = session.enrolments.first()
    return {
        "session_list": reverse("training:session_list"),
        "session_detail": reverse("training:session_detail", args=[session.pk]),
        "course_list": reverse("training:course_list"),
        "cascade": reverse("training:cascade"),
        "study_visit_list": reverse("training:study_visit_list"),
        "bulletin_list": reverse("training:bulletin_list"),
        "trainee_list": reverse("training:trainee_list"),
        "trainee_detail": reverse("training:trainee_detail", args=[enrolment.trainee_id]),
        "trainee_add": reverse("training:trainee_add"),
        "trainee_edit": reverse("training:trainee_edit", args=[enrolment.trainee_id]),
        "trainee_duplicates": reverse("training:trainee_duplicates"),
        "session_add": reverse("training:session_add"),
    }


PERSONAL = {"trainee_list", "trainee_detail", "trainee_add", "trainee_edit"}
EXPECTED = {
    "manager_client": {},
    "staff_client": {"trainee_duplicates": 403},
    "hr_client": dict.fromkeys(PERSONAL | {"trainee_duplicates", "session_add"}, 403),
    "admin_client_": dict.fromkeys(
        {
            "session_list",
            "session_detail",
            "cascade",
            "study_visit_list",
            "bulletin_list",
            "trainee_duplicates",
            "session_add",
        }
        | PERSONAL,
        403,
    ),
}


@pytest.fixture
def hr_client(hr_officer):
    from django.test import Client

    client = Client()
    client.force_login(hr_officer)
    return client


@pytest.mark.parametrize("client_name", list(EXPECTED))
def test_role_rules_of_every_page(request, client_name, session):
    client = request.getfixturevalue(client_name)
    for name, url in _pages(session).items():
        expected = EXPECTED[client_name].get(name, 200)
        assert client.get(url).status_code == expected, (client_name, name)


@pytest.mark.parametrize(
    "name", ["session_detail", "trainee_detail", "trainee_edit", "certificate"]
)
def test_unknown_ids_are_404(manager_client, name):
    assert manager_client.get(reverse(f"training:{name}", args=[999])).status_code == 404


@pytest.mark.parametrize("page", ["session_detail", "cascade"])
def test_the_human_rights_officer_sees_counts_but_no_names(hr_client, session, page):
    response = hr_client.get(_pages(session)[page])
    assert response.status_code == 200
    assert NAME not in response.text
    assert str(session.trainers.first()) not in response.text
    assert "shown to training staff and managers only" in response.text


def test_staff_see_names_and_the_bulk_form_of_their_centre(staff_client, session):
    response = staff_client.get(_pages(session)["session_detail"])
    assert NAME in response.text
    assert "Save attendance and results" in response.text


def test_staff_cannot_record_another_centres_session(staff_client, other_centre):
    elsewhere = SessionFactory(activity__centre=other_centre)
    enrolment = EnrolmentFactory(session=elsewhere)
    page = staff_client.get(reverse("training:session_detail", args=[elsewhere.pk]))
    assert "Save attendance and results" not in page.text
    response = staff_client.post(
        reverse("training:session_results", args=[elsewhere.pk]),
        _results_data([(enrolment, True, True, "", "")]),
    )
    assert response.status_code == 403


def _results_data(rows):
    data = {
        "results-TOTAL_FORMS": str(len(rows)),
        "results-INITIAL_FORMS": str(len(rows)),
    }
    for i, (enrolment, attended, completed, pre, post) in enumerate(rows):
        data[f"results-{i}-enrolment"] = enrolment.pk
        if attended:
            data[f"results-{i}-attended"] = "on"
        if completed:
            data[f"results-{i}-completed"] = "on"
        data[f"results-{i}-pre_score"] = pre
        data[f"results-{i}-post_score"] = post
    return data


def test_staff_record_a_sessions_attendance_in_one_form_and_completions_issue_certificates(
    staff_client, centre
):
    session = DraftSessionFactory(activity__centre=centre)
    a, b, c = (EnrolmentFactory(session=session) for _ in range(3))

    response = staff_client.post(
        reverse("training:session_results", args=[session.pk]),
        _results_data(
            [(a, True, True, "45", "80"), (b, True, False, "50", ""), (c, False, False, "", "")]
        ),
    )

    assert response.status_code == 302
    a.refresh_from_db(), b.refresh_from_db(), c.refresh_from_db()
    assert (a.attended, a.completed, a.pre_score, a.post_score) == (True, True, 45, 80)
    assert a.certificate_number and not b.certificate_number
    assert (b.attended, b.completed, c.attended) == (True, False, False)
    page = staff_client.get(response.url)
    assert "certificates ready for 1 completion" in page.text
    assert a.certificate_number in page.text


def test_bad_results_are_refused_with_clear_messages_and_nothing_is_saved(staff_client, centre):
    session = DraftSessionFactory(activity__centre=centre)
    a, b = EnrolmentFactory(session=session), EnrolmentFactory(session=session)

    response = staff_client.post(
        reverse("training:session_results", args=[session.pk]),
        _results_data([(a, True, True, "40", "150"), (b, False, True, "", "")]),
    )

    assert response.status_code == 400
    assert "A score is out of 100" in response.text
    assert "did not attend cannot complete" in response.text
    assert not Enrolment.objects.filter(attended=True).exists()


def test_enrol_a_trainee_and_refuse_a_second_enrolment(staff_client, session):
    trainee = TraineeFactory()
    url = reverse("training:session_enrol", args=[session.pk])
    assert staff_client.post(url, {"trainee": trainee.pk}).status_code == 302
    again = staff_client.post(url, {"trainee": trainee.pk})
    assert again.status_code == 400
    assert "already enrolled" in again.text
    assert session.enrolments.filter(trainee=trainee).count() == 1


def test_staff_add_a_session_to_their_activity(staff_client, centre):
    activity = TrainingActivityFactory(centre=centre, approval=Activity.Approval.DRAFT)
    course = CourseFactory()
    response = staff_client.post(
        reverse("training:session_add"), {"activity": activity.pk, "course": course.pk}
    )
    assert response.status_code == 302
    assert Session.objects.get(activity=activity).course == course


def test_the_session_form_offers_only_the_users_free_activities(staff_client, centre, other_centre):
    mine = TrainingActivityFactory(centre=centre, title="Mine")
    TrainingActivityFactory(centre=other_centre, title="Theirs")
    SessionFactory(activity__centre=centre, activity__title="Already a session")
    page = staff_client.get(reverse("training:session_add"))
    assert "Mine" in page.text
    assert "Theirs" not in page.text and "Already a session" not in page.text
    response = staff_client.post(
        reverse("training:session_add"),
        {"activity": TrainingActivityFactory(centre=other_centre).pk, "course": CourseFactory().pk},
    )
    assert response.status_code == 400
    assert mine.pk


def test_a_duplicate_personnel_number_is_refused_with_a_message(staff_client):
    TraineeFactory(personnel_number="MVD-0100")
    response = staff_client.post(
        reverse("training:trainee_add"),
        {
            "family_name": "Karimov",
            "given_name": "Firuz",
            "sex": "M",
            "organisation": "Ministry of the Interior",
            "personnel_number": "mvd-0100",
        },
    )
    assert response.status_code == 400
    assert "Another trainee already has this personnel number" in response.text
    assert Trainee.objects.count() == 1


def test_staff_add_and_edit_a_trainee(staff_client):
    data = {
        "family_name": "Karimova",
        "given_name": "Malika",
        "sex": "F",
        "organisation": "Mahalla committee",
        "date_of_birth": "1972-04-02",
    }
    response = staff_client.post(reverse("training:trainee_add"), data)
    trainee = Trainee.objects.get()
    assert response.url == reverse("training:trainee_detail", args=[trainee.pk])
    data["position"] = "Chair"
    staff_client.post(reverse("training:trainee_edit", args=[trainee.pk]), data)
    trainee.refresh_from_db()
    assert trainee.position == "Chair"


def test_a_manager_merges_duplicates_from_the_duplicates_page(manager_client):
    import datetime

    born = datetime.date(1970, 1, 1)
    keep = TraineeFactory(family_name="Olimov", date_of_birth=born)
    duplicate = TraineeFactory(family_name="Olimov", date_of_birth=born)
    EnrolmentFactory(trainee=duplicate, session=DraftSessionFactory())
    page = manager_client.get(reverse("training:trainee_duplicates"))
    assert f"Merge into #{keep.pk}" in page.text
    response = manager_client.post(
        reverse("training:trainee_duplicates"), {"keep": keep.pk, "duplicate": duplicate.pk}
    )
    assert response.status_code == 302
    assert list(Trainee.objects.all()) == [keep] and keep.enrolments.count() == 1
    refused = manager_client.post(
        reverse("training:trainee_duplicates"), {"keep": keep.pk, "duplicate": keep.pk}
    )
    assert refused.status_code == 400 and "two different records" in refused.text


@pytest.mark.parametrize("groups", [1, DUPLICATE_GROUPS_PER_PAGE + 1])
def test_the_duplicates_are_listed_a_page_of_groups_at_a_time(
    manager_client, groups, django_assert_num_queries
):
    import datetime

    born = datetime.date(1970, 1, 1)
    for n in range(groups):
        for given in ("Umed", "UMED"):
            TraineeFactory(family_name=f"Family{n:02}", given_name=given, date_of_birth=born)
    TraineeFactory(family_name="Alone", date_of_birth=born)
    url = reverse("training:trainee_duplicates")
    manager_client.get(reverse("home"))  # the permissions, read once and kept in the cache

    # Session, user, second factor (3), the menu's count of approvals waiting (1), the groups
    # counted (1), a page of them (1) and their records (1), however many groups there are.
    with django_assert_num_queries(7):
        first = manager_client.get(url)

    shown = first.context["groups"]
    assert len(shown) == min(groups, DUPLICATE_GROUPS_PER_PAGE)
    assert all(len(group) == 2 for group in shown)
    label = "group of possible duplicates" if groups == 1 else "groups of possible duplicates"
    assert f"{groups} {label}" in first.text
    if groups > DUPLICATE_GROUPS_PER_PAGE:
        second = manager_client.get(url, {"page": 2})
        assert [g[0].family_name for g in second.context["groups"]] == [f"Family{groups - 1:02}"]
        assert "Page 2 of 2" in second.text


def test_the_certificate_is_a_pdf_with_the_trainee_and_the_course(manager_client, manager, session):
    enrolment = EnrolmentFactory(session=session, trainee__family_name="Davlatova")
    session_record_results(
        session=session,
        acting_user=manager,
        results={enrolment.pk: {"attended": True, "completed": True}},
    )
    enrolment.refresh_from_db()
    response = manager_client.get(reverse("training:certificate", args=[enrolment.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Davlatova" in text
    assert session.course.title in text
    assert enrolment.certificate_number in text


def test_no_certificate_without_completion(manager_client, session, hr_client):
    not_completed = EnrolmentFactory(session=session)
    url = reverse("training:certificate", args=[not_completed.pk])
    assert manager_client.get(url).status_code == 404
    done = session.enrolments.filter(completed=True).first()
    assert hr_client.get(reverse("training:certificate", args=[done.pk])).status_code == 403


# A course is named in the reader's language: its Russian or Tajik title, else its English.

ENGLISH = "Training of police instructors"
RUSSIAN = "Подготовка инструкторов полиции"
TAJIK = "Тайёр кардани омӯзгорони милитсия"


def _reading(client, language: str):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _translate(course: Course, *, title_tg: str = TAJIK) -> None:
    Course.objects.filter(pk=course.pk).update(title=ENGLISH, title_ru=RUSSIAN, title_tg=title_tg)


def test_the_training_pages_name_a_course_in_the_readers_language(manager_client, session):
    _translate(session.course)
    other = SessionFactory(
        course__title="Community policing", activity__centre=session.activity.centre
    )
    pages = _pages(session)
    urls = [
        pages[name] for name in ("course_list", "session_list", "session_detail", "trainee_detail")
    ]

    _reading(manager_client, "ru")
    for url in urls:
        text = manager_client.get(url).text
        assert RUSSIAN in text, url
        assert ENGLISH not in text, url
    # A course without a Russian title keeps its English one.
    for url in (pages["course_list"], pages["session_list"]):
        assert "Community policing" in manager_client.get(url).text, url
    other_page = manager_client.get(reverse("training:session_detail", args=[other.pk])).text
    assert "Community policing" in other_page

    _reading(manager_client, "tg")
    text = manager_client.get(pages["session_detail"]).text
    assert TAJIK in text and RUSSIAN not in text and ENGLISH not in text


def test_a_tajik_reader_reads_the_english_title_of_a_course_without_a_tajik_one(
    manager_client, session
):
    _translate(session.course, title_tg="")
    text = _reading(manager_client, "tg").get(_pages(session)["session_detail"]).text
    assert ENGLISH in text and RUSSIAN not in text


def test_a_certificate_in_russian_names_the_course_by_its_russian_title(
    manager_client, manager, session
):
    _translate(session.course)
    enrolment = EnrolmentFactory(session=session, trainee__family_name="Davlatova")
    session_record_results(
        session=session,
        acting_user=manager,
        results={enrolment.pk: {"attended": True, "completed": True}},
    )
    response = _reading(manager_client, "ru").get(
        reverse("training:certificate", args=[enrolment.pk])
    )
    pages = PdfReader(io.BytesIO(response.content)).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert RUSSIAN in text
    assert ENGLISH not in text
    # Its dates end with "г.", whose point ends the sentence: not "г..".
    with translation.override("ru"):
        last_day = date_format(session.activity.end, "DATE_FORMAT")
    assert last_day.endswith(" г.")
    assert f"по {last_day} " in text + " "
    assert "г.." not in text


@pytest.mark.parametrize("language", ["en", "ru", "tg"])
def test_a_certificate_declares_the_language_it_is_written_in(manager_client, session, language):
    # A screen reader or a PDF tool reads a Russian certificate as Russian, not as English.
    enrolment = session.enrolments.get(completed=True)
    Enrolment.objects.filter(pk=enrolment.pk).update(
        certificate_number="TRN-2006-0001", certificate_issued_on=datetime.date(2006, 5, 2)
    )
    response = _reading(manager_client, language).get(
        reverse("training:certificate", args=[enrolment.pk])
    )
    assert PdfReader(io.BytesIO(response.content)).trailer["/Root"]["/Lang"] == language


def test_a_sessions_page_names_its_project_in_the_readers_language(manager_client, session):
    Project.objects.filter(pk=session.activity.project_id).update(
        title="Police reform support", title_ru="Поддержка реформы милиции", title_tg=""
    )
    url = _pages(session)["session_detail"]

    text = _reading(manager_client, "ru").get(url).text
    assert "Поддержка реформы милиции" in text and "Police reform support" not in text
    # No Tajik title: the English one.
    assert "Police reform support" in _reading(manager_client, "tg").get(url).text


def _course_select(html: str) -> dict[str, str]:
    select = re.search(r'<select name="course".*?</select>', html, re.S)
    assert select, "no course select on the page"
    return dict(re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>', select.group(0)))


def test_the_session_form_offers_courses_in_the_readers_language_as_its_search_does(
    staff_client, centre
):
    translated = CourseFactory(title=ENGLISH, title_ru=RUSSIAN, title_tg=TAJIK)
    untranslated = CourseFactory(title="Community policing")
    form_url, options_url = reverse("training:session_add"), reverse("training:course_options")

    for language, title in (("en", ENGLISH), ("ru", RUSSIAN), ("tg", TAJIK)):
        _reading(staff_client, language)
        expected = {str(translated.pk): title, str(untranslated.pk): "Community policing"}
        assert _course_select(staff_client.get(form_url).text) == expected, language
        found = staff_client.get(options_url).json()["results"]
        assert {row["value"]: row["text"] for row in found} == expected, language

    # Found by its English title, it is still named in the reader's language.
    found = staff_client.get(options_url, {"q": "police instructors"}).json()["results"]
    assert found == [{"value": str(translated.pk), "text": TAJIK}]

    # And the page that follows the new session names it so.
    activity = TrainingActivityFactory(centre=centre, approval=Activity.Approval.DRAFT)
    page = _reading(staff_client, "ru").post(
        form_url, {"activity": activity.pk, "course": translated.pk}, follow=True
    )
    assert f"«{RUSSIAN}»" in page.text


# The course list and the course choices in the alphabetical order of the titles the reader
# reads: a course without a title in the reader's language by its English one.
COURSES_IN_ORDER = {
    "en": [
        "Community policing",
        "Gender and policing",
        "Human rights for police",
        "Training of trainers",
    ],
    "ru": [
        "Gender and policing",
        "Обучение инструкторов",
        "Полиция и общество",
        "Права человека для полиции",
    ],
    "tg": [
        "Community policing",
        "Gender and policing",
        "Training of trainers",
        "Ҳуқуқи инсон барои милитсия",
    ],
}


def _select_labels(html: str) -> list[str]:
    select = re.search(r'<select name="course".*?</select>', html, re.S)
    assert select, "no course select on the page"
    return re.findall(r'<option value="\d+"[^>]*>([^<]*)</option>', select.group(0))


@pytest.mark.parametrize("language", list(COURSES_IN_ORDER))
def test_courses_are_listed_and_offered_in_the_order_of_the_readers_language(
    manager_client, staff_client, language
):
    CourseFactory(title="Community policing", title_ru="Полиция и общество")
    CourseFactory(
        title="Human rights for police",
        title_ru="Права человека для полиции",
        title_tg="Ҳуқуқи инсон барои милитсия",
    )
    CourseFactory(title="Training of trainers", title_ru="Обучение инструкторов")
    CourseFactory(title="Gender and policing")
    expected = COURSES_IN_ORDER[language]
    _reading(manager_client, language)
    _reading(staff_client, language)

    course_list = manager_client.get(reverse("training:course_list")).text
    assert re.findall(r'\?course=\d+">([^<]*)</a>', course_list) == expected
    assert _select_labels(staff_client.get(reverse("training:session_add")).text) == expected
    found = staff_client.get(reverse("training:course_options")).json()["results"]
    assert [row["text"] for row in found] == expected
    session_list = manager_client.get(reverse("training:session_list")).text
    assert _select_labels(session_list) == expected


def _grow(size, centre):
    course = CourseFactory()
    for _ in range(size):
        session = SessionFactory(
            course=course,
            activity__centre=centre,
            participants=(2, 8),
            trainers=[InstructorFactory()],
        )
        for _ in range(3):
            EnrolmentFactory(session=session, attended=True, completed=True)
        visit = StudyVisitFactory()
        visit.participants.add(TraineeFactory())
        BulletinIssueFactory()


@pytest.mark.parametrize(
    "name",
    [
        "session_list",
        "session_detail",
        "course_list",
        "cascade",
        "study_visit_list",
        "bulletin_list",
        "trainee_list",
        "trainee_detail",
        "trainee_duplicates",
    ],
)
def test_pages_run_a_fixed_number_of_queries(
    manager_client, session, centre, name, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = _pages(session)[name]
    _grow(2, centre)
    manager_client.get(reverse("home"))  # the permissions, read once and kept in the cache
    with CaptureQueriesContext(connection) as before:
        assert manager_client.get(url).status_code == 200
    _grow(6, centre)
    for enrolment in list(session.enrolments.all())[:1]:
        for _ in range(4):
            EnrolmentFactory(session=session)
        enrolment.trainee.sessions_taught.add(SessionFactory())
    with django_assert_num_queries(len(before.captured_queries)):
        assert manager_client.get(url).status_code == 200


def test_the_curriculum_is_downloaded_through_a_permission_check(
    manager_client, admin_client_, settings, tmp_path
):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    course = CourseFactory()
    url = reverse("training:curriculum", args=[course.pk])
    assert manager_client.get(url).status_code == 404
    course.curriculum.save("curriculum.pdf", ContentFile(b"%PDF-1.4 curriculum"))
    response = manager_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 curriculum"
    assert "attachment" in response["Content-Disposition"]
    assert admin_client_.get(url).status_code == 200  # administrators may view courses
    page = manager_client.get(reverse("training:course_list"))
    assert url in page.text


def test_two_people_recording_one_sessions_results_undo_nothing(staff_user, centre):
    """Two trainers record the same session's results from pages opened at once: rows only
    one of them changed keep that change; a row both changed comes back with both values."""
    from django.test import Client

    from tests.admin_checks import browser_post_data

    session = DraftSessionFactory(activity__centre=centre)
    a, b = EnrolmentFactory(session=session), EnrolmentFactory(session=session)
    first, second = Client(), Client()
    first.force_login(staff_user)
    second.force_login(staff_user)
    page_url = reverse("training:session_detail", args=[session.pk])
    url = reverse("training:session_results", args=[session.pk])

    def results_form(client) -> dict[str, list[str]]:
        data = browser_post_data(client.get(page_url).text)
        return {k: v for k, v in data.items() if k.startswith("results-") or k == "form_key"}

    theirs, mine = results_form(first), results_form(second)
    row = {str(a.pk): "0", str(b.pk): "1"}

    # The first marks A attended with a pre-test score of 40.
    theirs[f"results-{row[str(a.pk)]}-attended"] = ["on"]
    theirs[f"results-{row[str(a.pk)]}-pre_score"] = ["40"]
    assert first.post(url, theirs).status_code == 302

    # The second, from the page opened before, only marks B attended: A's results stay.
    only_b = {**mine, f"results-{row[str(b.pk)]}-attended": ["on"]}
    only_b.pop("form_key", None)
    assert second.post(url, only_b).status_code == 302
    a.refresh_from_db(), b.refresh_from_db()
    assert (a.attended, a.pre_score, b.attended) == (True, 40, True)

    # Both change A's pre-test score: the later one sees both values and saves nothing.
    mine = results_form(second)
    theirs = results_form(first)
    theirs[f"results-{row[str(a.pk)]}-pre_score"] = ["45"]
    assert first.post(url, theirs).status_code == 302
    mine[f"results-{row[str(a.pk)]}-pre_score"] = ["50"]
    refused = second.post(url, mine)
    assert refused.status_code == 400
    assert "Someone saved results of this session after you opened it" in refused.text
    assert "45" in refused.text and "50" in refused.text
    a.refresh_from_db()
    assert a.pre_score == 45

    # Sent again as it came back, the user's value stands, knowingly.
    again = {k: v for k, v in browser_post_data(refused.text).items() if k.startswith("results-")}
    assert second.post(url, again).status_code == 302
    a.refresh_from_db()
    assert a.pre_score == 50


def test_the_cascade_s_instructor_rows_follow_the_reader_s_language_and_the_data(
    manager_client,
):
    """The page of instructors' rows is kept rendered per language (training.views.cascade):
    a Russian reader gets Russian dates and numbers, and a newly certified instructor shows
    on the next visit."""
    first = InstructorFactory(
        given_name="Firuza", instructor_certified_on=datetime.date(2006, 3, 15)
    )
    # A session she taught after her certification.
    SessionFactory(
        trainers=[first],
        participants=(600, 634),
        activity__start=datetime.date(2006, 4, 3),
        activity__end=datetime.date(2006, 4, 4),
    )
    url = reverse("training:cascade")

    english = manager_client.get(url).content.decode()
    manager_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    russian = manager_client.get(url).content.decode()

    day = datetime.date(2006, 3, 15)
    with translation.override("en"):
        en_day, en_reach = date_format(day, "SHORT_DATE_FORMAT"), intcomma(1234)
    with translation.override("ru"):
        ru_day, ru_reach = date_format(day, "SHORT_DATE_FORMAT"), intcomma(1234)
    assert (en_day, en_reach) != (ru_day, ru_reach)
    assert "Firuza" in english and en_day in english and f">{en_reach}<" in english
    assert "Firuza" in russian and ru_day in russian and f">{ru_reach}<" in russian
    assert en_day not in russian

    InstructorFactory(given_name="Rustam", instructor_certified_on=datetime.date(2006, 4, 1))
    assert "Rustam" in manager_client.get(url).content.decode()
