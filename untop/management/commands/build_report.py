"""Build a report's PDF from the command line: the same PDF the workers build."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from untop.reports.registry import get_report_kind, report_kinds
from untop.reports.services import report_render_pdf


class Command(BaseCommand):
    help = (
        "Build a report as PDF, e.g. "
        "build_report donor --donor NOR --start 2005-06-01 --end 2006-05-31 --output r.pdf "
        "[--language ru]"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "kind", help="the kind of report: " + ", ".join(kind.code for kind in report_kinds())
        )
        parser.add_argument("--donor", help="the donor's code (donor reports)")
        parser.add_argument("--start", required=True, help="first day, YYYY-MM-DD")
        parser.add_argument("--end", required=True, help="last day, YYYY-MM-DD")
        parser.add_argument("--output", required=True, type=Path, help="the PDF file to write")
        parser.add_argument(
            "--language", default="en", help="en (English, the default) or ru (Russian)"
        )
        parser.add_argument("--symbol", help="mandate letters: the symbol, e.g. S/2006/355")
        parser.add_argument("--dated", help="mandate letters: the letter's date, YYYY-MM-DD")
        parser.add_argument("--signatory", help="mandate letters: the name under (Signed)")
        parser.add_argument(
            "--distributed", help="mandate letters: the distribution date, YYYY-MM-DD"
        )
        parser.add_argument(
            "--final",
            dest="version",
            action="store_const",
            const="final",
            help="mandate letters: the final version (a draft without it)",
        )
        parser.add_argument(
            "--original", help="mandate letters: the original language (en, fr, ru or es)"
        )
        parser.add_argument(
            "--prose",
            choices=["rounded", "exact"],
            help="mandate letters: figures in the text rounded (the default) or exact",
        )

    def handle(self, *args, kind: str, output: Path, **options):
        try:
            report_kind = get_report_kind(kind)
        except KeyError:
            known = ", ".join(k.code for k in report_kinds())
            raise CommandError(
                f"Unknown kind of report {kind!r}; choose one of: {known}."
            ) from None
        data = {
            name: value
            for name, value in options.items()
            if name in report_kind.form_class.base_fields and value is not None
        }
        form = report_kind.form_class(data)
        if not form.is_valid():
            problems = "; ".join(
                f"--{name}: {' '.join(errors)}" if name != "__all__" else " ".join(errors)
                for name, errors in form.errors.items()
            )
            raise CommandError(f"Nothing was built. {problems}")
        if not output.parent.is_dir():
            raise CommandError(f"Nothing was built: the folder {output.parent} does not exist.")
        pdf = report_render_pdf(kind=report_kind, parameters=form.to_parameters())
        output.write_bytes(pdf)
        self.stdout.write(f"Wrote {output} ({len(pdf):,} bytes).")
