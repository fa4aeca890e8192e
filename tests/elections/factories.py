"""factory_boy factories for the elections app's records."""

import datetime

import factory

from elections.models import (
    Briefing,
    Component,
    Delivery,
    Election,
    Milestone,
    Ministry,
    NeedsAssessmentMission,
    Output,
    PlannedBriefing,
    Recommendation,
)
from programs.models import Activity, Partner, Project
from tests.factories import ActivityFactory, ProjectFactory


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Ministry {n}")
    kind = Partner.Kind.GOVERNMENT


class ElectionsProjectFactory(ProjectFactory):
    area = Project.Area.ELECTIONS
    start = datetime.date(2006, 1, 1)
    end = datetime.date(2006, 12, 31)


class ElectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Election

    kind = Election.Kind.PRESIDENTIAL
    title = factory.Sequence(lambda n: f"Presidential election {n}")
    election_day = factory.Sequence(lambda n: datetime.date(2006, 11, 6) + datetime.timedelta(n))
    authority = factory.SubFactory(
        PartnerFactory, name="Central Commission for Elections and Referenda"
    )
    status = Election.Status.HELD


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    election = factory.SubFactory(ElectionFactory)
    stage = Milestone.Stage.REGISTRATION
    title = factory.Sequence(lambda n: f"Step {n}")
    planned = factory.LazyAttribute(lambda m: m.election.election_day - datetime.timedelta(30))


class MissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NeedsAssessmentMission

    election = factory.SubFactory(ElectionFactory)
    title = "UN electoral needs assessment mission"
    start = datetime.date(2006, 3, 6)
    end = datetime.date(2006, 3, 17)
    team = "Team leader\nElectoral adviser"


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    mission = factory.SubFactory(MissionFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Recommendation text {n}")
    owner = "CCER"


class ComponentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Component

    election = factory.SubFactory(ElectionFactory)
    project = factory.SubFactory(ElectionsProjectFactory)
    name = factory.Sequence(lambda n: f"Component {n}")


class OutputFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Output

    component = factory.SubFactory(ComponentFactory)
    name = factory.Sequence(lambda n: f"Output {n}")
    target = 100


class DeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delivery

    output = factory.SubFactory(OutputFactory, measure=Output.Measure.ITEMS, unit="copies")
    day = datetime.date(2006, 10, 1)
    quantity = 1000


class MinistryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ministry

    partner = factory.SubFactory(PartnerFactory)


class PlannedBriefingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlannedBriefing

    ministry = factory.SubFactory(MinistryFactory)
    day = factory.Sequence(lambda n: datetime.date(2006, 1, 1) + datetime.timedelta(7 * n))


class BriefingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Briefing

    ministry = factory.SubFactory(MinistryFactory)
    activity = factory.SubFactory(
        ActivityFactory,
        kind=Activity.Kind.BRIEFING,
        approval=Activity.Approval.APPROVED,
        project=factory.SubFactory(ElectionsProjectFactory),
        start=datetime.date(2006, 2, 1),
        end=datetime.date(2006, 2, 1),
    )
    topic = factory.Sequence(lambda n: f"Topic {n}")
