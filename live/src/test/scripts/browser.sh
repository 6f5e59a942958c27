#!/usr/bin/env bash
# The headless browser of the control panel's test (ControlPanelBrowserTest): Debian's chromium
# and chromium-driver, at /usr/bin/chromium and /usr/bin/chromedriver, installed with apt-get
# when either is missing. Nothing is downloaded outside the distribution's packages.
#
#   browser.sh install   install them if missing (idempotent)
#
# The test starts Chromium itself (headless, fresh profile) through chromedriver, and skips
# naming this script when either is missing.
set -euo pipefail

if [ "${1:-}" != install ]; then
  echo "usage: $0 install" >&2
  exit 2
fi
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  echo "browser: $(/usr/bin/chromedriver --version | head -1)" >&2
  exit 0
fi
as_root=()
[ "$(id -u)" = 0 ] || as_root=(sudo)
echo "browser: installing chromium and chromium-driver" >&2
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq chromium chromium-driver >&2
