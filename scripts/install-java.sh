#!/usr/bin/env bash
# Installs a Java runtime for the HermiT reasoner when none is present.
set -euo pipefail
command -v java >/dev/null 2>&1 && exit 0
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "installing default-jre-headless for the HermiT reasoner ..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends default-jre-headless
