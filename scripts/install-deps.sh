#!/bin/sh
# Installs the Debian 12 packages Tix needs to build, run and test.
# As root it runs apt-get; as anyone else it prints the command to run.
set -eu

PACKAGES="meson ninja-build pkg-config gcc libglib2.0-dev libgtk-4-dev libgtk-4-bin
libadwaita-1-dev libsoup-3.0-dev libjson-glib-dev libsecret-1-dev libqrencode-dev
libsqlite3-dev libsodium-dev libcairo2-dev libpango1.0-dev libzbar-dev zbar-tools
xvfb xauth gnome-keyring dbus-x11 desktop-file-utils appstream gettext poppler-utils
valgrind librsvg2-common libgsound-dev fonts-noto-cjk clang libclang-rt-14-dev
postgresql libpq-dev python3-jsonschema xdotool"

missing=""
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing="$missing $p"
  fi
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  echo "Installing:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y --no-install-recommends $missing
else
  echo "Tix needs these Debian packages. Run as root:" >&2
  echo "  apt-get install -y --no-install-recommends$missing" >&2
  exit 1
fi
