#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# tix-bench-sync over a link of a given speed, as a door station on the
# venue's network meets it: the server and the bench in two network
# namespaces joined by a veth pair shaped with tc (tbf). Loopback has no
# speed of its own: there, the CPU that compression costs is all one sees.
#
#   sudo sh bench/tix-bench-sync-link.sh [RATE [TICKETS]]   (default 100mbit, 1,000,000)
#
# Needs root (ip netns, tc). Leaves nothing behind.
set -eu

RATE=${1:-100mbit}
TICKETS=${2:-1000000}
BUILD=${BUILD:-build}
HERE=$(cd "$(dirname "$0")/.." && pwd)
SERVER="$HERE/$BUILD/src/tix-server"
BENCH="$HERE/$BUILD/bench/tix-bench-sync"
NS_CLIENT=tix-bench-client-$$
NS_SERVER=tix-bench-server-$$
WRAPPER=$(mktemp)

cleanup ()
{
  ip netns del "$NS_CLIENT" 2>/dev/null || true
  ip netns del "$NS_SERVER" 2>/dev/null || true
  rm -f "$WRAPPER"
}
trap cleanup EXIT INT TERM

if [ "$(id -u)" != 0 ]; then
  echo "tix-bench-sync-link.sh needs root (ip netns, tc)" >&2
  exit 1
fi

ip netns add "$NS_CLIENT"
ip netns add "$NS_SERVER"
ip link add tixb-c$$ netns "$NS_CLIENT" type veth peer name tixb-s$$ netns "$NS_SERVER"
ip -n "$NS_CLIENT" addr add 10.77.0.1/24 dev tixb-c$$
ip -n "$NS_SERVER" addr add 10.77.0.2/24 dev tixb-s$$
for ns in "$NS_CLIENT" "$NS_SERVER"; do
  ip -n "$ns" link set lo up
done
ip -n "$NS_CLIENT" link set tixb-c$$ up
ip -n "$NS_SERVER" link set tixb-s$$ up
# Both ways: the answers (server to client) are what counts.
ip netns exec "$NS_SERVER" tc qdisc add dev tixb-s$$ root tbf rate "$RATE" burst 256kb latency 50ms
ip netns exec "$NS_CLIENT" tc qdisc add dev tixb-c$$ root tbf rate "$RATE" burst 256kb latency 50ms

printf '#!/bin/sh\nexec ip netns exec %s %s "$@"\n' "$NS_SERVER" "$SERVER" > "$WRAPPER"
chmod +x "$WRAPPER"

echo "link: $RATE (tc tbf on a veth pair between two network namespaces)"
ip netns exec "$NS_CLIENT" env TIX_BENCH_ADDRESS=10.77.0.2 "$BENCH" "$WRAPPER" "$TICKETS"
