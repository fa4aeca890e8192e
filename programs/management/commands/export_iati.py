"""Write the office's IATI activity file, refusing one that the IATI schema would reject."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from programs.iati import iati_file


class Command(BaseCommand):
    help = (
        "Write the IATI 2.03 activity file of the projects marked for publication, checked "
        "against the official schema first; an invalid file is not written and the command "
        "names what is wrong, project by project."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            required=True,
            help="Where to write the file, e.g. untop-activities.xml.",
        )
        parser.add_argument(
            "--all",
            action="store_true",
            dest="include_unpublished",
            help="Include the projects not marked for publication too (to check them).",
        )

    def handle(self, *args, output: str, include_unpublished: bool = False, **options):
        content, messages = iati_file(include_unpublished=include_unpublished)
        if messages:
            raise CommandError(
                f"The IATI file is not valid and was not written ({len(messages)} problem(s)):\n"
                + "\n".join(messages)
            )
        Path(output).write_bytes(content)
        self.stdout.write(f"Wrote {output} ({len(content):,} bytes), valid against IATI 2.03.")
