#!/usr/bin/env bash
# The headless browser of the control panel's test (ControlPanelBrowserTest): Debian's chromium
# and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver), installed with apt-get when
# missing. Nothing is downloaded outside the distribution's packages.
#
#   browser.sh install   install what is missing (idempotent)
#
# The test starts Chromium itself (headless, fresh profile) through chromedriver, and skips
# with this script's name when either is missing.
set -euo pipefail

PACKAGES=(chromium chromium-driver)

missing_packages() {
  local p
  for p in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      echo "$p"
    fi
  done
}

install_missing() {
  local missing sudo=""
  missing="$(missing_packages)"
  if [ -z "$missing" ]; then
    echo "browser: chromium and chromium-driver present" >&2
    return
  fi
  if [ "$(id -u)" != 0 ]; then
    sudo=sudo
  fi
  echo "browser: installing $(echo $missing)" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >&2
}

case "${1:-}" in
  install) install_missing ;;
  *) echo "usage: $0 install" >&2; exit 2 ;;
esac
