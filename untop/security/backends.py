"""The sign-in backend: django-axes' lockout check in front of Django's model backend, and
the one test of whether an account may sign in at all."""

from axes.backends import AxesStandaloneBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied
from django.utils import timezone


def account_may_sign_in(user) -> bool:
    """Active, and not past its expiry date (``expires_on`` is the last day it may sign in).

    Every way in applies it: the password sign-in (below), single sign-on, and the
    commands that end the sessions of expired accounts.
    """
    if not getattr(user, "is_active", False):
        return False
    expires_on = getattr(user, "expires_on", None)
    return expires_on is None or timezone.localdate() <= expires_on


class LockoutBackend(AxesStandaloneBackend):
    """Refuse a locked-out user before the password is checked, and an expired account.

    Every sign-in over HTTP (the portal's and the back office's login forms) passes the
    request, and axes counts it. Code that calls ``authenticate()`` without a request (the
    test client's ``login()``, a shell) is not an attempt from the network: it is checked by
    the model backend alone instead of failing (an expired account is refused there too).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is not None:
            super().authenticate(request, username=username, password=password, **kwargs)
        _refuse_expired(username, password)
        return None

    def user_can_authenticate(self, user) -> bool:
        return account_may_sign_in(user)


def _refuse_expired(username, password) -> None:
    """An account past its expiry date stops the sign-in: no later backend checks it.

    An inactive account is left to the model backend, as before. The password is hashed
    anyway, so that the answer takes as long as for any other refusal.
    """
    if not username:
        return
    User = get_user_model()  # noqa: N806 - a class
    user = User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()
    if user is not None and user.is_active and not account_may_sign_in(user):
        make_password(password)
        raise PermissionDenied("The account has expired.")
