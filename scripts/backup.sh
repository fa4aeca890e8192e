#!/usr/bin/env bash
# Back up the portal: the PostgreSQL database (pg_dump, custom format) and the private files
# folder (report PDFs, evidence files, curricula) into one timestamped folder.
#
#   scripts/backup.sh [FOLDER]              # default FOLDER: $UNTOP_BACKUP_DIR or var/backups
#
# Reads DATABASE_URL (postgres://user:password@host:port/name) and DJANGO_MEDIA_ROOT (default
# var/private). With UNTOP_COMPOSE=1 it runs pg_dump and tar inside the docker compose set-up
# instead (`docker compose exec -T db pg_dump …`, `docker compose exec -T web tar …`), so
# the host needs neither PostgreSQL's client nor access to the volumes.
#
# Writes FOLDER/untop-YYYYmmddTHHMMSSZ/{database.dump,private-files.tar.gz,SHA256SUMS} and
# prints that folder's path. A backup that fails half-way leaves only a *.partial folder.
set -euo pipefail
cd "$(dirname "$0")/.."

dest=${1:-${UNTOP_BACKUP_DIR:-var/backups}}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
target="$dest/untop-$stamp"
partial="$target.partial"
mkdir -p "$partial"
umask 077  # the backup holds personal data: readable by its owner only

if [[ "${UNTOP_COMPOSE:-0}" == "1" ]]; then
  docker compose exec -T db pg_dump --format=custom --no-owner -U untop -d untop \
    > "$partial/database.dump"
  docker compose exec -T web tar -C /var/lib/untop/private -czf - . \
    > "$partial/private-files.tar.gz"
else
  : "${DATABASE_URL:?set DATABASE_URL to the PostgreSQL database to back up}"
  case "$DATABASE_URL" in
    postgres://*|postgresql://*) ;;
    *) echo "backup.sh: DATABASE_URL is not a PostgreSQL database" >&2; exit 2 ;;
  esac
  media=${DJANGO_MEDIA_ROOT:-var/private}
  mkdir -p "$media"
  pg_dump --format=custom --no-owner --dbname="$DATABASE_URL" --file="$partial/database.dump"
  tar -C "$media" -czf "$partial/private-files.tar.gz" .
fi

(cd "$partial" && sha256sum database.dump private-files.tar.gz > SHA256SUMS)
mv "$partial" "$target"
echo "$target"
