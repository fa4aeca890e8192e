"""factory_boy factories for the human-rights records."""

import datetime

import factory
from django.contrib.auth.models import Group

from humanrights.models import (
    Document,
    ImplementationAction,
    Mechanism,
    Milestone,
    MonitoringNote,
    NoteShare,
    Recommendation,
    Theme,
)
from tests.factories import RegionFactory, UserFactory
from untop import roles


class MechanismFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mechanism
        django_get_or_create = ["code"]

    code = "CCPR"
    name = "Human Rights Committee (ICCPR)"
    kind = Mechanism.Kind.TREATY_BODY


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    symbol = factory.Sequence(lambda n: f"CCPR/CO/{n}/TJK")
    mechanism = factory.SubFactory(MechanismFactory)
    issued_on = datetime.date(2005, 7, 18)


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Theme {n}")


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    document = factory.SubFactory(DocumentFactory)
    paragraph = factory.Sequence(lambda n: str(n + 1))
    text = factory.Sequence(lambda n: f"Recommendation text {n}")
    follow_up_due = datetime.date(2006, 7, 18)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImplementationAction

    recommendation = factory.SubFactory(RecommendationFactory)
    taken_on = datetime.date(2005, 11, 8)
    description = "Seminar for parliamentarians"
    taken_by = "Parliament with UNTOP"
    recorded_by = factory.SubFactory(UserFactory)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    track = Milestone.Track.OMBUDSMAN
    stage = Milestone.Stage.CONFERENCE
    planned_on = datetime.date(2006, 4, 1)


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonitoringNote

    observed_on = datetime.date(2006, 3, 14)
    region = factory.SubFactory(RegionFactory)
    topic = factory.Sequence(lambda n: f"Secret topic {n}")
    summary = "SECRET-SUMMARY lawyers refused access"
    sources = "SECRET-SOURCE two lawyers"
    advice = "SECRET-ADVICE raised with the prosecutor"
    author = factory.SubFactory(UserFactory)


class ShareFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NoteShare

    note = factory.SubFactory(NoteFactory)
    user = factory.SubFactory(UserFactory)
    shared_by = factory.SubFactory(UserFactory)


def make_superuser(**kwargs):
    """A superuser who is not a human-rights officer: passes every has_perm."""
    return UserFactory(is_superuser=True, is_staff=True, **kwargs)


def make_officer_superuser(**kwargs):
    """A superuser and human-rights officer, with the back office open."""
    user = UserFactory(is_superuser=True, is_staff=True, **kwargs)
    user.groups.add(Group.objects.get(name=roles.HUMAN_RIGHTS_OFFICER))
    return user
