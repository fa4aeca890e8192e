#!/usr/bin/env bash
# Install Debian's chromium for the browser tests (Playwright drives it; it downloads nothing).
set -euo pipefail
if command -v chromium >/dev/null; then exit 0; fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
command -v chromium
