# The UNTOP programme portal: one image for the web server, the Celery worker and beat.
# docker-compose.yml builds it and runs each process from it; see .env.example.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    UNTOP_VAR_DIR=/var/lib/untop \
    DJANGO_MEDIA_ROOT=/var/lib/untop/private \
    DJANGO_STATIC_ROOT=/app/staticfiles

# The libraries WeasyPrint loads to lay out and render the PDF reports (libfontconfig1
# brings fontconfig's configuration and a fallback font; the reports use the vendored Noto).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libfontconfig1 \
    && rm -rf /var/lib/apt/lists/*

# The runtime lock only: every package pinned and checked against its hash.
WORKDIR /app
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock

COPY . .

# Static files are built into the image (WhiteNoise serves them from DJANGO_STATIC_ROOT), so a
# new image always ships the matching CSS and fonts. The key below only lets the settings
# load for this one command; it is not kept in the image's environment and signs nothing
# (the running containers take DJANGO_SECRET_KEY from .env).
RUN DJANGO_SECRET_KEY=collectstatic-build-only-not-a-secret \
    UNTOP_VAR_DIR=/tmp/untop-build \
    python manage.py collectstatic --no-input \
    && rm -rf /tmp/untop-build

# The code stays owned by root and read-only to the portal; it writes only under
# UNTOP_VAR_DIR (report PDFs, the beat schedule), where docker-compose.yml mounts volumes.
# A new named volume takes the owner of the directory it is mounted on, so these are
# created here with the portal user as owner.
RUN groupadd --system --gid 10001 untop \
    && useradd --system --uid 10001 --gid untop --home-dir /var/lib/untop \
        --no-create-home --shell /usr/sbin/nologin untop \
    && install -d -o untop -g untop -m 0750 \
        /var/lib/untop /var/lib/untop/private /var/lib/untop/private/reports /var/lib/untop/beat
USER untop:untop

EXPOSE 8000
CMD ["gunicorn", "untop.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--worker-tmp-dir", "/dev/shm", "--access-logfile", "-"]
