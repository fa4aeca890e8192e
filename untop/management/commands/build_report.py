"""Build a report from the command line: the same PDF (and Word file, and spreadsheet) the
workers build."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from untop.reports.registry import get_report_kind, report_kinds
from untop.reports.services import report_render_files, report_render_pdf
from untop.reports.sheets import report_has_spreadsheet


class Command(BaseCommand):
    help = (
        "Build a report as PDF, e.g. "
        "build_report donor --donor NOR --start 2005-06-01 --end 2006-05-31 --output r.pdf "
        "[--language ru]. --word r.docx writes the same report as a Word document beside the "
        "PDF, and --sheet r.xlsx a donor report's tables as an Excel workbook, all three from "
        "the same figures."
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
            "--word",
            type=Path,
            help="also write the report as a Word document to this file, e.g. letter.docx",
        )
        parser.add_argument(
            "--sheet",
            type=Path,
            help="donor reports: also write their tables as an Excel workbook, e.g. nor.xlsx",
        )
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

    def handle(
        self, *args, kind: str, output: Path, word: Path | None, sheet: Path | None, **options
    ):
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
        if sheet is not None and not report_has_spreadsheet(report_kind.code):
            raise CommandError(
                f"Nothing was built. --sheet: a {report_kind.code} report has no spreadsheet; "
                "only donor reports do."
            )
        for option, path in (("--output", output), ("--word", word), ("--sheet", sheet)):
            if path is not None and not path.parent.is_dir():
                raise CommandError(
                    f"Nothing was built. {option}: the folder {path.parent} does not exist."
                )
        parameters = form.to_parameters()
        if word is None and sheet is None:
            files = {output: report_render_pdf(kind=report_kind, parameters=parameters)}
        else:
            # One rendering, so that the files hold the same figures.
            built = report_render_files(kind=report_kind, parameters=parameters)
            files = {output: built.pdf, word: built.docx, sheet: built.xlsx}
        for path, content in files.items():
            if path is not None and content is not None:
                path.write_bytes(content)
                self.stdout.write(f"Wrote {path} ({len(content):,} bytes).")
