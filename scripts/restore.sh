#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh: the database and the private files folder.
# Everything in the database and in the folder is REPLACED by the backup's contents.
#
#   scripts/restore.sh BACKUP_FOLDER --yes
#
# Same variables as backup.sh (DATABASE_URL, DJANGO_MEDIA_ROOT, UNTOP_COMPOSE=1). Stop the
# web server and the worker first (`docker compose stop web worker beat`), start them after.
# The checksums are checked before anything is touched; the database is restored in one
# transaction (all or nothing); the private folder's previous contents are kept aside in
# DJANGO_MEDIA_ROOT.before-restore-<time> until you delete them. The dashboard's cached
# figures are renewed (DJANGO_CACHE_URL, the cache the portal uses; Redis under compose).
set -euo pipefail
cd "$(dirname "$0")/.."

backup=${1:?usage: scripts/restore.sh BACKUP_FOLDER --yes}
if [[ "${2:-}" != "--yes" ]]; then
  echo "restore.sh: this replaces the database and the private files; add --yes" >&2
  exit 2
fi
(cd "$backup" && sha256sum --check --quiet SHA256SUMS)

if [[ "${UNTOP_COMPOSE:-0}" == "1" ]]; then
  docker compose exec -T db pg_restore --clean --if-exists --no-owner --single-transaction \
    --exit-on-error -U untop -d untop < "$backup/database.dump"
  docker compose exec -T web sh -c \
    'find /var/lib/untop/private -mindepth 1 -delete && tar -C /var/lib/untop/private -xzf -' \
    < "$backup/private-files.tar.gz"
else
  : "${DATABASE_URL:?set DATABASE_URL to the PostgreSQL database to restore into}"
  media=${DJANGO_MEDIA_ROOT:-var/private}
  pg_restore --clean --if-exists --no-owner --single-transaction --exit-on-error \
    --dbname="$DATABASE_URL" "$backup/database.dump"
  incoming="$media.restoring"
  rm -rf "$incoming"
  mkdir -p "$incoming"
  tar -C "$incoming" -xzf "$backup/private-files.tar.gz"
  if [[ -d "$media" ]]; then
    mv "$media" "$media.before-restore-$(date -u +%Y%m%dT%H%M%SZ)"
  fi
  mv "$incoming" "$media"
fi
# The dashboard's cached figures sum the data just replaced, and the cached permissions are
# the users' rights before it: drop both version keys, so that the next page sums and reads
# them anew (a cache in each process's memory goes with the restart). A cache that cannot be
# reached is only a warning: the data is restored, the portal checks its figures against the
# data every minute anyway, and cached permissions expire within five minutes.
figures_key="untop:figures:version"  # VERSION_KEY of untop/figures_cache.py
permissions_key="untop:permissions:version"  # VERSION_KEY of untop/security/permission_cache.py
if [[ "${UNTOP_COMPOSE:-0}" == "1" ]]; then
  # Django's Redis cache stores a key as ":<version>:<key>"; compose's cache is database 1.
  docker compose exec -T redis redis-cli -n 1 DEL ":1:$figures_key" ":1:$permissions_key" \
    >/dev/null || echo "restore.sh: could not reach Redis to renew the cached figures" >&2
else
  python=${PYTHON:-.venv/bin/python}
  [[ -x "$python" ]] || python=python3
  # Only the cache is used here: a stand-in key when the environment holds no signing key.
  DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-restore-renews-the-cached-figures-only} \
    "$python" - "$figures_key" "$permissions_key" <<'PY' \
    || echo "restore.sh: could not renew the cached figures" >&2
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "untop.settings")
django.setup()
from django.core.cache import cache

cache.delete_many(sys.argv[1:])
PY
fi
echo "restored $backup"
