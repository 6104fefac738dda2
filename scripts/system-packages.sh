#!/usr/bin/env bash
# Install the Debian packages the tests need, listed one per line in scripts/apt/*.txt (one file
# per feature: web.txt, ...; '#' starts a comment). Only what is missing is installed, in one
# apt-get call, and only as root on a machine with apt-get; otherwise the missing ones are named
# and the tests that need them skip (in CI they must not: .ci/run runs as root).
set -euo pipefail
cd "$(dirname "$0")/.."
wanted=$(cat scripts/apt/*.txt 2>/dev/null | sed -e 's/#.*//' | tr -s ' \t' '\n' | sed '/^$/d' | sort -u)
missing=""
for pkg in $wanted; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "system-packages.sh: installing$missing with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  # another apt-get may hold the lock for a while: wait for it rather than fail
  for i in $(seq 1 60); do
    if apt-get update -qq >/dev/null 2>&1; then break; fi
    sleep 5
  done
  # policy-rc.d: packages must not start their system services (tests start their own on loopback)
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  apt-get install -y -qq -o DPkg::Lock::Timeout=300 $missing >/dev/null
else
  echo "system-packages.sh: missing$missing and this is not root: the tests that need them will be skipped" >&2
fi
