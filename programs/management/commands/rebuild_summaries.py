"""Sum the summary rows again from the activities and measure the indicators' standings
again, or check both (`--check`)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from programs import standings, summary
from programs.models import ActivitySummary, IndicatorStanding, ParticipantSummary


class Command(BaseCommand):
    help = (
        "Sum every summary row the figures read again from the activities and their "
        "participant rows, and measure every indicator's standing again; with --check, only "
        "compare them and name the months and standings that differ."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Change nothing: compare the summary with the activities (exit 1 if they differ).",
        )

    def handle(self, *args, check: bool = False, **options):
        if check:
            found = summary.differences()
            if found:
                months = ", ".join(f"{table} {month:%Y-%m}" for table, month in found)
                raise CommandError(
                    f"The summary differs from the activities in {len(found)} month(s): "
                    f"{months}. Run `manage.py rebuild_summaries` to sum them again."
                )
            moved = standings.differences()
            if moved:
                named = ", ".join(f"indicator {i} in period {p}" for p, i in moved[:20])
                raise CommandError(
                    f"{len(moved)} indicator standing(s) differ from the indicators measured "
                    f"now: {named}. Run `manage.py rebuild_summaries` to measure them again."
                )
            self.stdout.write("The summary and the standings agree with the data.")
            return
        summary.rebuild()
        self.stdout.write(
            f"Summed again: {ActivitySummary.objects.count():,} activity rows, "
            f"{ParticipantSummary.objects.count():,} participant rows, "
            f"{IndicatorStanding.objects.count():,} indicator standings."
        )
