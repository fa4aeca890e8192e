"""`generate_synthetic`: a seeded data set of the asked size, refused where it does not belong."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from elections.models import Election
from humanrights.models import Recommendation
from programs.models import Activity, Centre, ParticipantCount, Project, User
from tests.factories import ActivityFactory
from training.models import Enrolment, Session, Trainee

SCALE = "0.001"


def _generate(**options) -> str:
    out = io.StringIO()
    options.setdefault("allow_production", True)
    call_command("generate_synthetic", scale=SCALE, stdout=out, **options)
    return out.getvalue()


def _fingerprint() -> tuple:
    return (
        list(Activity.objects.order_by("pk").values_list("title", "start", "centre__code")),
        ParticipantCount.objects.aggregate(w=Sum("women"), m=Sum("men")),
        list(Trainee.objects.order_by("pk").values_list("family_name", "personnel_number")),
        list(Enrolment.objects.order_by("pk").values_list("session_id", "trainee_id")),
    )


@pytest.mark.django_db
def test_scale_sets_the_size_of_the_data_set():
    output = _generate()

    assert "generated" in output
    # The eight real centres of the reference data, and the rest scaled from scale 1.
    assert Centre.objects.count() == 8
    assert Project.objects.count() == 10  # at least two projects per mandate area
    assert Activity.objects.count() == 100
    assert ParticipantCount.objects.count() == 400
    assert Trainee.objects.count() == 50
    assert Enrolment.objects.count() == 200
    assert Recommendation.objects.count() == 5
    assert Session.objects.exists() and Election.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_same_seed_gives_the_same_data_and_another_seed_other_data():
    _generate(seed=7)
    first = _fingerprint()
    call_command("flush", interactive=False, verbosity=0)
    _generate(seed=7)
    assert _fingerprint() == first
    call_command("flush", interactive=False, verbosity=0)
    _generate(seed=8)
    assert _fingerprint() != first


@pytest.mark.django_db
def test_the_data_obeys_the_models_rules():
    _generate()
    for activity in Activity.objects.select_related("project")[:50]:
        # (Not full_clean: the demo's older mandate periods are locked, as in the real office.)
        activity.validate_constraints()
        assert activity.project.start <= activity.start <= activity.end <= activity.project.end
    assert not Enrolment.objects.filter(completed=True, attended=False).exists()
    assert not Enrolment.objects.filter(attended=True).exclude(session__activity__status="held")


@pytest.mark.django_db
def test_its_logins_have_no_usable_password():
    _generate()
    users = User.objects.filter(username__startswith="synthetic.")
    assert users.count() == 3 + 8  # one per role, and a staff login per centre
    assert not any(user.has_usable_password() for user in users)


@pytest.mark.django_db
def test_refused_when_debug_is_off_without_allow_production():
    # The test settings keep DEBUG off, as in production.
    with pytest.raises(CommandError, match="--allow-production"):
        _generate(allow_production=False)
    assert not Activity.objects.exists() and not User.objects.exists()


@pytest.mark.django_db
def test_refused_on_a_database_with_real_data_unless_forced():
    real = ActivityFactory()
    with pytest.raises(CommandError, match="--force"):
        _generate()
    assert list(Activity.objects.all()) == [real]

    _generate(force=True)
    assert Activity.objects.count() == 101


@pytest.mark.django_db
def test_refused_a_second_time_on_the_same_database():
    _generate()
    with pytest.raises(CommandError, match="already holds a synthetic data set"):
        _generate()
    assert Activity.objects.count() == 100


@pytest.mark.parametrize("scale", ["many", "0", "-1", "1000"])
@pytest.mark.django_db
def test_a_bad_scale_is_refused_with_a_clear_message(scale):
    with pytest.raises(CommandError, match="--scale must be"):
        call_command("generate_synthetic", scale=scale, allow_production=True)
    assert not Activity.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_the_generated_tables_are_vacuumed_as_autovacuum_would_leave_them():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("VACUUM is PostgreSQL's; SQLite keeps no visibility map")
    _generate(seed=3)

    with connection.cursor() as cursor:
        # The visibility map: an index-only count of the activities waiting for approval
        # reads no table page.
        cursor.execute(
            "SELECT relallvisible, relpages FROM pg_class WHERE relname = 'programs_activity'"
        )
        all_visible, pages = cursor.fetchone()
    assert pages > 0 and all_visible == pages
