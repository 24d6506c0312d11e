#!/bin/sh
# Debian packages Camino needs beyond python3 and make: WeasyPrint's Pango and HarfBuzz
# subsetting, fonts with wide Unicode coverage, Chromium for the browser tests, and Node.js
# with npm (`make pytest` runs `npm ci` for axe-core, the browser tests' accessibility checks).
# Installs what is missing when run as root; otherwise prints the command to run.
set -e
PACKAGES="python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core fonts-dejavu-core chromium poppler-utils"
missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# Any npm will do (it may come from elsewhere than Debian): only when there is none are
# Debian's nodejs and npm added.
command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm"
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Not a Debian system: install the equivalents of:$missing"; exit 0
fi
if [ "$(id -u)" = 0 ]; then
  echo "Installing Debian packages:$missing"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  echo "Installing Debian packages:$missing"
  sudo apt-get update -qq
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
else
  echo "Some Debian packages are missing. Install them with:"
  echo "  sudo apt-get install$missing"
  echo "(Camino runs without chromium, poppler-utils and npm; the browser tests then skip.)"
fi
