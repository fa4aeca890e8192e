from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Report records, the PDF builder and the kinds of report the apps register (in their
    portal.py)."""

    name = "untop.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        # Each worker process lays out a one-line page when it starts (pdf.warm_up), so the
        # first report it builds does not wait for fonts and stylesheets. Celery's signal
        # fires in the processes of its prefork pool only: never in the web server.
        from celery.signals import worker_process_init

        worker_process_init.connect(_warm_up_pdf_builder, weak=False)


def _warm_up_pdf_builder(**kwargs) -> None:
    from .pdf import warm_up

    warm_up()
