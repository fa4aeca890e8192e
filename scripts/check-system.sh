#!/usr/bin/env bash
# Check what the portal needs from the operating system before installing Python packages:
# Python 3.11 and the Pango libraries WeasyPrint renders PDFs with (installed when missing).
set -euo pipefail
python=${1:-python3.11}
if ! command -v "$python" >/dev/null; then
  echo "The portal needs Python 3.11 ($python was not found)." >&2
  exit 1
fi
if ! ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so.0"; then
  echo "Installing the Pango libraries WeasyPrint needs (Debian packages)."
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 \
    libharfbuzz0b libfontconfig1 >/dev/null
fi
