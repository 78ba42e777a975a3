#!/usr/bin/env bash
# Makes bubblewrap (the sandbox for generated tests) available: Debian's
# package, installed when missing and this user may run apt-get. Without it
# the sandbox falls back to plain subprocesses with rlimits and says so in
# every result ("isolated": false); this script never fails the caller.
set -uo pipefail

if command -v bwrap >/dev/null 2>&1; then
  exit 0
fi
if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
  echo "==> installing bubblewrap (sandbox for generated tests)"
  if (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap) >/tmp/ql-apt-bubblewrap.log 2>&1; then
    exit 0
  fi
  echo "warning: apt-get could not install bubblewrap (see /tmp/ql-apt-bubblewrap.log)" >&2
else
  echo "warning: bubblewrap (bwrap) is not installed; install Debian's 'bubblewrap' for isolated test runs" >&2
fi
exit 0
