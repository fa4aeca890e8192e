"""Settings of the benchmark: the portal's own, as in production, on the bench database.

DEBUG stays off (with DEBUG on, Django keeps every query in memory and pages run slower than
they would in production); only what a benchmark machine cannot have is filled in.
"""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/untop_bench")
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-" + "x" * 50)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,testserver")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "false")
os.environ.setdefault("DJANGO_STATIC_MANIFEST", "false")
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")

from untop.settings import *  # noqa: E402, F403

# WhiteNoise serves STATIC_ROOT; the benchmark's pages read static files through the finders.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
