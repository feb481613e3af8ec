#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# check-install.sh BUILD-DIR PREFIX APP-ID WITH-APP:
# installs the build into a temporary DESTDIR (never anywhere else, never
# rebuilding) and checks that every file is where a distribution expects it.
set -u

build_dir=$1
prefix=$2
app_id=$3
with_app=$4

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tix-install-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

if ! "${MESON:-meson}" install --no-rebuild --quiet --destdir "$tmp/root" -C "$build_dir" >"$tmp/log" 2>&1; then
  echo "meson install failed:"
  cat "$tmp/log"
  exit 1
fi

root="$tmp/root$prefix"
failures=0

expect () {
  if [ -s "$root/$1" ]; then
    echo "ok $1"
  else
    echo "MISSING $prefix/$1"
    failures=$((failures + 1))
  fi
}

expect bin/tix-server
expect share/man/man1/tix-server.1
expect lib/systemd/system/tix-server.service
expect share/glib-2.0/schemas/org.gnome.Tix.gschema.xml
expect share/locale/de/LC_MESSAGES/tix.mo
expect "share/applications/$app_id.desktop"
expect "share/metainfo/$app_id.metainfo.xml"
expect "share/icons/hicolor/scalable/apps/$app_id.svg"
expect "share/icons/hicolor/symbolic/apps/$app_id-symbolic.svg"
if [ "$with_app" = true ]; then
  expect bin/tix
  [ -x "$root/bin/tix" ] || { echo "bin/tix is not executable"; failures=$((failures + 1)); }
fi
[ -x "$root/bin/tix-server" ] || { echo "bin/tix-server is not executable"; failures=$((failures + 1)); }

# The unit runs the installed program, and the desktop file the icon it installs.
unit="$root/lib/systemd/system/tix-server.service"
if [ -f "$unit" ] && ! grep -q "^ExecStart=$prefix/bin/tix-server " "$unit"; then
  echo "tix-server.service does not run $prefix/bin/tix-server"
  failures=$((failures + 1))
fi
desktop="$root/share/applications/$app_id.desktop"
if [ -f "$desktop" ] && ! grep -q "^Icon=$app_id\$" "$desktop"; then
  echo "$app_id.desktop does not name the icon $app_id"
  failures=$((failures + 1))
fi
if [ -f "$desktop" ] && ! grep -q "^Comment\[de\]=" "$desktop"; then
  echo "$app_id.desktop has no German comment"
  failures=$((failures + 1))
fi

# Nothing outside the prefix.
outside=$(cd "$tmp/root" && find . -type f | grep -v "^\.$prefix/" || true)
if [ -n "$outside" ]; then
  echo "installed outside $prefix:"
  echo "$outside"
  failures=$((failures + 1))
fi

# The installed server runs.
if ! "$root/bin/tix-server" --version | grep -q '^tix-server '; then
  echo "the installed tix-server --version failed"
  failures=$((failures + 1))
fi

[ "$failures" -eq 0 ]
