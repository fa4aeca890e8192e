#!/usr/bin/env bash
# Serve the portal on the embedded default: a real Celery worker in the background on the
# filesystem broker, Django's development server in the foreground. Ctrl-C stops both.
set -euo pipefail
BIN=${BIN:-.venv/bin}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
export DJANGO_DEBUG=${DJANGO_DEBUG:-true}

"$BIN/celery" -A untop worker --loglevel=INFO --concurrency=1 --hostname="untop-dev@%h" &
worker=$!
trap 'kill "$worker" 2>/dev/null; wait "$worker" 2>/dev/null' EXIT INT TERM

echo
echo "UNTOP programme portal: http://$HOST:$PORT/  (demo logins above; Ctrl-C stops it)"
echo
"$BIN/python" manage.py runserver "$HOST:$PORT"
