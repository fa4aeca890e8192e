"""The whole way, as in production: the services commit, the tasks go through the broker to
a real Celery worker process, which sends the e-mails to the SMTP server the test runs."""

from __future__ import annotations

import pytest

from programs import services
from tests.factories import ActivityFactory
from tests.notifications.smtp import text_of, worker_env
from tests.worker import celery_worker, worker_log


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_tells_the_manager_of_a_submission_and_the_author_of_the_approval(
    smtp_server, period, centre, staff_user, manager
):
    controller, inbox = smtp_server
    draft = ActivityFactory(centre=centre, created_by=staff_user, title="Dialogue in Rasht")
    with celery_worker(extra_env=worker_env(controller)):
        services.activity_submit(activity=draft, acting_user=staff_user)
        inbox.wait_for(1)
        services.activity_approve(activity=draft, acting_user=manager)
        received = inbox.wait_for(2)
        log = worker_log()

    assert len(received) == 2, log[-3000:]
    assert inbox.recipients() == sorted([manager.email, staff_user.email])
    (submitted,) = inbox.to(manager.email)
    assert submitted["Subject"] == "Submitted for approval: Dialogue in Rasht"
    (approved,) = inbox.to(staff_user.email)
    assert approved["Subject"] == "Approved: Dialogue in Rasht"
    assert "https://portal.untop.example.org/" in text_of(approved)
