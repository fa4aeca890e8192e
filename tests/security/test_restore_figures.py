"""After scripts/restore.sh the dashboard's figures are those of the restored data, at once,
even with figures of the replaced data in a cache shared with the portal's processes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.security.test_backup import _postgresql_answers, _run, _shell, scratch  # noqa: F401

pytestmark = pytest.mark.skipif(
    not _postgresql_answers(), reason="needs PostgreSQL on 127.0.0.1 and its client tools"
)

SET_UP = """
import datetime
from decimal import Decimal
from programs.models import MandatePeriod
from tests.factories import PledgeFactory
MandatePeriod.objects.create(start=datetime.date(2005, 6, 1), end=datetime.date(2006, 5, 31))
PledgeFactory(amount_usd=Decimal("100.00"))
"""

CHANGE = """
from decimal import Decimal
from programs.models import Pledge
pledge = Pledge.objects.get()
pledge.amount_usd = Decimal("999.00")
pledge.save()
"""

# What the dashboard shows a manager: the period's funding, from the cache when there.
PLEDGED = """
from programs.figures import cached_dashboard_figures
from programs.models import MandatePeriod
print(cached_dashboard_figures(period=MandatePeriod.objects.get())["funding"]["pledged"])
"""


def _restored(made, *, set_up: str, change: str, read: str) -> tuple[str, str, str]:
    """What ``read`` prints: after ``set_up`` (then a backup), after ``change`` (twice, the
    second from the cache shared by the processes) and after the backup is restored."""
    env, tmp_path = made
    env = {**env, "DJANGO_CACHE_URL": f"filecache://{tmp_path / 'cache'}"}
    _shell(set_up, env)
    before = _shell(read, env).split()[-1]
    backup = Path(_run(["scripts/backup.sh"], env).strip().splitlines()[-1])
    _shell(change, env)
    changed = _shell(read, env).split()[-1]
    assert _shell(read, env).split()[-1] == changed  # now from the cache
    _run(["scripts/restore.sh", str(backup), "--yes"], env)
    return before, changed, _shell(read, env).split()[-1]


def test_the_figures_after_a_restore_are_the_restored_datas(scratch):  # noqa: F811
    assert _restored(scratch, set_up=SET_UP, change=CHANGE, read=PLEDGED) == (
        "100.00",
        "999.00",
        "100.00",
    )


RIGHTS_SET_UP = """
from django.contrib.auth.models import Permission
from programs.models import User
user = User.objects.create_user("restored.rights", password=None)
user.user_permissions.add(Permission.objects.get(codename="view_activity"))
"""

RIGHTS_GRANTED = """
from django.contrib.auth.models import Permission
from programs.models import User
User.objects.get(username="restored.rights").user_permissions.add(
    Permission.objects.get(codename="change_activity")
)
"""

# What a page asks of the user's rights: from the cached permissions when there.
MAY_CHANGE = """
from programs.models import User
print(User.objects.get(username="restored.rights").has_perm("programs.change_activity"))
"""


def test_the_rights_after_a_restore_are_the_restored_datas(scratch):  # noqa: F811
    assert _restored(scratch, set_up=RIGHTS_SET_UP, change=RIGHTS_GRANTED, read=MAY_CHANGE) == (
        "False",
        "True",
        "False",
    )
