"""The office and its work: where it works, who funds it, what it did and who took part."""

from .activities import (
    Activity,
    ActivityComment,
    Evidence,
    ParticipantCategory,
    ParticipantCount,
)
from .budgets import BudgetLine, BudgetRevision
from .geography import Centre, District, Region
from .groups import AgeBand, Disability, ParticipantGroup, Sex
from .mandate import MandatePeriod
from .money import Contribution, Donor, ExchangeRate, Expenditure, Pledge
from .people import RoleGrant, User
from .projects import MandateArea, Partner, Project
from .results import (
    Indicator,
    IndicatorStanding,
    IndicatorTarget,
    IndicatorValue,
    Outcome,
    Output,
)
from .summary import (
    ActivitySummary,
    GroupSummary,
    ParticipantSummary,
    ProjectParticipantSummary,
    ProjectSummary,
)
from .tags import SdgTarget

__all__ = [
    "Activity",
    "AgeBand",
    "Disability",
    "GroupSummary",
    "ParticipantGroup",
    "SdgTarget",
    "Sex",
    "ActivityComment",
    "BudgetLine",
    "BudgetRevision",
    "ExchangeRate",
    "ActivitySummary",
    "Centre",
    "Contribution",
    "District",
    "Donor",
    "Evidence",
    "Expenditure",
    "Indicator",
    "IndicatorStanding",
    "IndicatorTarget",
    "IndicatorValue",
    "MandateArea",
    "MandatePeriod",
    "Outcome",
    "Output",
    "ParticipantCategory",
    "ParticipantCount",
    "ParticipantSummary",
    "Partner",
    "Pledge",
    "Project",
    "ProjectParticipantSummary",
    "ProjectSummary",
    "Region",
    "RoleGrant",
    "User",
]
