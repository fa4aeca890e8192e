#!/usr/bin/env bash
# Serve the portal on the embedded default: a real Celery worker in the background on the
# filesystem broker, Django's development server in the foreground. Ctrl-C stops both.
set -euo pipefail
BIN=${BIN:-.venv/bin}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
export DJANGO_DEBUG=${DJANGO_DEBUG:-true}

# -B: the worker also runs Celery beat (the report sweep every minute, the donors' monthly
# reports), keeping its schedule file under var/.
VAR_DIR=${UNTOP_VAR_DIR:-var}
mkdir -p "$VAR_DIR"
"$BIN/celery" -A untop worker -B --schedule="$VAR_DIR/celerybeat-schedule" \
  --loglevel=INFO --concurrency=1 --hostname="untop-dev@%h" &
worker=$!
trap 'kill "$worker" 2>/dev/null; wait "$worker" 2>/dev/null' EXIT INT TERM

echo
echo "UNTOP programme portal: http://$HOST:$PORT/  (demo logins above; Ctrl-C stops it)"
echo
"$BIN/python" manage.py runserver "$HOST:$PORT"
