#!/bin/sh
# with-postgres.sh CMD ARGS...: runs CMD with TIX_TEST_PG_URL pointing at a
# PostgreSQL server.
#
# When TIX_TEST_PG_URL is already set, CMD simply runs against that server.
# Otherwise a private, throwaway cluster is started for CMD alone (in a
# temporary folder, on 127.0.0.1 and a free port, its socket in that folder)
# and stopped and removed afterwards, also when CMD fails or is interrupted.
# It runs with fsync off (tests) unless TIX_PG_FSYNC=on (benchmarks).
# CMD gets a TMPDIR inside that folder, so that what a failed test leaves
# behind goes too. As root, PostgreSQL runs as the user "nobody" (it refuses
# to run as root). Exits with CMD's status.
set -eu

if [ $# -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGUMENT...]" >&2
  exit 2
fi

# TIX_TEST_WRAPPER (say, valgrind and its options) goes in front of CMD.
if [ -n "${TIX_TEST_PG_URL:-}" ]; then
  exec ${TIX_TEST_WRAPPER:-} "$@"
fi

# The newest installed PostgreSQL.
bindir=""
for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V); do
  if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
    bindir="$d"
  fi
done
if [ -z "$bindir" ]; then
  echo "with-postgres.sh: PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb)." >&2
  echo "Run scripts/install-deps.sh (it installs the packages postgresql and libpq-dev)," >&2
  echo "or set TIX_TEST_PG_URL to a server the tests may create databases on." >&2
  exit 1
fi

tmp=""
started=""

# Runs a PostgreSQL program, as "nobody" when we are root, from the
# temporary folder (nobody may not enter the current one).
as_pg () {
  if [ "$(id -u)" -eq 0 ]; then
    if command -v runuser >/dev/null 2>&1; then
      (cd "$tmp" && runuser -u nobody -- "$@")
    else
      (cd "$tmp" && setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@")
    fi
  else
    (cd "$tmp" && "$@")
  fi
}

cleanup () {
  if [ -n "$started" ]; then
    as_pg "$bindir/pg_ctl" -D "$tmp/data" -m immediate -s stop >/dev/null 2>&1 || true
    started=""
  fi
  if [ -n "$tmp" ]; then
    rm -rf "$tmp"
    tmp=""
  fi
}

trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tix-pg-XXXXXX")
if [ "$(id -u)" -eq 0 ]; then
  chown nobody "$tmp"
fi
mkdir -p "$tmp/socket"
[ "$(id -u)" -ne 0 ] || chown nobody "$tmp/socket"

if ! as_pg "$bindir/initdb" -D "$tmp/data" -A trust -U tix --no-sync -E UTF8 --locale=C \
       >"$tmp/initdb.log" 2>&1; then
  echo "with-postgres.sh: initdb failed:" >&2
  cat "$tmp/initdb.log" >&2
  exit 1
fi

# A random port in 20000-59999; another one if it is taken.
port=""
for attempt in 1 2 3 4 5 6 7 8; do
  n=$(od -An -N2 -tu2 /dev/urandom | tr -d ' \n')
  candidate=$((20000 + n % 40000))
  if as_pg "$bindir/pg_ctl" -D "$tmp/data" -l "$tmp/postgres.log" -w -s \
       -o "-c listen_addresses=127.0.0.1 -p $candidate -k $tmp/socket -c fsync=${TIX_PG_FSYNC:-off} -c max_connections=200" \
       start >/dev/null 2>&1; then
    port=$candidate
    started=yes
    break
  fi
done
if [ -z "$port" ]; then
  echo "with-postgres.sh: PostgreSQL did not start:" >&2
  cat "$tmp/postgres.log" >&2 2>/dev/null || true
  exit 1
fi

TIX_TEST_PG_URL="postgresql://tix@127.0.0.1:$port/postgres"
export TIX_TEST_PG_URL
mkdir "$tmp/tmp"
TMPDIR="$tmp/tmp"
export TMPDIR

status=0
${TIX_TEST_WRAPPER:-} "$@" || status=$?
exit "$status"
