"""Load the demo data set (June 2000 – May 2007) and one demo login per role.

Runs the demo loaders in the order demo/portal.py registers them (the programme records
first, then the areas that build on them), in one transaction. Running it again changes
nothing: every record is found by its natural key, and saved only when a value differs (so
the audit trail records only real changes).
"""

import datetime
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo.programs import reference
from demo.programs.loader import DEMO_PASSWORD, USERS, letter_figures
from demo.registry import demo_loaders
from programs.models import (
    Activity,
    BudgetRevision,
    Donor,
    ExchangeRate,
    MandatePeriod,
    ParticipantCount,
    Pledge,
    Project,
)
from programs.summary import rebuild as rebuild_summaries
from programs.summary import summaries_kept
from untop.figures_cache import figures_changed


class Command(BaseCommand):
    help = "Load the demo data set (June 2000 – May 2007, illustrative names labelled) and logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="load even when DEBUG is off (the demo logins share a known password)",
        )

    def handle(self, *args, allow_production: bool = False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "Nothing was loaded: DEBUG is off, and the demo logins share a known password. "
                "Pass --allow-production to load them anyway."
            )
        began = time.monotonic()
        with transaction.atomic(), summaries_kept():
            for loader in demo_loaders().values():
                loader(self.stdout.write)
            # Participant rows written in bulk send no signal: the figures' summary rows are
            # summed again from all of it (programs/summary.py).
            rebuild_summaries()
            # Participant rows are written in bulk, which sends no signal: the cached
            # figures are renewed once the data is in.
            transaction.on_commit(figures_changed)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded in {time.monotonic() - began:.1f} s: "
                f"{MandatePeriod.objects.count()} mandate periods, "
                f"{Project.objects.count()} projects, {Activity.objects.count()} activities, "
                f"{ParticipantCount.objects.totals()['total']:,} participants, "
                f"{Donor.objects.count()} donors, {Pledge.objects.count()} pledges."
            )
        )
        figures = letter_figures(datetime.date(2005, 6, 1), datetime.date(2006, 5, 31))
        self.stdout.write(
            "2005–06, the period S/2006/355 reports on: "
            + "; ".join(f"{name} {value:,}" for name, value in figures.items())
        )
        self.stdout.write(
            "The eight centres, the donors and most dates and head counts are illustrative: "
            "no source lists them (centres and donors are marked is_illustrative)."
        )
        broken_down = (
            ParticipantCount.objects.filter(groups__isnull=False).values("activity").distinct()
        )
        self.stdout.write(
            f"Age and disability breakdowns of {broken_down.count():,} activities of 2005–07 "
            "are illustrative too, made up by the loader."
        )
        self.stdout.write(
            f"The {ExchangeRate.objects.count():,} monthly exchange rates of 2000–2007 and the "
            f"{BudgetRevision.objects.count()} budget revisions are illustrative too (rates "
            "marked is_illustrative): yearly averages, rounded, not the UN operational rates."
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, _first, _last, role, centre, _back_office in USERS:
            self.stdout.write(f"  {username:<16} {role} ({reference.TOWNS[centre]})")
