"""The sign-in backend: django-axes' lockout check in front of Django's model backend."""

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """Refuse a locked-out user before the password is checked.

    Every sign-in over HTTP (the portal's and the back office's login forms) passes the
    request, and axes counts it. Code that calls ``authenticate()`` without a request (the
    test client's ``login()``, a shell) is not an attempt from the network: it is checked by
    the model backend alone instead of failing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
