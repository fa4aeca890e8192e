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


def test_the_figures_after_a_restore_are_the_restored_datas(scratch):  # noqa: F811
    env, tmp_path = scratch
    env = {**env, "DJANGO_CACHE_URL": f"filecache://{tmp_path / 'cache'}"}
    _shell(SET_UP, env)
    assert _shell(PLEDGED, env).split()[-1] == "100.00"
    backup = Path(_run(["scripts/backup.sh"], env).strip().splitlines()[-1])

    _shell(CHANGE, env)
    assert _shell(PLEDGED, env).split()[-1] == "999.00"
    assert _shell(PLEDGED, env).split()[-1] == "999.00"  # now from the cache

    _run(["scripts/restore.sh", str(backup), "--yes"], env)
    assert _shell(PLEDGED, env).split()[-1] == "100.00"


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
    env, tmp_path = scratch
    env = {**env, "DJANGO_CACHE_URL": f"filecache://{tmp_path / 'cache'}"}
    _shell(RIGHTS_SET_UP, env)
    backup = Path(_run(["scripts/backup.sh"], env).strip().splitlines()[-1])

    _shell(RIGHTS_GRANTED, env)
    assert _shell(MAY_CHANGE, env).split()[-1] == "True"
    assert _shell(MAY_CHANGE, env).split()[-1] == "True"  # now from the cache

    _run(["scripts/restore.sh", str(backup), "--yes"], env)
    assert _shell(MAY_CHANGE, env).split()[-1] == "False"
