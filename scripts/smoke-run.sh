#!/usr/bin/env bash
# Start `make run` in a fresh var/ folder, check that the sign-in page answers, that the demo
# manager can sign in and that the Celery worker came up, then stop everything.
set -euo pipefail
cd "$(dirname "$0")/.."
export UNTOP_VAR_DIR
UNTOP_VAR_DIR=$(mktemp -d)
port=${SMOKE_PORT:-8765}
log="$UNTOP_VAR_DIR/run.log"
unset DATABASE_URL CELERY_BROKER_URL

setsid make run PORT="$port" >"$log" 2>&1 &
pid=$!
trap 'kill -- -"$pid" 2>/dev/null || true; sleep 1; rm -rf "$UNTOP_VAR_DIR"' EXIT

ok=""
for _ in $(seq 120); do
  if curl -fsS "http://127.0.0.1:$port/accounts/login/" -o /dev/null 2>/dev/null \
     && grep -q " ready." "$log"; then ok=1; break; fi
  sleep 0.5
done
if [ -z "$ok" ]; then
  echo "smoke: make run did not serve the portal with a ready worker" >&2
  tail -40 "$log" >&2
  exit 1
fi
grep -q "Demo logins" "$log"

jar="$UNTOP_VAR_DIR/cookies"
curl -fsS -c "$jar" -b "$jar" "http://127.0.0.1:$port/accounts/login/" -o /dev/null
token=$(awk '$6 == "csrftoken" {print $7}' "$jar")
status=$(curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' -c "$jar" -b "$jar" \
  -H "Referer: http://127.0.0.1:$port/accounts/login/" \
  --data-urlencode "csrfmiddlewaretoken=$token" --data-urlencode "username=manager" \
  --data-urlencode "password=untop-demo-2006" "http://127.0.0.1:$port/accounts/login/")
# Signing in leads to the portal's root, which sends a manager to the dashboard.
landing=$(curl -sS -o /dev/null -w '%{redirect_url}' -b "$jar" "http://127.0.0.1:$port/")
case "$status $landing" in
  "302 http://127.0.0.1:$port/ "*"/programs/")
    echo "smoke: make run serves the portal; the demo manager signs in" ;;
  *) echo "smoke: the demo manager could not sign in ($status, then $landing)" >&2; exit 1 ;;
esac

# A donor report, built by the worker on the embedded broker.
base="http://127.0.0.1:$port"
curl -fsS -c "$jar" -b "$jar" "$base/reports/new/donor/" -o /dev/null
token=$(awk '$6 == "csrftoken" {print $7}' "$jar")
detail=$(curl -sS -o /dev/null -w '%{redirect_url}' -c "$jar" -b "$jar" \
  -H "Referer: $base/reports/new/donor/" --data-urlencode "csrfmiddlewaretoken=$token" \
  --data-urlencode "donor=NOR" --data-urlencode "start=2005-06-01" \
  --data-urlencode "end=2006-05-31" "$base/reports/new/donor/")
case "$detail" in
  */reports/*/) ;;
  *) echo "smoke: the report request was not accepted ($detail)" >&2; exit 1 ;;
esac
# Its page follows it at /jobs/report/<id>/status/ (the one status endpoint of every job).
report=${detail%/}
report=${report##*/}
for _ in $(seq 120); do
  state=$(curl -fsS -b "$jar" "$base/jobs/report/$report/status/")
  case "$state" in
    *'"status": "done"'*'.docx'*'.xlsx'*)
      echo "smoke: the worker built the donor report (PDF, Word, Excel)"; exit 0 ;;
    *'"status": "done"'*) echo "smoke: the report is done without its Word or Excel file: $state" >&2; exit 1 ;;
    *'"status": "failed"'*) echo "smoke: the report failed: $state" >&2; exit 1 ;;
  esac
  sleep 0.5
done
echo "smoke: the report was not built within a minute: $state" >&2
tail -20 "$log" >&2
exit 1
