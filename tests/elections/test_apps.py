"""What the elections app registers: menu entries, roles, audit tracking."""

import pytest
from auditlog.registry import auditlog
from django.apps import apps
from django.contrib.auth.models import Group

from untop import roles
from untop.navigation import _links
from untop.reports.registry import report_sections


def test_the_menu_lists_the_elections_pages():
    labels = {link.label: link for link in _links}

    assert labels["Elections"].url_name == "elections:election_list"
    assert 40 <= labels["Elections"].order <= 80
    assert "Press briefings" not in labels  # reached from the elections page


def test_every_model_is_tracked():
    assert all(auditlog.contains(model) for model in apps.get_app_config("elections").get_models())


def test_the_donor_report_has_an_elections_section():
    assert "elections" in [section.code for section in report_sections("donor")]


@pytest.mark.django_db
def test_roles_get_the_elections_permissions():
    def codes(role):
        return set(
            Group.objects.get(name=role)
            .permissions.filter(content_type__app_label="elections")
            .values_list("codename", flat=True)
        )

    assert {"change_milestone", "add_briefing", "delete_output"} <= codes(roles.PROGRAMME_MANAGER)
    assert {"view_election", "add_briefing"} <= codes(roles.PROGRAMME_STAFF)
    assert "change_milestone" not in codes(roles.PROGRAMME_STAFF)
    assert codes(roles.HUMAN_RIGHTS_OFFICER) == set()
