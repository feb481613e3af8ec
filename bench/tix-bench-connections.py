#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""tix-bench-connections.py TIX-SERVER [N]: what N connections closed by their
clients leave behind in tix-server (default 100,000), and whether a server with
256 file descriptors still answers after 1,000 of them. Prints the figures of
docs/benchmarks.md."""

import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tests',
                                'server'))
from tix_server_process import Server, keepalive_then_close  # noqa: E402

executable = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 100000

server = Server(executable)
try:
    fds, rss = server.fds(), server.rss_kib()
    peak = fds
    start = time.monotonic()
    for done in range(0, n, 1000):
        keepalive_then_close(server, min(1000, n - done))
        peak = max(peak, server.fds())
    seconds = time.monotonic() - start
    time.sleep(2)
    print('connections: %d client-closed keep-alive connections in %.1f s (%.0f/s)'
          % (n, seconds, n / seconds))
    print('connections: descriptors %d before, at most %d during, %d after; RSS %.1f -> %.1f MiB'
          % (fds, peak, server.fds(), rss / 1024, server.rss_kib() / 1024))
finally:
    server.stop()

server = Server(executable, nofile=256)
try:
    keepalive_then_close(server, 1000)
    print('connections: under a limit of 256 descriptors, /health after 1,000 of them: %d'
          % server.get('/health')[0])
finally:
    server.stop()
