"""The roles exist with their permissions, and come back after the database is flushed."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from untop import roles


def _permissions(role: str) -> set[str]:
    group = Group.objects.get(name=role)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


@pytest.mark.django_db
def test_each_role_has_exactly_its_permissions():
    for role, codes in roles.ROLE_PERMISSIONS.items():
        assert _permissions(role) == set(codes)
    assert "reports.request_report" in _permissions(roles.PROGRAMME_MANAGER)
    assert "reports.request_report" not in _permissions(roles.PROGRAMME_STAFF)
    assert "programs.change_activity_any_centre" not in _permissions(roles.PROGRAMME_STAFF)


@pytest.mark.django_db(transaction=True)
def test_roles_come_back_after_a_flush():
    call_command("flush", "--no-input", verbosity=0)
    assert set(Group.objects.values_list("name", flat=True)) == set(roles.ROLE_PERMISSIONS)
    assert _permissions(roles.PROGRAMME_MANAGER) == set(
        roles.ROLE_PERMISSIONS[roles.PROGRAMME_MANAGER]
    )
