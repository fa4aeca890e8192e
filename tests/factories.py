"""factory_boy factories for the portal's records."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth.models import Group

from programs.models import (
    Activity,
    Centre,
    Contribution,
    Donor,
    ParticipantCategory,
    ParticipantCount,
    Pledge,
    Project,
    Region,
    User,
)
from untop import roles


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["code"]

    code = "TJ-SU"
    name_en = "Sughd"


class CentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Centre

    code = factory.Sequence(lambda n: f"centre-{n}")
    name = factory.Sequence(lambda n: f"Centre {n}")
    town = factory.Sequence(lambda n: f"Town {n}")
    region = factory.SubFactory(RegionFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@untop.example.org")
    home_centre = factory.SubFactory(CentreFactory)
    password = factory.django.Password("a-long-test-password")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


def user_with_role(role: str, **kwargs) -> User:
    return UserFactory(
        role=role, is_staff=role in (roles.PROGRAMME_MANAGER, roles.ADMINISTRATOR), **kwargs
    )


class DonorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Donor

    code = factory.Sequence(lambda n: f"D{n}")
    name = factory.Sequence(lambda n: f"Donor country {n}")
    kind = Donor.Kind.GOVERNMENT
    country = "NO"


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    code = factory.Sequence(lambda n: f"PRJ-{n}")
    title = factory.Sequence(lambda n: f"Project {n}")
    area = Project.Area.NATIONAL_DIALOGUE
    start = datetime.date(2005, 6, 1)
    end = datetime.date(2006, 12, 31)
    budget_usd = Decimal("100000.00")


class PledgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pledge

    donor = factory.SubFactory(DonorFactory)
    project = factory.SubFactory(ProjectFactory)
    pledged_on = datetime.date(2006, 3, 1)
    # In US$, the amount is its own equivalent (Pledge.save converts): a test that names
    # the US$ figure names the amount.
    amount_usd = Decimal("100000.00")
    amount = factory.LazyAttribute(lambda pledge: pledge.amount_usd)
    currency = "USD"


class ContributionFactory(factory.django.DjangoModelFactory):
    """Money received against a pledge, in US$ (its amount is its own equivalent)."""

    class Meta:
        model = Contribution

    pledge = factory.SubFactory(PledgeFactory)
    donor = factory.LazyAttribute(lambda contribution: contribution.pledge.donor)
    received_on = datetime.date(2006, 4, 1)
    amount_usd = Decimal("1000.00")
    amount = factory.LazyAttribute(lambda contribution: contribution.amount_usd)
    currency = "USD"


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParticipantCategory
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"category-{n}")
    name = factory.Sequence(lambda n: f"Category {n}")


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    project = factory.SubFactory(ProjectFactory)
    kind = Activity.Kind.MEETING
    title = factory.Sequence(lambda n: f"Dialogue meeting {n}")
    start = datetime.date(2005, 9, 1)
    end = datetime.date(2005, 9, 2)
    centre = factory.SubFactory(CentreFactory)
    status = Activity.Status.HELD
    approval = Activity.Approval.DRAFT
    created_by = factory.SubFactory(UserFactory)


class ParticipantCountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParticipantCount

    activity = factory.SubFactory(ActivityFactory)
    category = factory.SubFactory(CategoryFactory)
    women = 10
    men = 15
