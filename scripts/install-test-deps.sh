#!/usr/bin/env bash
# Installs what the test suite needs beyond Python packages, when missing:
# Java (HermiT), Chromium (browser tests), Virtuoso open source (remote-store tests).
# Uses Debian's packages; needs root or sudo.
set -euo pipefail

missing=()
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v virtuoso-t >/dev/null 2>&1 || missing+=(virtuoso-opensource)

if [ ${#missing[@]} -eq 0 ]; then
  echo "test dependencies present: java, chromium, virtuoso"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "error: need root to install ${missing[*]} (apt-get). Install them, then run 'make test' again." >&2
    exit 1
  fi
fi
echo "installing ${missing[*]} with apt-get ..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
