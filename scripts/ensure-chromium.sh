#!/usr/bin/env bash
# Makes Debian's Chromium available for the browser tests (Playwright drives
# it through playwright-core; `npx playwright install` cannot download here).
# Prints the browser's path; fails when it cannot be installed.
set -uo pipefail
for candidate in "${QL_CHROMIUM_PATH:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
  if [[ -n "$candidate" && -x "$candidate" ]]; then echo "$candidate"; exit 0; fi
done
if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
  echo "==> installing chromium (browser tests)" >&2
  if (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/tmp/ql-apt-chromium.log 2>&1; then
    echo /usr/bin/chromium
    exit 0
  fi
  echo "ensure-chromium: apt-get could not install chromium (see /tmp/ql-apt-chromium.log)" >&2
  exit 1
fi
echo "ensure-chromium: install Debian's 'chromium' package (or set QL_CHROMIUM_PATH) to run the browser tests" >&2
exit 1
