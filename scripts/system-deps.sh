#!/bin/sh
# Debian packages the platform needs besides Python: WeasyPrint's Pango and HarfBuzz, and for
# the browser tests (`system-deps.sh test`) Debian's chromium, which Playwright drives.
# Installs them when run as root with apt-get; otherwise prints the exact command.
PACKAGES="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core"
[ "$1" = "test" ] && PACKAGES="$PACKAGES chromium poppler-utils"
missing=""
for pkg in $PACKAGES; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian packages:$missing"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
else
  echo "Missing Debian packages:$missing"
  echo "Install them with:  sudo apt-get install -y$missing"
  exit 1
fi
